/**
 * @module
 * Every resource type the env0 connector syncs, in walk order.
 */
import { defineResourceType } from "../../core/kit.ts";

/** Organization members (HUMAN) and organization API keys (SERVICE), in one type. */
export const userType = defineResourceType({
  id: "user",
  displayName: "User",
  traits: ["user"],
  description: "env0 organization members and organization API keys",
  skipEntitlements: true,
  skipGrants: true,
});

/** The built-in Admin and User roles and every custom role. */
export const roleType = defineResourceType({
  id: "role",
  displayName: "Role",
  traits: ["role"],
  description: "env0 organization roles: the built-in Admin and User, and custom roles",
});

export const teamType = defineResourceType({
  id: "team",
  displayName: "Team",
  traits: ["group"],
  description: "env0 teams",
});

/**
 * Projects and sub-projects; a sub-project is a child resource of its parent. No trait: Baton has
 * none for a container of environments, and what a reviewer asks of one is who holds its roles.
 */
export const projectType = defineResourceType({
  id: "project",
  displayName: "Project",
  description: "env0 projects and sub-projects, with who holds each project role",
});

export const RESOURCE_TYPES = [userType, roleType, teamType, projectType] as const;
