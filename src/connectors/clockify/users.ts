/**
 * @module
 * Workspace members (shared/apis/clockify.md, "User object"), listed in passes by account status
 * (paging.ts) with their memberships and roles; the mapper combines the membership and
 * account statuses into Baton's user status, and the grants call turns the roles kept in each
 * user's profile into role grants (see roles.ts for why they are emitted here). Each page also
 * goes to the role census (roles.ts), from which the roles listing learns which role values exist.
 */
import {
  newUserResource,
  noEntitlements,
  type Grant,
  type JsonObject,
  type JsonValue,
  type Resource,
  type ResourceStatus,
  type ResourceSyncer,
  type StatusReason,
} from "../../core/kit.ts";
import type { ApiRoleEntity, ApiUser } from "./client.ts";
import { memberPage, type MembersSource } from "./paging.ts";
import { userType } from "./resource-types.ts";
import { roleGrant, roleValuesOf, type RoleCensus } from "./roles.ts";

/** The profile key holding the member's Clockify role values (an empty list for a regular member). */
export const ROLES_PROFILE_KEY = "workspaceRoles";
/** The profile key holding, per role, what it covers besides the workspace; absent when nothing. */
export const ROLE_ENTITIES_PROFILE_KEY = "roleEntities";

/** The status of the member's WORKSPACE membership of `workspaceId`; the API returns their memberships of every workspace. */
export function workspaceMembershipStatus(user: ApiUser, workspaceId: string): string | undefined {
  const membership = (user.memberships ?? []).find(
    (candidate) =>
      candidate.membershipType === "WORKSPACE" && candidate.targetId?.toLowerCase() === workspaceId.toLowerCase(),
  );
  return membership?.membershipStatus ?? undefined;
}

/** One entity as the grant keeps it: its id, its name when Clockify gives one, and through what it is held. */
function entityJson(entity: ApiRoleEntity): JsonObject | undefined {
  if (typeof entity?.id !== "string" || entity.id === "") return undefined;
  const out: JsonObject = { id: entity.id };
  if (typeof entity.name === "string" && entity.name !== "") out["name"] = entity.name;
  const source = entity.source;
  if (source && typeof source === "object" && (typeof source.id === "string" || typeof source.type === "string")) {
    out["source"] = {
      ...(typeof source.id === "string" ? { id: source.id } : {}),
      ...(typeof source.type === "string" ? { type: source.type } : {}),
    };
  }
  return out;
}

/**
 * Per role value, the entities it covers other than the workspace itself: the members or groups a
 * team manager manages, a project manager's projects (clockify-cli `api/dto/dto.go`, `RoleEntity`;
 * the OpenAPI's RoleRequestV1 names the targets of each role). Roles covering nothing else are left out.
 */
export function roleEntitiesOf(user: ApiUser, workspaceId: string): Record<string, JsonObject[]> {
  const byRole: Record<string, JsonObject[]> = {};
  for (const entry of user.roles ?? []) {
    const role = entry?.role;
    if (typeof role !== "string" || role === "") continue;
    const seen = new Set((byRole[role] ?? []).map((entity) => entity["id"]));
    for (const raw of entry.entities ?? []) {
      const entity = entityJson(raw);
      if (!entity || seen.has(entity["id"]) || (entity["id"] as string).toLowerCase() === workspaceId.toLowerCase())
        continue;
      seen.add(entity["id"]);
      (byRole[role] ??= []).push(entity);
    }
  }
  return byRole;
}

/**
 * Baton's status from the workspace membership and the account status. A deleted account wins
 * over any membership. Otherwise the membership decides: only ACTIVE is enabled; a PENDING one
 * is an invite not accepted yet, so it is disabled with "pending invite" in the details and the
 * reason `pending_invite` (DESIGN.md: no tool may mistake an invite for access).
 */
