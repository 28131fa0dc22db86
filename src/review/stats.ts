/**
 * @module
 * `stats` beyond row counts: what an access review asks first about the users of a sync —
 * how many are enabled, pending invites, service accounts, and how many are dormant, by the
 * same rule and the same 90 days as `idsync review` (`dormancy.ts`), so the two never differ.
 */
import type { AccountType, C1zReader, ResourceStatus, SyncRun, SyncStats } from "../core/index.ts";
import { DormancyRule, STALE_LOGIN_DAYS } from "./dormancy.ts";
import { userFacts } from "./principals.ts";

export interface UserStats {
  total: number;
  byStatus: Record<ResourceStatus, number>;
  pendingInvites: number;
  byAccountType: Record<AccountType, number>;
  /** Users whose last login is recorded. */
  withLastLogin: number;
  /** The days behind `dormant`: review's default, `STALE_LOGIN_DAYS`. */
  staleDays: number;
  /** Dormant accounts as `idsync review` counts them; null when the app records no logins. */
  dormant: number | null;
}

export interface SyncSummaryStats {
  sync: SyncRun;
  counts: SyncStats;
  users: UserStats;
}

export function syncStats(reader: C1zReader, sync: SyncRun): SyncSummaryStats {
  const rule = new DormancyRule(sync.endedAt ?? sync.startedAt, STALE_LOGIN_DAYS);
  let dormant = 0;
  /** Never-logged-in accounts per type, dormant if the type turns out to record logins. */
  const pending = new Map<AccountType, number>();
  const users: UserStats = {
    total: 0,
    byStatus: { enabled: 0, disabled: 0, deleted: 0, unspecified: 0 },
    pendingInvites: 0,
    byAccountType: { human: 0, service: 0, system: 0, unspecified: 0 },
    withLastLogin: 0,
    staleDays: rule.staleDays,
    dormant: null,
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
      if (facts.lastLogin) users.withLastLogin++;
      const dormancy = rule.check(resource, facts);
      if (dormancy?.pending) pending.set(facts.accountType, (pending.get(facts.accountType) ?? 0) + 1);
      else if (dormancy) dormant++;
    }
  }
  for (const [accountType, count] of pending) if (rule.recordsLogins(accountType)) dormant += count;
  users.dormant = rule.loginsRecorded.length > 0 ? dormant : null;
  return { sync, counts: reader.statsFor(sync.id), users };
}
