/**
 * @module
 * Runlayer's auth check (shared/apis/runlayer.md, "Auth"): the key arrives in `x-runlayer-api-key`
 * (what the CLI, hooks and plugins send) or as `Authorization: Bearer rl_…` (what the docs page
 * shows: docs.runlayer.com/platform-api, "All requests use a bearer token in the Authorization
 * header"); both are accepted unless the simulator is told to read the bearer form only, as an
 * instance that follows its docs to the letter might. A personal key acts as its user, limited
 * by that user's roles; an organization key acts as no user and cannot read users or roles.
 */

import { invalidApiKey, insufficientPermissions, notAuthenticated, orgKeyRefused } from "./errors.ts";
import type { RoleKey, RunlayerTenant, RunlayerUser } from "./tenant-types.ts";
import { tenantIndex } from "./tenant.ts";

/** `both` headers, or only `Authorization: Bearer` (then `x-runlayer-api-key` alone is no key at all). */
export type AcceptedAuth = "both" | "bearer";

export type Caller = { kind: "personal"; key: string; user: RunlayerUser } | { kind: "organization"; key: string };

/** The key a request presents, header first; the limiter counts by it too. */
export function presentedKey(request: Request, accepted: AcceptedAuth = "both"): string | undefined {
  const header = accepted === "both" ? request.headers.get("x-runlayer-api-key")?.trim() : undefined;
  if (header) return header;
  const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1];
}

/** The caller behind the request's key, or the 401 Runlayer answers. */
export function authenticate(
  request: Request,
  tenant: RunlayerTenant,
  accepted: AcceptedAuth = "both",
): Caller | Response {
  const key = presentedKey(request, accepted);
  if (key === undefined) return notAuthenticated();
  const entry = Object.hasOwn(tenant.apiKeys, key) ? tenant.apiKeys[key] : undefined;
  if (!entry) return invalidApiKey();
  if (entry.kind === "organization") return { kind: "organization", key };
  const user = tenantIndex(tenant).usersById.get(entry.userId);
  // A deactivated or deleted user's personal keys stop working (ASSUMPTION).
  if (!user || !user.is_active) return invalidApiKey();
  return { kind: "personal", key, user };
}

/** The caller's user, or the 403 an organization key gets on user endpoints. */
export function personalCaller(caller: Caller): RunlayerUser | Response {
  return caller.kind === "personal" ? caller.user : orgKeyRefused();
}

/** Whether the caller's roles carry `capability`; else Runlayer's 403. */
export function requireCapability(tenant: RunlayerTenant, caller: Caller, capability: string): Response | undefined {
  if (caller.kind === "organization") return orgKeyRefused();
  const held = tenantIndex(tenant).organizationRoles.get(caller.user.id) ?? new Set<RoleKey>();
  const allowed = tenant.roles.some((role) => held.has(role.key) && role.capabilities.includes(capability));
  return allowed ? undefined : insufficientPermissions(capability);
}
