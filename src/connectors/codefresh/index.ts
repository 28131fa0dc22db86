/**
 * @module
 * The Codefresh connector: the members of the account an API key belongs to, their account role
 * (Admin or User), its service accounts and the account's teams. Read-only; four requests per sync.
 */
import { defineConnector } from "../../core/kit.ts";
import { AccountDirectory } from "./account.ts";
import { CodefreshClient } from "./client.ts";
import { codefreshSettings } from "./config.ts";
import { RESOURCE_TYPES } from "./resource-types.ts";
import { rolesSyncer } from "./roles.ts";
import { teamsSyncer } from "./teams.ts";
import { usersSyncer } from "./users.ts";
import { validateAccount } from "./validate.ts";

export const codefresh = defineConnector({
  name: "codefresh",
  displayName: "Codefresh",
  description:
    "sync the members and service accounts of the Codefresh account an API key belongs to, their account role (Admin or User) and the account's teams into a c1z file",
  settings: codefreshSettings,
  resourceTypes: RESOURCE_TYPES,
  // The default concurrency: every page after the four list requests is served from memory.
  create(settings, kit) {
    const directory = new AccountDirectory(
      new CodefreshClient({ apiKey: settings.apiKey, baseUrl: settings.baseUrl, kit }),
    );
    return {
      syncers: [usersSyncer(directory), rolesSyncer(directory), teamsSyncer(directory)],
      validate: (ctx) => validateAccount(directory, ctx),
    };
  },
});
