/**
 * @module
 * Clockify's workspace roles (shared/apis/clockify.md, "Roles"): a fixed list, so listing them
 * costs no request. Each has one entitlement, `assigned`.
 *
 * The grants of these entitlements are emitted by the users syncer (users.ts), not here: every
 * member's roles arrive with the member listing (`include-roles=true`) and are kept in the user's
 * profile, so the users' grants call derives them with no request at all. Listing holders per
 * role here would cost a second walk of the members, or the `users/info` role filter, which
 * counts owners as admins and would need a per-user check anyway.
 */
import { newEntitlement, newGrant, newRoleResource, type Entitlement, type Grant, type Resource, type ResourceSyncer } from "../../core/index.ts";
import { roleType, userType } from "./resource-types.ts";

/** Role values under `include-roles=true`; a member without any is a regular member. */
export const ROLE_NAMES = ["OWNER", "WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const ROLE_SLUG = "assigned";

const ROLE_TEXT: Record<RoleName, { displayName: string; description: string }> = {
  OWNER: { displayName: "Owner", description: "Owns the workspace: every admin right, plus its subscription and deletion" },
  WORKSPACE_ADMIN: { displayName: "Workspace admin", description: "Administers the workspace: members, groups, projects, settings and everyone's time" },
  TEAM_MANAGER: { displayName: "Team manager", description: "Sees and manages the time of the members they manage" },
  PROJECT_MANAGER: { displayName: "Project manager", description: "Manages the projects they are assigned to" },
};

export function isRoleName(value: unknown): value is RoleName {
  return typeof value === "string" && (ROLE_NAMES as readonly string[]).includes(value);
}

/** The role resource; its id is Clockify's own role name, e.g. `role:WORKSPACE_ADMIN`. */
export function toRoleResource(role: RoleName): Resource {
  const text = ROLE_TEXT[role];
  return newRoleResource(roleType, role, text.displayName, { description: text.description, profile: { clockifyRole: role } });
}

export function toRoleEntitlement(role: Resource): Entitlement {
  return newEntitlement(role, ROLE_SLUG, {
    displayName: `${role.displayName} role`,
    description: `Holds the ${role.displayName} role in the Clockify workspace`,
    grantableTo: [userType],
  });
}

/** `userId` holds `role`: `role:<ROLE>:assigned:user:<userId>`. */
export function roleGrant(role: RoleName, userId: string): Grant {
  return newGrant(toRoleResource(role), ROLE_SLUG, { resourceType: userType.id, resource: userId });
}

export const rolesSyncer: ResourceSyncer = {
  resourceType: roleType,
  list: () => Promise.resolve({ items: ROLE_NAMES.map(toRoleResource) }),
  entitlements: (_ctx, role) => Promise.resolve({ items: [toRoleEntitlement(role)] }),
  // See the module comment: users.ts emits these grants from each member's roles.
  grants: () => Promise.resolve({ items: [] }),
};
