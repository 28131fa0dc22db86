/**
 * @module
 * The Runlayer simulator: the management API of shared/apis/runlayer.md served from a seeded
 * instance, with an assumed rate limit and the kit's latency and faults.
 */

import {
  assembleSimulator,
  type ReliabilityTargets,
  type Simulator,
  type SimulatorDefinition,
  type SimulatorOptions,
} from "../_kit/index.ts";
import { BASE_PATH, createRunlayerApi, type RunlayerApiOptions } from "./api.ts";
import { presentedKey } from "./auth.ts";
import { serverError, tooManyRequests } from "./errors.ts";
import { mutateRunlayerTenant } from "./mutate.ts";
import { createRunlayerTenant } from "./tenant.ts";
import type { RunlayerTenant } from "./tenant-types.ts";

export type * from "./tenant-types.ts";
export { createRunlayerTenant, roleIndex, DEFAULT_USERS, MIN_USERS, type RunlayerTenantOptions } from "./tenant.ts";
export { mutateRunlayerTenant } from "./mutate.ts";
export { BASE_PATH, DEFAULT_ROUTES, type RunlayerApiOptions, type RunlayerRoutes } from "./api.ts";
export { DEFAULT_LIMIT, MAX_LIMIT } from "./paging.ts";

/**
 * 100 requests per second per API key. ASSUMPTION: Runlayer documents no rate limit
 * (runlayer.md, "Rate limits"); this is a plausible one, enforced so that a client which never
 * backs off is caught in tests.
 */
export const RATE_LIMIT = { limit: 100, windowMs: 1000 } as const;

export type RunlayerSimulator = Simulator & { tenant: RunlayerTenant };
export type RunlayerSimulatorOptions = SimulatorOptions & RunlayerApiOptions;

export function createRunlayerSimulator(options: RunlayerSimulatorOptions = {}): RunlayerSimulator {
  const tenant = createRunlayerTenant(options.seed ?? 1, {
    users: options.users,
    referenceDate: options.referenceDate,
  });
  return assembleSimulator({
    name: "runlayer",
    options,
    api: createRunlayerApi(tenant, options),
    tenant,
    rateLimit: { ...RATE_LIMIT, keyOf: (request) => presentedKey(request, options.auth) ?? "" },
    responses: { rateLimited: () => tooManyRequests(RATE_LIMIT.limit), serverError },
    mutate: () => {
      mutateRunlayerTenant(tenant);
    },
    settings: (origin) => ({ "base-url": `${origin}${BASE_PATH}`, "api-key": tenant.adminKey }),
  });
}

/** Where the reliability runs aim their faults (scripts/reliability). */
const RELIABILITY: ReliabilityTargets = {
  pagedTenant: { users: 250 },
  // PAGE_LIMIT in src/connectors/runlayer/client.ts
  paging: "users come 100 a page",
  listPath: "/api/v1/users",
  pagedListPath: "/api/v1/users",
  refusedKey: (settings) => ({ ...settings, "api-key": "rl_0000000000000000000000000000000000000000" }),
};

export const runlayer: SimulatorDefinition = {
  name: "runlayer",
  create: createRunlayerSimulator,
  reliability: RELIABILITY,
};
