/**
 * @module
 * The Codefresh simulator: the API of shared/apis/codefresh.md served from a seeded tenant, under
 * `/api` (as on the SaaS and on-premises installs) or another base path, with a per-key rate limit
 * and the kit's latency and faults.
 */

import {
  assembleSimulator,
  type ReliabilityTargets,
  type Simulator,
  type SimulatorDefinition,
  type SimulatorOptions,
} from "../_kit/index.ts";
import { BASE_PATH, createCodefreshApi } from "./api.ts";
import { serverError, tooManyRequests } from "./errors.ts";
import { mutateCodefreshTenant } from "./mutate.ts";
import { createCodefreshTenant } from "./tenant.ts";
import type { CodefreshTenant } from "./tenant-types.ts";

export type * from "./tenant-types.ts";
export {
  createCodefreshTenant,
  type CodefreshTenantOptions,
  DEFAULT_GROUPS,
  DEFAULT_USERS,
  MAIN_ACCOUNT_NAME,
  MIN_GROUPS,
  MIN_USERS,
  MISSING_ACCOUNT_NAME,
  SECOND_ACCOUNT_NAME,
  THIRD_ACCOUNT_NAME,
} from "./tenant.ts";
export { mutateCodefreshTenant } from "./mutate.ts";
export { BASE_PATH } from "./api.ts";

/**
 * Codefresh limits requests per API key and does not publish the threshold (codefresh.md, "Rate
 * limits"). ASSUMPTION: 20 requests a second per key, a common gateway throttle; answered with a
 * 429 that carries no rate-limit headers and no Retry-After.
 */
export const RATE_LIMIT = { limit: 20, windowMs: 1000 } as const;

export interface CodefreshSimulatorOptions extends SimulatorOptions {
  /**
   * Where the API is served: `/api` as on g.codefresh.io and on-premises installs
   * (`https://<host>/api`); a reverse proxy may put it elsewhere, e.g. `/codefresh/api`.
   * @default "/api"
   */
  basePath?: string;
}

export type CodefreshSimulator = Simulator & { tenant: CodefreshTenant };

export function createCodefreshSimulator(options: CodefreshSimulatorOptions = {}): CodefreshSimulator {
  const basePath = (options.basePath ?? BASE_PATH).replace(/\/+$/, "");
  const tenant = createCodefreshTenant(options.seed ?? 1, {
    users: options.users,
    groups: options.groups,
    referenceDate: options.referenceDate,
  });
  return assembleSimulator({
    name: "codefresh",
    options,
    api: createCodefreshApi(tenant, basePath),
    tenant,
    rateLimit: { ...RATE_LIMIT, keyOf: (request) => request.headers.get("authorization") ?? "" },
    responses: { rateLimited: tooManyRequests, serverError },
    mutate: () => {
      mutateCodefreshTenant(tenant);
    },
    settings: (origin) => ({ "api-key": tenant.adminKey, "base-url": `${origin}${basePath}` }),
  });
}

/** Where the reliability runs aim their faults (scripts/reliability). */
const RELIABILITY: ReliabilityTargets = {
  pagedTenant: { users: 40 },
  // pageOfList in src/core/sync/paging/pagers.ts
  paging: "its lists come whole, so no page is ever a second one",
  listPath: "/api/accounts/:id/users",
  pagedListPath: "/api/accounts/:id/users",
  refusedKey: (settings) => ({ ...settings, "api-key": "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef" }),
};

export const codefresh: SimulatorDefinition = {
  name: "codefresh",
  create: createCodefreshSimulator,
  reliability: RELIABILITY,
};
