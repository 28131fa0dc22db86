/**
 * @module
 * The env0 connector: an organization's members and API keys (`user`), its roles (`role`, with
 * `assigned`), its teams (`team`, with `member`) and its projects (`project`, sub-projects as
 * children, with one entitlement per project role), read through env0's REST API with an API key.
 */
import { defineConnector } from "../../core/kit.ts";
import { Env0Client } from "./client.ts";
import { env0Settings } from "./config.ts";
import { projectsSyncer } from "./projects.ts";
import { RESOURCE_TYPES } from "./resource-types.ts";
import { rolesSyncer } from "./roles.ts";
import { teamsSyncer } from "./teams.ts";
import { usersSyncer } from "./users.ts";
import { validateAccess } from "./validate.ts";

export const env0 = defineConnector({
  name: "env0",
  displayName: "env0",
  description: "sync an env0 organization's members, API keys, roles, teams and project roles into a c1z file",
  settings: env0Settings,
  resourceTypes: RESOURCE_TYPES,
  // The default concurrency: pages are few (members, keys, roles and projects unpaged, teams a
  // hundred a page with their members inside), then two small requests per project.
  create(settings, kit) {
    // UUIDs compare without case (RFC 9562); env0 writes them in lower case.
    const organizationId = settings.organizationId.toLowerCase();
    const client = new Env0Client({
      baseUrl: settings.baseUrl,
      apiKeyId: settings.apiKeyId,
      apiKeySecret: settings.apiKeySecret,
      organizationId,
      kit,
    });
    return {
      syncers: [usersSyncer(client), rolesSyncer(client), teamsSyncer(client), projectsSyncer(client)],
      validate: (ctx) =>
        validateAccess(client, { apiKeyId: settings.apiKeyId, apiKeySecret: settings.apiKeySecret }, ctx),
    };
  },
});
