/**
 * @module
 * Codefresh's auth check: the raw API key in `Authorization`, no `Bearer ` prefix
 * (shared/apis/codefresh.md, "Auth"). A key belongs to one user, and acts on that user's active
 * account only.
 */

import { restrictedForUnusualActivity, unauthorized } from "./errors.ts";
import { accountsByName } from "./state.ts";
import type { CodefreshAccount, CodefreshApiKey, CodefreshTenant, CodefreshUser } from "./tenant-types.ts";

export interface Caller {
  key: CodefreshApiKey;
  user: CodefreshUser;
  /** The account named by the user's `activeAccountName`, when it exists and they belong to it. */
  account: CodefreshAccount | undefined;
}

/** The caller behind the request's key, or the 401 (unknown key) or 403 (key restricted) Codefresh answers. */
export function authenticate(request: Request, tenant: CodefreshTenant): Caller | Response {
  // Exactly the key: "Bearer <key>" is an unknown key, and two headers fold into "a, b", unknown too.
  const presented = request.headers.get("authorization");
  const key = presented !== null && Object.hasOwn(tenant.keys, presented) ? tenant.keys[presented] : undefined;
  const user = key && tenant.users.get(key.userId);
  if (!key || !user) return unauthorized();
  if (key.blocked) return restrictedForUnusualActivity();
  const account = accountsByName(tenant)
    .get(user.activeAccountName)
    ?.find((candidate) => candidate.memberIds.has(user.id))?.account;
  return { key, user, account };
}
