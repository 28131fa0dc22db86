/**
 * @module
 * The env0 simulator: the API of shared/apis/env0.md served from a seeded tenant, with the
 * documented rate limit (1,000 requests a minute per IP + method + URI) and the kit's latency
 * and faults.
 */

import {
  assembleSimulator,
  type ReliabilityTargets,
  type Simulator,
  type SimulatorDefinition,
  type SimulatorOptions,
} from "../_kit/index.ts";
import { createEnv0Api, type Env0ApiOptions } from "./api.ts";
import { tooManyRequests } from "./errors.ts";
import { mutateEnv0Tenant } from "./mutate.ts";
import { createEnv0Tenant, type Env0TenantOptions } from "./tenant.ts";
import type { Env0Tenant } from "./tenant-types.ts";

export type * from "./tenant-types.ts";
export type { Env0ApiOptions } from "./api.ts";
export type { TeamsShape } from "./teams.ts";
export {
  createEnv0Tenant,
  type Env0TenantOptions,
  DEFAULT_GROUPS,
  DEFAULT_USERS,
  MIN_GROUPS,
  MIN_USERS,
} from "./tenant.ts";
export { mutateEnv0Tenant } from "./mutate.ts";
export { MAX_TEAMS_LIMIT } from "./teams.ts";
export { DEFAULT_PROJECTS, MIN_PROJECTS } from "./seed-projects.ts";

/** 1,000 requests per 60 s (env0.md, "Rate limit"). */
export const RATE_LIMIT = { limit: 1000, windowMs: 60_000 } as const;

/**
 * What the limit is counted by: the caller's IP, the method and the URI. Every simulator client is
 * on loopback, so the IP is `X-Forwarded-For`'s first hop when a test sets it, else 127.0.0.1.
 * ASSUMPTION: "URI" includes the query string, so each page of a list is counted apart.
 */
export function rateLimitKey(request: Request): string {
  const url = new URL(request.url);
  const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "127.0.0.1";
  return `${ip} ${request.method} ${url.pathname}${url.search}`;
}

export type Env0SimulatorOptions = SimulatorOptions & Env0ApiOptions & Pick<Env0TenantOptions, "projects">;
export type Env0Simulator = Simulator & { tenant: Env0Tenant };

export function createEnv0Simulator(options: Env0SimulatorOptions = {}): Env0Simulator {
  const tenant = createEnv0Tenant(options.seed ?? 1, {
    users: options.users,
    groups: options.groups,
    projects: options.projects,
    referenceDate: options.referenceDate,
  });
  return assembleSimulator({
    name: "env0",
    options,
    api: createEnv0Api(tenant, options),
    tenant,
    rateLimit: { ...RATE_LIMIT, keyOf: rateLimitKey },
    responses: { rateLimited: tooManyRequests },
    mutate: () => {
      mutateEnv0Tenant(tenant);
    },
    settings: (origin) => ({
      "api-key-id": tenant.adminKey.apiKeyId,
      "api-key-secret": tenant.adminKey.secret,
      "organization-id": tenant.organizationId,
      "base-url": origin,
    }),
  });
}

/** Where the reliability runs aim their faults (scripts/reliability). */
const RELIABILITY: ReliabilityTargets = {
  pagedTenant: { users: 150, groups: 120 },
  // TEAMS_PAGE_LIMIT in src/connectors/env0/client.ts
  paging: "teams come 100 a page",
  listPath: "/organizations/:organizationId/users",
  pagedListPath: "/teams/organizations/:organizationId",
  refusedKey: (settings) => ({ ...settings, "api-key-secret": "not-the-secret-of-this-key-000000" }),
};

export const env0: SimulatorDefinition = { name: "env0", create: createEnv0Simulator, reliability: RELIABILITY };

/** The same simulator serving the teams list as one bare array, as older env0 versions did. */
export const env0BareTeams: SimulatorDefinition = {
  ...env0,
  create: (options = {}) => createEnv0Simulator({ ...options, teamsShape: "array" }),
};