export function userStatus(
  membershipStatus: string | undefined,
  accountStatus: string | undefined,
): { status: ResourceStatus; details?: string; reason?: StatusReason } {
  if (accountStatus === "DELETED" || accountStatus === "LIMITED_DELETED") {
    return { status: "deleted", details: `Clockify account deleted (${accountStatus})`, reason: "account_deleted" };
  }
  const account = accountStatus === undefined ? "" : ` (account ${accountStatus})`;
  switch (membershipStatus) {
    case "ACTIVE":
      // ASSUMPTION: a LIMITED account is a member who cannot sign in; still an active member.
      return accountStatus === "LIMITED"
        ? { status: "enabled", details: "limited account (LIMITED)", reason: "limited_account" }
        : { status: "enabled" };
    case "PENDING":
      return { status: "disabled", details: `pending invite: not accepted yet${account}`, reason: "pending_invite" };
    case "DECLINED":
      return { status: "disabled", details: `invite declined${account}`, reason: "invite_declined" };
    case "INACTIVE":
      return { status: "disabled", details: `deactivated in the workspace${account}`, reason: "deactivated" };
    case undefined:
      return {
        status: "unspecified",
        details: "Clockify returned no membership of this workspace",
        reason: "status_unknown",
      };
    default:
      return {
        status: "unspecified",
        details: `unknown workspace membership status ${membershipStatus}`,
        reason: "status_unknown",
      };
  }
}

/** A member as a Baton user. The profile keeps Clockify's own names for the role and both statuses. */
export function toUserResource(user: ApiUser, workspaceId: string): Resource {
  const email = user.email?.trim() || undefined;
  const membershipStatus = workspaceMembershipStatus(user, workspaceId);
  const accountStatus = user.status ?? undefined;
  const { status, details, reason } = userStatus(membershipStatus, accountStatus);
  const entities = roleEntitiesOf(user, workspaceId);
  const profile: JsonObject = {
    [ROLES_PROFILE_KEY]: roleValuesOf(user),
    ...(Object.keys(entities).length === 0 ? {} : { [ROLE_ENTITIES_PROFILE_KEY]: entities }),
    ...(membershipStatus === undefined ? {} : { membershipStatus }),
    ...(accountStatus === undefined ? {} : { accountStatus }),
  };
  // Invitees who never registered carry their email as their name.
  return newUserResource(userType, user.id, user.name?.trim() || email || user.id, {
    emails: email === undefined ? [] : [email],
    login: email,
    status,
    statusDetails: details,
    statusReason: reason,
    accountType: "human",
    profile,
  });
}

/**
 * The role grants of a stored user, from the role values in its profile: every value, known or
 * not, has a role resource (roles.ts). What a role covers rides on its grant's metadata.
 */
export function roleGrantsOf(user: Resource): Grant[] {
  const profile = user.user?.profile ?? user.profile;
  const roles = profile?.[ROLES_PROFILE_KEY];
  if (!Array.isArray(roles)) return [];
  const entities = profile?.[ROLE_ENTITIES_PROFILE_KEY];
  const entitiesOf = (role: string): JsonObject[] | undefined => {
    const list: JsonValue | undefined =
      entities !== null && typeof entities === "object" && !Array.isArray(entities) ? entities[role] : undefined;
    return Array.isArray(list)
      ? list.filter(
          (entity): entity is JsonObject => entity !== null && typeof entity === "object" && !Array.isArray(entity),
        )
      : undefined;
  };
  return roles
    .filter((role): role is string => typeof role === "string" && role !== "")
    .map((role) => roleGrant(role, user.id.resource, entitiesOf(role)));
}

export function usersSyncer(
  source: MembersSource,
  workspaceId: string,
  pageSize: number,
  census: RoleCensus,
): ResourceSyncer {
  return {
    resourceType: userType,
    async list(ctx, { pageToken }) {
      // Before any await: a roles listing started next must find this walk (RoleCensus, roles.ts).
      census.pageRequested(pageToken);
      try {
        const page = await memberPage(source, pageToken, pageSize, ctx);
        census.pageListed(page.items, page.nextPageToken);
        return {
          items: page.items.map((user) => toUserResource(user, workspaceId)),
          nextPageToken: page.nextPageToken,
        };
      } catch (error) {
        census.pageFailed();
        throw error;
      }
    },
    entitlements: noEntitlements,
    grants: (_ctx, user) => Promise.resolve({ items: roleGrantsOf(user) }),
  };
}
