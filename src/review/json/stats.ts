/**
 * @module
 * The JSON document of `idsync stats` and the explorer's stats (shape in docs/json-output.md).
 */
import type { SyncSummaryStats } from "../stats.ts";
import { syncJson } from "./shapes.ts";

export function statsJson(file: string, stats: SyncSummaryStats) {
  const { counts, users } = stats;
  const types = [
    ...new Set([
      ...Object.keys(counts.resourcesByType),
      ...Object.keys(counts.entitlementsByType),
      ...Object.keys(counts.grantsByType),
    ]),
  ];
  return {
    file,
    sync: syncJson(stats.sync),
    resourceTypes: counts.resourceTypes,
    resources: counts.resources,
    entitlements: counts.entitlements,
    grants: counts.grants,
    byResourceType: types.sort().map((type) => ({
      type,
      resources: counts.resourcesByType[type] ?? 0,
      entitlements: counts.entitlementsByType[type] ?? 0,
      grants: counts.grantsByType[type] ?? 0,
    })),
    users: {
      total: users.total,
      enabled: users.byStatus.enabled,
      disabled: users.byStatus.disabled,
      deleted: users.byStatus.deleted,
      unspecifiedStatus: users.byStatus.unspecified,
      pendingInvites: users.pendingInvites,
      human: users.byAccountType.human,
      service: users.byAccountType.service,
      system: users.byAccountType.system,
      unspecifiedAccountType: users.byAccountType.unspecified,
      withLastLogin: users.withLastLogin,
      staleDays: users.staleDays,
      dormant: users.dormant,
    },
  };
}
