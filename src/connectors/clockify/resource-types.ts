/**
 * @module
 * Every resource type the Clockify connector emits, in walk order (STYLE.md habit 1).
 */
import { defineResourceType } from "../../core/kit.ts";

export const userType = defineResourceType({
  id: "user",
  displayName: "User",
  traits: ["user"],
  description: "A member of the Clockify workspace, whatever the state of their membership or account",
});

export const groupType = defineResourceType({
  id: "group",
  displayName: "User group",
  traits: ["group"],
  description: "A Clockify user group of the workspace, with its members and team managers",
});

export const roleType = defineResourceType({
  id: "role",
  displayName: "Role",
  traits: ["role"],
  description:
    "A Clockify workspace role: owner, workspace admin, team manager, project manager, or one idsync does not recognise",
});

export const RESOURCE_TYPES = [userType, groupType, roleType] as const;
