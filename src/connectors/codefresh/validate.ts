/**
 * @module
 * The check before a sync: the key works and acts on an account its user belongs to (`GET /user`,
 * whose answer the account directory keeps for the syncers). The key's user made the key in that
 * account, so the user listing must hold them, and the engine fails a sync whose listing does not.
 */
import type { SyncContext, Validation } from "../../core/kit.ts";
import type { AccountSource } from "./account.ts";
import { CURRENT_USER_PATH } from "./client.ts";
import { userType } from "./resource-types.ts";

export async function validateAccount(source: Pick<AccountSource, "account">, ctx: SyncContext): Promise<Validation> {
  const account = await source.account(ctx);
  ctx.logger.info("syncing the Codefresh account the API key belongs to", {
    account: account.name,
    accountId: account.id,
  });
  if (account.userId === undefined) return {};
  return {
    caller: {
      id: { resourceType: userType.id, resource: account.userId },
      description: "the API key's own user",
      source: `GET ${CURRENT_USER_PATH}`,
    },
  };
}
