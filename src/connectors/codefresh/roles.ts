/**
 * @module
 * `role`: the account's two roles. A member is Admin exactly when the account's `admins` list (from
 * `GET /user`) holds their id, and User otherwise (codefresh.md, "How account roles are
 * expressed"); the per-user `roles` array is a platform role and is not read. A service account is
 * Admin when its own `roles` hold `"Admin"` (terraform-provider-codefresh
 * `codefresh/cfclient/service_user.go`, `HasAdminRole`), or the admins list holds it.
 */
import {
  newEntitlement,
  newGrant,
  newRoleResource,
  pageOfList,
  type Resource,
  type ResourceSyncer,
} from "../../core/kit.ts";
import type { AccountSource, ActiveAccount } from "./account.ts";
import type { MemberRecord } from "./client.ts";
import { roleType, userType } from "./resource-types.ts";

export const ASSIGNED = "assigned";

export interface AccountRole {
  id: "admin" | "user";
  displayName: string;
  /** Admin-grade: the account's Admin role is; User is every member who is not an Admin (codefresh.md, "How account roles are expressed"). */
  privileged: boolean;
  /** Whether a member holds this role, given the account's admins. */
  holds(member: MemberRecord, account: ActiveAccount): boolean;
}

/** Whether a member or service account is an Admin of the account. */
export function isAdmin(member: MemberRecord, account: ActiveAccount): boolean {
  return account.admins.has(member.id) || member.service?.admin === true;
}

export const ACCOUNT_ROLES: readonly AccountRole[] = [
  { id: "admin", displayName: "Admin", privileged: true, holds: isAdmin },
  { id: "user", displayName: "User", privileged: false, holds: (member, account) => !isAdmin(member, account) },
];

export function toRoleResource(role: AccountRole, account: ActiveAccount): Resource {
  return newRoleResource(roleType, role.id, role.displayName, {
    description: `${role.displayName} of the Codefresh account ${account.name}`,
    privileged: role.privileged,
    profile: { account: account.name, accountId: account.id },
  });
}

export function rolesSyncer(source: AccountSource): ResourceSyncer {
  return {
    resourceType: roleType,
    async list(ctx) {
      const account = await source.account(ctx);
      return { items: ACCOUNT_ROLES.map((role) => toRoleResource(role, account)) };
    },
    entitlements(_ctx, resource) {
      return Promise.resolve({
        items: [
          newEntitlement(resource, ASSIGNED, {
            displayName: `${resource.displayName} role`,
            description: `Holds the ${resource.displayName} role in the Codefresh account`,
            grantableTo: [userType],
          }),
        ],
      });
    },
    async grants(ctx, resource, pageToken) {
      const role = ACCOUNT_ROLES.find((candidate) => candidate.id === resource.id.resource);
      if (!role) return { items: [] };
      const [account, members] = await Promise.all([source.account(ctx), source.members(ctx)]);
      // Pages over the member list by position; a role's holders are a filter of it.
      return pageOfList(members.all, pageToken, ctx, {
        what: `grants of role ${role.id}`,
        select: (member) =>
          role.holds(member, account)
            ? newGrant(resource, ASSIGNED, { resourceType: userType.id, resource: member.id })
            : undefined,
      });
    },
  };
}
