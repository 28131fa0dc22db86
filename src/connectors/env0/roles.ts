/**
 * @module
 * env0 organization roles: the built-in Admin and User, every custom role `/roles` returns, and any
 * role id a member or key holds that `/roles` does not know (a deleted role, say) — named by its
 * id, with a warning, so its holders are not silently dropped. Each has an `assigned`
 * entitlement, granted to the members (page one) and API keys (page two) holding it.
 */
import {
  newEntitlement,
  newGrant,
  newRoleResource,
  pageOfParts,
  type Grant,
  type Page,
  type Resource,
  type ResourceSyncer,
} from "../../core/kit.ts";
import type { Env0Api, Env0Role } from "./client.ts";
import { roleType, userType } from "./resource-types.ts";
import { apiKeyResourceId, memberResourceId } from "./users.ts";

/**
 * Every organization has these; members and keys carry them by name (env0.md, "Custom role item").
 * Admin is the admin-grade one. Custom and unknown roles are left unmarked: env0 says of no
 * permission set that it makes a role admin-grade, so readers judge those by name.
 */
export const BUILTIN_ROLES: readonly { id: string; description: string; privileged: boolean }[] = [
  {
    id: "Admin",
    description: "env0 built-in organization role: manages the organization, its members, keys and settings",
    privileged: true,
  },
  {
    id: "User",
    description: "env0 built-in organization role: a regular member; project roles decide the rest",
    privileged: false,
  },
];

export function toBuiltinRoleResource(role: (typeof BUILTIN_ROLES)[number]): Resource {
  return newRoleResource(roleType, role.id, role.id, {
    description: role.description,
    privileged: role.privileged,
    profile: { builtIn: true },
  });
}

export function toCustomRoleResource(role: Env0Role): Resource {
  return newRoleResource(roleType, role.id, role.name, {
    description: "env0 custom organization role",
    profile: { builtIn: false, permissions: [...(role.permissions ?? [])], isDefaultRole: role.isDefaultRole === true },
  });
}

/** A role id that members or keys hold but `/roles` does not return. */
export function toUnknownRoleResource(roleId: string): Resource {
  return newRoleResource(roleType, roleId, roleId, {
    description:
      "env0 role id held by members or API keys but not returned by /roles (deleted, or not visible to this key)",
    profile: { builtIn: false, unknown: true },
  });
}

export function rolesSyncer(client: Pick<Env0Api, "listRoles" | "listMemberRoles" | "listApiKeys">): ResourceSyncer {
  return {
    resourceType: roleType,
    async list(ctx): Promise<Page<Resource>> {
      const [custom, memberRoles, keys] = await Promise.all([
        client.listRoles({ signal: ctx.signal }),
        client.listMemberRoles({ signal: ctx.signal }),
        client.listApiKeys({ signal: ctx.signal }),
      ]);
      const known = new Set([...BUILTIN_ROLES.map((role) => role.id), ...custom.map((role) => role.id)]);
      // Unknown roles in the order members, then keys, first show them, each with its holders.
      const unknown = new Map<string, number>();
      for (const role of memberRoles.roles())
        if (!known.has(role)) unknown.set(role, memberRoles.holdersOf(role).length);
      for (const { organizationRole: role } of keys)
        if (!known.has(role)) unknown.set(role, (unknown.get(role) ?? 0) + 1);
      for (const [roleId, holders] of unknown) {
        ctx.logger.warn("a role id held in env0 is not among the organization's roles; syncing it named by its id", {
          roleId,
          holders,
        });
      }
      return {
        items: [
          ...BUILTIN_ROLES.map(toBuiltinRoleResource),
          ...custom.map(toCustomRoleResource),
          ...[...unknown.keys()].map(toUnknownRoleResource),
        ],
      };
    },
    entitlements(_ctx, resource) {
      return Promise.resolve({
        items: [
          newEntitlement(resource, "assigned", {
            displayName: `${resource.displayName} role`,
            description: `Holds the env0 organization role ${resource.displayName}`,
            grantableTo: [userType],
          }),
        ],
      });
    },
    async grants(ctx, resource, pageToken): Promise<Page<Grant>> {
      const roleId = resource.id.resource;
      const principal = (id: string) => ({ resourceType: userType.id, resource: id });
      // Members on the first page, API keys on the second, as the users listing has them.
      const parts = [
        async () =>
          (await client.listMemberRoles({ signal: ctx.signal }))
            .holdersOf(roleId)
            .map((userId) => newGrant(resource, "assigned", principal(memberResourceId(userId)))),
        async () =>
          (await client.listApiKeys({ signal: ctx.signal }))
            .filter((key) => key.organizationRole === roleId)
            .map((key) => newGrant(resource, "assigned", principal(apiKeyResourceId(key.id)))),
      ];
      return pageOfParts(parts, pageToken, ctx, `grants of role ${roleId}`);
    },
  };
}
