/**
 * @module
 * Every resource type the Runlayer connector syncs, in walk order.
 */
import { defineResourceType } from "../../core/kit.ts";

/** A person with an account on the instance. Users hold roles; nothing is granted on a user. */
export const userType = defineResourceType({
  id: "user",
  displayName: "User",
  traits: ["user"],
  description: "A Runlayer user",
  skipEntitlements: true,
  skipGrants: true,
});

/** An FGA role (Super Admin, Security Admin, …, Server Admin), with one `assigned` entitlement. */
export const roleType = defineResourceType({
  id: "role",
  displayName: "Role",
  traits: ["role"],
  description: "A Runlayer fine-grained-access (FGA) role; Server Admin is held per MCP server",
});

export const RESOURCE_TYPES = [userType, roleType] as const;
