/**
 * @module
 * Workspace members (shared/apis/clockify.md, "User object"). One listing returns everyone,
 * whatever their membership or account status, with their memberships and roles; the mapper
 * combines the two statuses into Baton's user status, and the grants call turns the roles kept
 * in each user's profile into role grants (see roles.ts for why they are emitted here).
 */
import { newUserResource, type Grant, type JsonObject, type Resource, type ResourceStatus, type ResourceSyncer } from "../../core/index.ts";
import type { ApiUser, ListPage } from "./client.ts";
import { cursorFromToken, nextToken } from "./paging.ts";
import { userType } from "./resource-types.ts";
import { isRoleName, roleGrant } from "./roles.ts";

/** What the users syncer needs of the API. */
export interface UsersSource {
  usersPage(page: number, pageSize: number, signal?: AbortSignal): Promise<ListPage<ApiUser>>;
}

/** The profile key holding the member's Clockify role names (an empty list for a regular member). */
export const ROLES_PROFILE_KEY = "workspaceRoles";

/** The status of the member's WORKSPACE membership of `workspaceId`; the API returns their memberships of every workspace. */
export function workspaceMembershipStatus(user: ApiUser, workspaceId: string): string | undefined {
  const membership = (user.memberships ?? []).find(
    (candidate) => candidate.membershipType === "WORKSPACE" && candidate.targetId?.toLowerCase() === workspaceId.toLowerCase(),
  );
  return membership?.membershipStatus ?? undefined;
}

/** Role names as Clockify sends them, each once, in the API's order. */
export function roleNamesOf(user: ApiUser): string[] {
  const names = (user.roles ?? []).map((entry) => entry?.role).filter((role): role is string => typeof role === "string" && role !== "");
  return [...new Set(names)];
}

/**
 * Baton's status from the workspace membership and the account status. A deleted account wins
 * over any membership. Otherwise the membership decides: only ACTIVE is enabled; a PENDING one
 * is an invite not accepted yet, so it is disabled with "pending invite" in the details
 * (DESIGN.md: no tool may mistake an invite for access).
 */
export function userStatus(membershipStatus: string | undefined, accountStatus: string | undefined): { status: ResourceStatus; details?: string } {
  if (accountStatus === "DELETED" || accountStatus === "LIMITED_DELETED") {
    return { status: "deleted", details: `Clockify account deleted (${accountStatus})` };
  }
  const account = accountStatus === undefined ? "" : ` (account ${accountStatus})`;
  switch (membershipStatus) {
    case "ACTIVE":
      // ASSUMPTION: a LIMITED account is a member who cannot sign in; still an active member.
      return accountStatus === "LIMITED" ? { status: "enabled", details: "limited account (LIMITED)" } : { status: "enabled" };
    case "PENDING":
      return { status: "disabled", details: `pending invite: not accepted yet${account}` };
    case "DECLINED":
      return { status: "disabled", details: `invite declined${account}` };
    case "INACTIVE":
      return { status: "disabled", details: `deactivated in the workspace${account}` };
    case undefined:
      return { status: "unspecified", details: "Clockify returned no membership of this workspace" };
    default:
      return { status: "unspecified", details: `unknown workspace membership status ${membershipStatus}` };
  }
}

/** A member as a Baton user. The profile keeps Clockify's own names for the role and both statuses. */
export function toUserResource(user: ApiUser, workspaceId: string): Resource {
  const email = user.email?.trim() || undefined;
  const membershipStatus = workspaceMembershipStatus(user, workspaceId);
  const accountStatus = user.status ?? undefined;
  const { status, details } = userStatus(membershipStatus, accountStatus);
  const profile: JsonObject = {
    [ROLES_PROFILE_KEY]: roleNamesOf(user),
    ...(membershipStatus === undefined ? {} : { membershipStatus }),
    ...(accountStatus === undefined ? {} : { accountStatus }),
  };
  // Invitees who never registered carry their email as their name.
  return newUserResource(userType, user.id, user.name?.trim() || email || user.id, {
    emails: email === undefined ? [] : [email],
    ...(email === undefined ? {} : { login: email }),
    status,
    ...(details === undefined ? {} : { statusDetails: details }),
    accountType: "human",
    profile,
  });
}

/** The role grants of a stored user, from the role names in its profile. Unknown role names have no role resource to point at. */
export function roleGrantsOf(user: Resource): Grant[] {
  const roles = (user.user?.profile ?? user.profile)?.[ROLES_PROFILE_KEY];
  if (!Array.isArray(roles)) return [];
  return roles.filter(isRoleName).map((role) => roleGrant(role, user.id.resource));
}

export function usersSyncer(source: UsersSource, workspaceId: string, pageSize: number): ResourceSyncer {
  return {
    resourceType: userType,
    async list(ctx, { pageToken }) {
      const cursor = cursorFromToken(pageToken);
      const result = await source.usersPage(cursor.page, pageSize, ctx.signal);
      const next = nextToken(cursor, result, "members");
      const items = result.items.map((user) => toUserResource(user, workspaceId));
      // A role added to Clockify after this was written: kept in the profile, but with no role resource to grant.
      const unknown = new Set(result.items.flatMap(roleNamesOf).filter((role) => !isRoleName(role)));
      if (unknown.size > 0) ctx.logger.warn("members hold Clockify roles idsync does not know; no grants emitted for them", { roles: [...unknown], page: cursor.page });
      return { items, nextPageToken: next };
    },
    entitlements: () => Promise.resolve({ items: [] }),
    grants: (_ctx, user) => Promise.resolve({ items: roleGrantsOf(user) }),
  };
}
