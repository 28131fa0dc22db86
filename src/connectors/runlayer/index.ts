/**
 * @module
 * The Runlayer connector: users, FGA roles and who holds which role, read-only.
 * `create` does no I/O; `validate` proves the key works and may read users.
 */
import {
  ApiError,
  defineConnector,
  type Connector,
  type ConnectorDeps,
  type SettingsValues,
  type SyncContext,
} from "../../core/index.ts";
import { fastApiDetail, PAGE_LIMIT, RunlayerClient, type ApiUser } from "./client.ts";
import { normalizeBaseUrl, runlayerSettings } from "./config.ts";
import type { PagingOptions } from "./paging.ts";
import { RESOURCE_TYPES } from "./resource-types.ts";
import { rolesSyncer, type RolesApi } from "./roles.ts";
import { usersSyncer, type UsersApi } from "./users.ts";

/**
 * Pages fetched at once within one list, once its total is known. Six pages of 100 keep a call's
 * memory to 600 items, and with the engine's own concurrency stay within the client's
 * 8 requests in flight.
 */
export const PAGES_PER_CALL = 6;
/** Lists (and role grant lists) the engine walks at once. */
const MAX_CONCURRENCY = 4;

export interface RunlayerTuning {
  /** @default PAGES_PER_CALL; 1 pages sequentially (tests compare the two). */
  pagesPerCall?: number;
  /** @default PAGE_LIMIT (100, what the Runlayer CLI uses) */
  limit?: number;
}

function describeUser(user: ApiUser): string {
  const who = typeof user.email === "string" && user.email !== "" ? user.email : `user ${user.id}`;
  const roles = Array.isArray(user.roles) && user.roles.length > 0 ? user.roles.join(", ") : "none listed";
  return `${who} (roles: ${roles})`;
}

/** A 403 during validation, restated to say what it means for this key. */
function refusal(error: ApiError, message: string, hint: string): ApiError {
  const detail = error.body === undefined ? undefined : fastApiDetail(error.body);
  return new ApiError("permission-denied", `${message}${detail === undefined ? "" : ` (Runlayer said: ${detail})`}`, {
    endpoint: error.endpoint,
    status: error.status,
    body: error.body,
    hint,
    cause: error,
  });
}

const NEEDED_ROLES = "Super Admin, Security Admin or Helpdesk";

/**
 * `GET /users/me` proves the key (a 401 comes back described by the client), then one user is
 * read to prove the key's roles may list users: a Developer's key gets its own user but a 403 on
 * the list, and an organization key, which acts as no user, a 403 on both.
 */
async function validate(client: RunlayerClient, ctx: SyncContext): Promise<void> {
  const denied = (error: unknown): error is ApiError => error instanceof ApiError && error.kind === "permission-denied";
  let me: ApiUser;
  try {
    me = await client.me(ctx.signal);
  } catch (error) {
    if (!denied(error)) throw error;
    throw refusal(
      error,
      `Runlayer accepted the API key but refused ${error.endpoint} (403): the key acts as no user, as organization keys (rl_org_…) do, so it cannot read users`,
      `create a personal API key for a user holding ${NEEDED_ROLES}`,
    );
  }
  try {
    await client.users({ skip: 0, limit: 1 }, ctx.signal);
  } catch (error) {
    if (!denied(error)) throw error;
    throw refusal(
      error,
      `the API key works, but its user ${describeUser(me)} may not read users and roles: ${error.endpoint} was refused (403)`,
      `give that user ${NEEDED_ROLES}, or use a personal API key of a user who holds one of them`,
    );
  }
  ctx.logger.debug("Runlayer API key validated", { user: typeof me.email === "string" ? me.email : me.id });
}

/** The connector, with paging tunable for tests and benchmarks. */
export function createRunlayerConnector(
  settings: SettingsValues<typeof runlayerSettings>,
  deps: ConnectorDeps,
  tuning: RunlayerTuning = {},
): Connector {
  const client = new RunlayerClient({ baseUrl: normalizeBaseUrl(settings.baseUrl), apiKey: settings.apiKey, deps });
  const paging: PagingOptions = { limit: tuning.limit ?? PAGE_LIMIT, pagesPerCall: tuning.pagesPerCall ?? PAGES_PER_CALL };
  // The syncers see only the narrow interfaces they declare, bound to this client.
  const users: UsersApi = { users: (page, signal) => client.users(page, signal) };
  const roles: RolesApi = {
    roles: (page, signal) => client.roles(page, signal),
    assignments: (role) => (page, signal) => client.assignments(role, page, signal),
  };
  return {
    name: "runlayer",
    displayName: "Runlayer",
    syncers: [usersSyncer(users, paging), rolesSyncer(roles, paging)],
    maxConcurrency: MAX_CONCURRENCY,
    validate: (ctx) => validate(client, ctx),
    requestStats: () => {
      const { requests, retries, rateLimited } = client.stats;
      return { requests, retries, rateLimited };
    },
  };
}

export const runlayer = defineConnector({
  name: "runlayer",
  displayName: "Runlayer",
  description: "sync a Runlayer instance's users, FGA roles and role assignments into a c1z file",
  settings: runlayerSettings,
  resourceTypes: RESOURCE_TYPES,
  create: (settings, deps) => createRunlayerConnector(settings, deps),
});
