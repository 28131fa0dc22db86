/**
 * @module
 * `user`: the members of the account (`GET /accounts/{id}/users`), pending invites included, and
 * its service accounts (`GET /service-users`, account type service), served to the engine in pages
 * of the list the directory holds.
 */
import {
  dropUndefined,
  newUserResource,
  pageOfList,
  type JsonObject,
  type Resource,
  type ResourceStatus,
  type ResourceSyncer,
  type StatusReason,
} from "../../core/kit.ts";
import type { AccountSource } from "./account.ts";
import type { MemberRecord } from "./client.ts";
import { userType } from "./resource-types.ts";

/** Codefresh's `status` of an invite not yet accepted (codefresh.md, "`GET /accounts/{accountId}/users`"). */
export const PENDING_STATUS = "pending";

/**
 * A member's status: a pending invite is disabled, with details and reason saying so, so that no review
 * mistakes an unaccepted invite for working access. `new` and any other value are enabled (the
 * sheet: "treat any other value as active unless it is known otherwise").
 */
export function userStatus(codefreshStatus: string): {
  status: ResourceStatus;
  details?: string;
  reason?: StatusReason;
} {
  if (codefreshStatus === PENDING_STATUS)
    return {
      status: "disabled",
      details: "pending invite: invited to the account, not yet accepted",
      reason: "pending_invite",
    };
  return { status: "enabled" };
}

function parseDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A service account: account type service, named by its user name, with its admin role and teams
 * in the profile (the grants carry them too). Codefresh gives it no status: it is enabled.
 */
function toServiceAccountResource(member: MemberRecord, service: NonNullable<MemberRecord["service"]>): Resource {
  return newUserResource(userType, member.id, member.userName || member.id, {
    accountType: "service",
    description: "A Codefresh service account of the account",
    login: member.userName || undefined,
    profile: {
      userName: member.userName,
      serviceAccount: true,
      adminRole: service.admin,
      teamIds: [...service.teamIds],
    },
  });
}

/** The user resource of one member or service account. Never carries the invite link: the record does not hold it. */
export function toUserResource(member: MemberRecord): Resource {
  if (member.service !== undefined) return toServiceAccountResource(member, member.service);
  const fullName = [member.firstName, member.lastName].filter((part) => part !== undefined).join(" ");
  const { status, details, reason } = userStatus(member.status);
  const profile: JsonObject = { userName: member.userName, email: member.email, status: member.status };
  if (member.firstName !== undefined) profile["firstName"] = member.firstName;
  if (member.lastName !== undefined) profile["lastName"] = member.lastName;
  const createdAt = parseDate(member.registeredAt);
  return newUserResource(userType, member.id, fullName || member.userName || member.email || member.id, {
    emails: member.email === "" ? [] : [member.email],
    status,
    statusDetails: details,
    statusReason: reason,
    login: member.userName || undefined,
    profile,
    structuredName:
      member.firstName === undefined && member.lastName === undefined
        ? undefined
        : dropUndefined({ givenName: member.firstName, familyName: member.lastName }),
    ...(member.sso ? { ssoEnabled: true } : {}),
    createdAt,
  });
}

export function usersSyncer(source: AccountSource): ResourceSyncer {
  return {
    resourceType: userType,
    async list(ctx, { pageToken }) {
      const members = await source.members(ctx);
      return pageOfList(members.all, pageToken, ctx, { what: "users", select: toUserResource });
    },
    // The type skips both (resource-types.ts); the engine does not call these.
    entitlements: () => Promise.resolve({ items: [] }),
    grants: () => Promise.resolve({ items: [] }),
  };
}
