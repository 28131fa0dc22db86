import assert from "node:assert/strict";
import { test } from "node:test";
import type { SyncSummary } from "../core/index.ts";
import { summaryLine } from "./report.ts";

function summary(
  resourcesByType: Record<string, number>,
  entitlements: number,
  grants: number,
  requests: number,
  retries: number,
): SyncSummary {
  return {
    connector: "clockify",
    file: "sync.c1z",
    syncId: "2abc",
    syncType: "full",
    resumed: false,
    stats: { resourcesByType, entitlements, grants } as unknown as SyncSummary["stats"],
    expansion: { edges: 0, derivedGrants: 0, updatedGrants: 0 },
    requests: { requests, retries, rateLimited: 0 },
    durationMs: 1234,
  };
}

test("the sync summary line puts every count's noun in the number it needs", () => {
  assert.equal(
    summaryLine(summary({ group: 8, role: 4, user: 2000 }, 20, 3010, 41, 2)),
    "clockify: synced 8 groups, 4 roles, 2,000 users; 20 entitlements, 3,010 grants into sync.c1z in 1.2s (41 requests, 2 retries)",
  );
  assert.equal(
    summaryLine(summary({ role: 1, user: 1 }, 1, 1, 1, 1)),
    "clockify: synced 1 role, 1 user; 1 entitlement, 1 grant into sync.c1z in 1.2s (1 request, 1 retry)",
  );
});
