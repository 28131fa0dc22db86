/**
 * @module
 * The Runlayer connector: users, FGA roles and who holds which role, read-only.
 * `create` does no I/O; `validate` proves the key works, finds the lists on the instance's own
 * OpenAPI document, and proves the key may read users (validate.ts).
 */
import { defineConnector, type Connector, type ConnectorDeps, type SettingsValues } from "../../core/kit.ts";
import { PAGE_LIMIT, RunlayerClient } from "./client.ts";
import { normalizeBaseUrl, runlayerSettings } from "./config.ts";
import { RESOURCE_TYPES } from "./resource-types.ts";
import { rolesSyncer } from "./roles.ts";
import { usersSyncer } from "./users.ts";
import { validateRunlayer } from "./validate.ts";

export interface RunlayerTuning {
  /** @default PAGE_LIMIT (100, what the Runlayer CLI uses) */
  limit?: number;
}

export const runlayer = defineConnector({
  name: "runlayer",
  displayName: "Runlayer",
  description: "sync a Runlayer instance's users, FGA roles and role assignments into a c1z file",
  settings: runlayerSettings,
  resourceTypes: RESOURCE_TYPES,
  // The default concurrency: the lists (and role grant lists) walked at once stay within the
  // client's 8 requests in flight.
  create(settings, kit, tuning: RunlayerTuning = {}) {
    const client = new RunlayerClient({ baseUrl: normalizeBaseUrl(settings.baseUrl), apiKey: settings.apiKey, kit });
    const limit = tuning.limit ?? PAGE_LIMIT;
    return {
      syncers: [usersSyncer(client, limit), rolesSyncer(client, limit)],
      validate: (ctx) => validateRunlayer(client, ctx),
    };
  },
});

/** The connector, with paging tunable for tests and benchmarks. */
export function createRunlayerConnector(
  settings: SettingsValues<typeof runlayerSettings>,
  deps: ConnectorDeps,
  tuning: RunlayerTuning = {},
): Connector {
  return runlayer.create(settings, deps, tuning);
}
