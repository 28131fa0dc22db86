/**
 * @module
 * env0's auth check: HTTP Basic with the API key id as user name and the key secret as password
 * (shared/apis/env0.md, "Auth"). Then, per organization, what the caller may read.
 */

import { Buffer } from "node:buffer";

import { forbidden, unauthorized } from "./errors.ts";
import { env0Index } from "./state.ts";
import type { Env0ApiKey, Env0Organization, Env0PersonalKey, Env0Tenant } from "./tenant-types.ts";

/** Who a request authenticated as: a personal key (acts as its user) or an organization key. */
export type Caller = { kind: "personal"; key: Env0PersonalKey } | { kind: "organization"; key: Env0ApiKey };

function parseBasic(header: string | null): { id: string; secret: string } | undefined {
  const match = header === null ? null : /^Basic +([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon <= 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The caller behind the request's Basic credentials, or env0's 401. */
export function authenticate(request: Request, tenant: Env0Tenant): Caller | Response {
  const presented = parseBasic(request.headers.get("authorization"));
  if (!presented) return unauthorized();
  const index = env0Index(tenant);
  const personal = index.personalKeys.get(presented.id);
  if (personal) return personal.secret === presented.secret ? { kind: "personal", key: personal } : unauthorized();
  const key = index.organizationKeys.get(presented.id);
  if (key) return key.secret === presented.secret ? { kind: "organization", key } : unauthorized();
  return unauthorized();
}

/** The caller's organization role there, or undefined when the organization is not theirs. */
export function roleIn(tenant: Env0Tenant, caller: Caller, organization: Env0Organization): string | undefined {
  if (caller.kind === "organization")
    return caller.key.organizationId === organization.id ? caller.key.organizationRole : undefined;
  const member = env0Index(tenant).organizations.get(organization.id)?.members.get(caller.key.userId);
  return member?.status === "Active" ? member.role : undefined;
}

export interface OrganizationAccess {
  organization: Env0Organization;
  role: string;
}

/**
 * The caller's access to one organization. `read-principals` (members, API keys, teams) needs the
 * Admin role or a custom role with VIEW_ORGANIZATION; any role may list custom roles.
 * ASSUMPTION: the sheet does not say which role each list needs, nor whether an organization
 * the key is not in answers 403 or 404; the simulator answers 403 for both.
 */
export function organizationAccess(
  tenant: Env0Tenant,
  caller: Caller,
  organizationId: string,
  need: "member" | "read-principals",
): OrganizationAccess | Response {
  const organization = env0Index(tenant).organizations.get(organizationId)?.organization;
  const role = organization && roleIn(tenant, caller, organization);
  if (!organization || role === undefined) return forbidden();
  if (need === "read-principals" && role !== "Admin") {
    const custom = organization.roles.find((candidate) => candidate.id === role);
    if (!custom?.permissions.includes("VIEW_ORGANIZATION")) return forbidden();
  }
  return { organization, role };
}
