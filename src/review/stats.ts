/**
 * @module
 * `stats` beyond row counts: what an access review asks first about the users of a sync —
 * how many are enabled, pending invites, service accounts, and how many have not logged in
 * for 90 days. "Not logged in" is measured from the sync's own time, not today, so the same
 * file always gives the same answer.
 */
import type { AccountType, C1zReader, ResourceStatus, SyncRun, SyncStats } from "../core/index.ts";
import { userFacts } from "./principals.ts";

/** Baton's and most SaaS products' threshold for a stale account in reviews. */
export const STALE_LOGIN_DAYS = 90;

export interface UserStats {
  total: number;
  byStatus: Record<ResourceStatus, number>;
  pendingInvites: number;
  byAccountType: Record<AccountType, number>;
  /** Users whose last login is recorded. */
  withLastLogin: number;
  /** Users whose recorded last login is older than `STALE_LOGIN_DAYS` before the sync. */
  staleLogins: number;
}

export interface SyncSummaryStats {
  sync: SyncRun;
  counts: SyncStats;
  users: UserStats;
}

export function syncStats(reader: C1zReader, sync: SyncRun): SyncSummaryStats {
  const reference = (sync.endedAt ?? sync.startedAt).getTime();
  const staleBefore = reference - STALE_LOGIN_DAYS * 24 * 60 * 60 * 1000;
  const users: UserStats = {
    total: 0,
    byStatus: { enabled: 0, disabled: 0, deleted: 0, unspecified: 0 },
    pendingInvites: 0,
    byAccountType: { human: 0, service: 0, system: 0, unspecified: 0 },
    withLastLogin: 0,
    staleLogins: 0,
  };
  for (const type of reader.resourceTypes(sync.id)) {
    if (!type.traits.includes("user")) continue;
    for (const resource of reader.resources(sync.id, { resourceType: type.id })) {
      const facts = userFacts(resource);
      if (!facts) continue;
      users.total++;
      users.byStatus[facts.status]++;
      users.byAccountType[facts.accountType]++;
      if (facts.pendingInvite) users.pendingInvites++;
      if (facts.lastLogin) {
        users.withLastLogin++;
        if (facts.lastLogin.getTime() < staleBefore) users.staleLogins++;
      }
    }
  }
  return { sync, counts: reader.statsFor(sync.id), users };
}
