/**
 * @module
 * The Clockify simulator: the API of shared/apis/clockify.md served from a seeded tenant, with the
 * documented rate limit (50 requests a second per key) and the kit's latency and faults. Its lists
 * carry no dates (the ObjectIds' embedded seconds aside, which stay fixed), so `referenceDate`
 * changes nothing here.
 */

import {
  assembleSimulator,
  type ReliabilityTargets,
  type Simulator,
  type SimulatorDefinition,
  type SimulatorOptions,
} from "../_kit/index.ts";
import { BASE_PATH, createClockifyApi } from "./api.ts";
import { tooManyRequests } from "./errors.ts";
import type { AccountStatusesReading } from "./users-query.ts";
import { mutateClockifyTenant } from "./mutate.ts";
import { createClockifyTenant } from "./tenant.ts";
import type { ClockifyTenant } from "./tenant-types.ts";

export type * from "./tenant-types.ts";
export { createClockifyTenant, DEFAULT_GROUPS, DEFAULT_USERS, MIN_GROUPS, MIN_USERS } from "./tenant.ts";
export { mutateClockifyTenant } from "./mutate.ts";
export { BASE_PATH } from "./api.ts";
export { MAX_PAGE_SIZE } from "./paging.ts";
export type { AccountStatusesReading } from "./users-query.ts";

/**
 * 50 requests per second. Documented for addon tokens (per addon per workspace); clients such as
 * clockify-cli apply it to API keys too, and so does the simulator, per key (clockify.md, "Rate limits").
 */
export const RATE_LIMIT = { limit: 50, windowMs: 1000 } as const;

export interface ClockifySimulatorOptions extends SimulatorOptions {
  /**
   * How `account-statuses` on `GET …/users` is read: whether a comma-separated list is accepted,
   * and which values are refused (each with a 400 naming the parameter).
   * @default lists accepted, no value refused
   * @example
   * createClockifySimulator({ accountStatuses: { lists: false } });
   */
  accountStatuses?: AccountStatusesReading;
}

export type ClockifySimulator = Simulator & { tenant: ClockifyTenant };

export function createClockifySimulator(options: ClockifySimulatorOptions = {}): ClockifySimulator {
  const tenant = createClockifyTenant(options.seed ?? 1, { users: options.users, groups: options.groups });
  return assembleSimulator({
    name: "clockify",
    options,
    api: createClockifyApi(
      tenant,
      options.accountStatuses === undefined ? {} : { accountStatuses: options.accountStatuses },
    ),
    tenant,
    rateLimit: { ...RATE_LIMIT, keyOf: (request) => request.headers.get("x-api-key") ?? "" },
    responses: { rateLimited: tooManyRequests },
    mutate: () => {
      mutateClockifyTenant(tenant);
    },
    settings: (origin) => ({
      "api-key": tenant.adminKey,
      "workspace-id": tenant.workspaceId,
      "base-url": `${origin}${BASE_PATH}`,
    }),
  });
}

/** Where the reliability runs aim their faults (scripts/reliability). */
const RELIABILITY: ReliabilityTargets = {
  pagedTenant: { users: 1_300 },
  // PAGE_SIZE in src/connectors/clockify/client.ts
  paging: "members come 1,000 a page",
  listPath: "/api/v1/workspaces/:workspaceId/users",
  pagedListPath: "/api/v1/workspaces/:workspaceId/users",
  refusedKey: (settings) => ({ ...settings, "api-key": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw" }),
};

export const clockify: SimulatorDefinition = {
  name: "clockify",
  create: createClockifySimulator,
  reliability: RELIABILITY,
};
