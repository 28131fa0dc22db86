/**
 * @module
 * Every resource type the Codefresh connector emits, in walk order.
 */
import { defineResourceType } from "../../core/kit.ts";

/** Members of the account, pending invites included, and its service accounts. They hold access; nothing is granted on them. */
export const userType = defineResourceType({
  id: "user",
  displayName: "User",
  traits: ["user"],
  description: "A member of the Codefresh account, someone invited to it, or one of its service accounts",
  skipEntitlements: true,
  skipGrants: true,
});

/** The two account roles, Admin and User, each with an `assigned` entitlement. */
export const roleType = defineResourceType({
  id: "role",
  displayName: "Role",
  traits: ["role"],
  description: "An account role: Admin or User",
});

/** The account's teams, the built-in `users` and `admins` included, each with a `member` entitlement. */
export const teamType = defineResourceType({
  id: "team",
  displayName: "Team",
  traits: ["group"],
  description: "A team of the Codefresh account",
});

export const RESOURCE_TYPES = [userType, roleType, teamType] as const;
