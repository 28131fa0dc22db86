/**
 * @module
 * The Codefresh connector: the members of the account an API key belongs to, their account role
 * (Admin or User), its service accounts and the account's teams. Read-only; four requests per sync.
 */
import { defineConnector } from "../../core/kit.ts";
import { CodefreshClient, CURRENT_USER_PATH } from "./client.ts";
import { codefreshSettings } from "./config.ts";
import { AccountDirectory } from "./directory.ts";
import { RESOURCE_TYPES, userType } from "./resource-types.ts";
import { createRoleSyncer } from "./roles.ts";
import { createTeamSyncer } from "./teams.ts";
import { createUserSyncer } from "./users.ts";

export const codefresh = defineConnector({
  name: "codefresh",
  displayName: "Codefresh",
  description: "sync the members and service accounts of the Codefresh account an API key belongs to, their account role (Admin or User) and the account's teams into a c1z file",
  settings: codefreshSettings,
  resourceTypes: RESOURCE_TYPES,
  create(settings, deps) {
    const client = new CodefreshClient({ apiKey: settings.apiKey, baseUrl: settings.baseUrl, deps });
    const directory = new AccountDirectory(client);
    return {
      name: "codefresh",
      displayName: "Codefresh",
      syncers: [createUserSyncer(directory), createRoleSyncer(directory), createTeamSyncer(directory)],
      // Every page after the four list requests is served from memory; a few in flight suffice.
      maxConcurrency: 4,
      async validate(ctx) {
        const account = await directory.account(ctx);
        ctx.logger.info("syncing the Codefresh account the API key belongs to", { account: account.name, accountId: account.id });
        // The key's user made the key in this account, so the user listing must hold them.
        if (account.userId === undefined) return {};
        return { caller: { id: { resourceType: userType.id, resource: account.userId }, description: "the API key's own user", source: `GET ${CURRENT_USER_PATH}` } };
      },
      requestStats: () => client.requestStats(),
    };
  },
});
