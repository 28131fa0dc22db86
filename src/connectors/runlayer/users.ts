/**
 * @module
 * Runlayer users (ASSUMPTION: `GET /users`, shared/apis/runlayer.md "Proposed endpoints"): email,
 * name, active or not, last sign-in where given. Roles are synced from the roles' side (roles.ts).
 */
import {
  newUserResource,
  skipLimitPage,
  type JsonObject,
  type Page,
  type Resource,
  type ResourceSyncer,
} from "../../core/kit.ts";
import type { ApiUser, PageSource } from "./client.ts";
import { runlayerListing } from "./paging.ts";
import { userType } from "./resource-types.ts";

/** What the users syncer needs of the API. */
export interface UsersApi {
  listUsers: PageSource<ApiUser>;
}

/** A date the API sent, or undefined when it sent none or something unreadable. */
export function parseApiDate(value: string | null | undefined): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * One user. `is_active: false` is a disabled user; the sheet knows no invite or pending state
 * ("Nothing is known about invite or pending states"), so none is reported. A user who never
 * signed in has no last login, and `last_login_at: null` in the profile says so.
 */
export function toUserResource(user: ApiUser): Resource {
  const id = String(user.id ?? "");
  const email = typeof user.email === "string" ? user.email.trim() : "";
  const fullName = typeof user.full_name === "string" ? user.full_name.trim() : "";
  const lastLogin = parseApiDate(user.last_login_at);
  const createdAt = parseApiDate(user.created_at);
  const profile: JsonObject = { email, full_name: fullName };
  if (typeof user.is_active === "boolean") profile["is_active"] = user.is_active;
  if (user.last_login_at !== undefined) profile["last_login_at"] = lastLogin ? lastLogin.toISOString() : null;
  const status =
    user.is_active === true
      ? ({ status: "enabled" } as const)
      : user.is_active === false
        ? ({
            status: "disabled",
            statusDetails: "deactivated in Runlayer (is_active is false)",
            statusReason: "deactivated",
          } as const)
        : ({
            status: "unspecified",
            statusDetails: "Runlayer did not say whether this user is active",
            statusReason: "status_unknown",
          } as const);
  return newUserResource(userType, id, fullName || email || id, {
    emails: email ? [email] : [],
    ...status,
    ...(email ? { login: email } : {}),
    ...(lastLogin ? { lastLogin } : {}),
    ...(createdAt ? { createdAt } : {}),
    profile,
  });
}

/** `limit`: users asked per request. */
export function usersSyncer(api: UsersApi, limit: number): ResourceSyncer {
  const list = runlayerListing(
    (page) => api.listUsers(page),
    "users",
    limit,
    (user) => String(user.id),
  );
  return {
    resourceType: userType,
    async list(ctx, { pageToken }): Promise<Page<Resource>> {
      const page = await skipLimitPage(list, pageToken, ctx);
      return { ...page, items: page.items.map(toUserResource) };
    },
    // Nothing is granted on a user (the type skips both; these answer if asked anyway).
    entitlements: () => Promise.resolve({ items: [] }),
    grants: () => Promise.resolve({ items: [] }),
  };
}
