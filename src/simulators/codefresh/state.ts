/**
 * @module
 * Lookups a Codefresh answer needs, built once per tenant state (kit `indexOnce`): every request
 * finds the caller's active account, which must not scan its member list. Every change goes
 * through `mutateCodefreshTenant`, which appends to `mutations`.
 */

import { indexOnce, touch } from "../_kit/index.ts";
import type { CodefreshAccount, CodefreshTenant } from "./tenant-types.ts";

/** Each account by name, with its member ids as a set. */
export function accountsByName(
  tenant: CodefreshTenant,
): Map<string, { account: CodefreshAccount; memberIds: Set<string> }[]> {
  return indexOnce(tenant, "accounts", `${tenant.mutations.length}:${tenant.users.size}`, () => {
    const byName = new Map<string, { account: CodefreshAccount; memberIds: Set<string> }[]>();
    for (const account of tenant.accounts) {
      const entry = { account, memberIds: new Set(account.memberIds) };
      const named = byName.get(account.name);
      if (named) named.push(entry);
      else byName.set(account.name, [entry]);
    }
    touch(
      tenant,
      tenant.accounts.reduce((sum, account) => sum + account.memberIds.length, 0),
    );
    return byName;
  });
}
