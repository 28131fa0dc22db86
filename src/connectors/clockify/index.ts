/**
 * @module
 * The Clockify connector: who is a member of one Clockify workspace, in which user groups (and who
 * manages each), holding which workspace role and over what. Read-only; its only requests are
 * four GET endpoints (see client.ts).
 */
import { defineConnector, type Connector, type ConnectorDeps } from "../../core/kit.ts";
import { ClockifyClient, PAGE_SIZE } from "./client.ts";
import { apiBaseUrl, clockifySettings, type ClockifySettings } from "./config.ts";
import { groupsSyncer } from "./groups.ts";
import { RESOURCE_TYPES } from "./resource-types.ts";
import { RoleCensus, rolesSyncer } from "./roles.ts";
import { usersSyncer } from "./users.ts";
import { validateWorkspace } from "./validate.ts";

/** Page sizes; tests lower them to exercise paging on a small tenant. */
export interface ClockifyTuning {
  /** @default PAGE_SIZE */
  usersPageSize?: number;
  /** @default PAGE_SIZE */
  groupsPageSize?: number;
}

export const clockify = defineConnector({
  name: "clockify",
  displayName: "Clockify",
  description: "sync the members, user groups and workspace roles of one Clockify workspace into a c1z file",
  settings: clockifySettings,
  resourceTypes: RESOURCE_TYPES,
  // The default concurrency: most of a Clockify sync is the member listing, whose pages are
  // sequential anyway, and the grants phase is answered from memory or one cached page; the
  // client's rate limiter keeps whatever runs under Clockify's limit.
  create(settings, kit, tuning: ClockifyTuning = {}) {
    // Ids are lower-case hex on the wire; the setting accepts either case.
    const workspaceId = settings.workspaceId.toLowerCase();
    const client = new ClockifyClient({ baseUrl: apiBaseUrl(settings), apiKey: settings.apiKey, workspaceId, kit });
    const usersPageSize = tuning.usersPageSize ?? PAGE_SIZE;
    // Shared by the users listing, which fills it, and the roles listing, which reads it.
    const census = new RoleCensus();
    return {
      syncers: [
        usersSyncer(client, workspaceId, usersPageSize, census),
        groupsSyncer(client, tuning.groupsPageSize ?? PAGE_SIZE),
        rolesSyncer({ census, source: client, pageSize: usersPageSize }),
      ],
      validate: (ctx) => validateWorkspace(client, ctx),
    };
  },
});

/** The connector, with page sizes tunable for tests. */
export function createClockifyConnector(
  settings: ClockifySettings,
  deps: ConnectorDeps,
  tuning: ClockifyTuning = {},
): Connector {
  return clockify.create(settings, deps, tuning);
}
