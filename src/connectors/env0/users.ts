/**
 * @module
 * env0 organization members and organization API keys, both as `user` resources: members are
 * HUMAN accounts under their Auth0 user id, keys are SERVICE accounts under `api-key:<id>` so the
 * two id spaces can never collide (Auth0 ids read `provider|id`, so none starts with `api-key:`).
 * The members come first, then the API keys (core's pageOfParts). The members list is one
 * unpaged array: it is read once into compact records and handed to the engine in slices, each
 * mapped only when its page is asked for, so neither the whole list as resources nor one write of
 * every member is ever held; the records are let go with the last slice.
 */
import {
  newUserResource,
  pageOfList,
  pageOfParts,
  type JsonObject,
  type Page,
  type Resource,
  type ResourceSyncer,
  type SyncContext,
} from "../../core/kit.ts";
import type { Env0Api, Env0ApiKey, Env0Member, Env0User } from "./client.ts";
import { userType } from "./resource-types.ts";

const API_KEY_PREFIX = "api-key:";

/** The `user` resource id of a member: env0's own user id, unchanged. */
export function memberResourceId(userId: string): string {
  return userId;
}

/** The `user` resource id of an API key: its internal `id` (the one teams list) behind a prefix. */
export function apiKeyResourceId(keyId: string): string {
  return `${API_KEY_PREFIX}${keyId}`;
}

/** An ISO-8601 text as a Date; absent, null or unreadable gives undefined rather than a wrong date. */
export function parseTime(text: string | null | undefined): Date | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function compact(fields: Record<string, string | boolean | undefined | null>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined && value !== null && value !== "") out[key] = value;
  return out;
}

/**
 * A member. "Active" is enabled; "Invited" is a pending invite (disabled, so no review mistakes it
 * for access); any other status is unconfirmed (env0.md) and treated as not active.
 */
export function toMemberResource(member: Env0Member): Resource {
  const { user } = member;
  const email = user.email ?? "";
  const active = member.status === "Active";
  const invited = member.status === "Invited";
  const structuredName = compact({ givenName: user.given_name, familyName: user.family_name });
  return newUserResource(userType, memberResourceId(user.user_id), user.name || email || user.user_id, {
    emails: email === "" ? [] : [email],
    accountType: "human",
    // ASSUMPTION: people sign in to env0 with their email; Auth0's user_id is not something they type.
    login: email || undefined,
    status: active ? "enabled" : "disabled",
    statusDetails: active
      ? undefined
      : invited
        ? "pending invite: invited to the env0 organization, not yet accepted"
        : `env0 status "${member.status}" is not Active`,
    statusReason: active ? undefined : invited ? "pending_invite" : "status_unknown",
    lastLogin: parseTime(user.last_login),
    createdAt: parseTime(user.created_at),
    ...(Object.keys(structuredName).length > 0 ? { structuredName } : {}),
    profile: compact({ userId: user.user_id, role: member.role, status: member.status, accountType: "member" }),
  });
}

/**
 * The member with only the fields {@link toMemberResource} reads: what the listing holds between
 * reading the list and handing out its last slice. A real env0 member carries much more (Auth0's
 * identities, metadata, picture), none of which reaches the file.
 */
export function compactMember(member: Env0Member): Env0Member {
  const { user } = member;
  const kept: Env0User = { user_id: user.user_id };
  if (user.email !== undefined) kept.email = user.email;
  if (user.name !== undefined) kept.name = user.name;
  if (user.given_name !== undefined) kept.given_name = user.given_name;
  if (user.family_name !== undefined) kept.family_name = user.family_name;
  if (user.created_at !== undefined) kept.created_at = user.created_at;
  if (user.last_login !== undefined) kept.last_login = user.last_login;
  return { user: kept, role: member.role, status: member.status };
}

/**
 * An organization API key: a service account named after the key, its public key id as login
 * and its last use as last sign-in. Only the fields below are read, so a secret never travels on.
 */
export function toApiKeyResource(key: Env0ApiKey): Resource {
  return newUserResource(userType, apiKeyResourceId(key.id), key.name || key.id, {
    accountType: "service",
    ...(key.apiKeyId ? { login: key.apiKeyId } : {}),
    status: "enabled",
    lastLogin: parseTime(key.lastUsedAt),
    createdAt: parseTime(key.createdAt),
    description: "env0 organization API key",
    profile: compact({
      apiKeyId: key.apiKeyId,
      keyId: key.id,
      role: key.organizationRole,
      accountType: "api-key",
      createdBy: key.createdBy,
      createdByEmail: key.createdByUser?.email,
    }),
  });
}

export function usersSyncer(client: Pick<Env0Api, "listMembers" | "listApiKeys">): ResourceSyncer {
  // The members from the listing's first slice to its last. A first slice always reads anew, so
  // a listing started again never serves an earlier read; a failed read, or a resume in a new
  // process, reads again and the token says where in the list to go on.
  let held: Promise<Env0Member[]> | undefined;
  const membersPage = async (ctx: SyncContext, token: string | undefined): Promise<Page<Resource>> => {
    if (token === undefined) held = undefined;
    const reading = (held ??= client.listMembers({ map: compactMember, signal: ctx.signal }));
    let members: Env0Member[];
    try {
      members = await reading;
    } catch (error) {
      if (held === reading) held = undefined;
      throw error;
    }
    const page = pageOfList(members, token, ctx, { what: "members", select: toMemberResource });
    if (page.nextPageToken === undefined && held === reading) held = undefined;
    return page;
  };
  return {
    resourceType: userType,
    async list(ctx, { pageToken }): Promise<Page<Resource>> {
      const parts = [
        (token: string | undefined) => membersPage(ctx, token),
        async () => (await client.listApiKeys({ signal: ctx.signal })).map(toApiKeyResource),
      ];
      return pageOfParts(parts, pageToken, ctx, "users");
    },
    // Users hold access; they grant none (the type carries Baton's SkipEntitlementsAndGrants).
    entitlements: () => Promise.resolve({ items: [] }),
    grants: () => Promise.resolve({ items: [] }),
  };
}
