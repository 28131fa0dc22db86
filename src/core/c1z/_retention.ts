/**
 * @module
 * Which syncs a saved file keeps. Baton's cleanup (`sync_runs.go` `Cleanup`,
 * `c1zstore/cleanup_policy.go`) keeps the two newest finished full syncs, and partial syncs
 * that ended after the oldest kept full sync started. We also drop unfinished syncs other
 * than the one being written: once a newer sync is saved nothing will resume them.
 */
import type { DatabaseSync } from "node:sqlite";
import { SYNC_SCOPED_TABLES } from "./_schema.ts";
import { inTransaction } from "./_sql.ts";
import { listSyncRuns, type SyncRun } from "./_sync-runs.ts";

export const KEPT_FULL_SYNCS = 2;

const newestEndFirst = (a: SyncRun, b: SyncRun): number =>
  (b.endedAt?.getTime() ?? 0) - (a.endedAt?.getTime() ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The ids of the syncs to delete so that `currentSyncId` and the newest full syncs remain. */
export function syncsToDrop(runs: SyncRun[], currentSyncId: string | undefined): string[] {
  const finishedFull = runs.filter((run) => run.endedAt && run.type === "full").sort(newestEndFirst);
  // The sync just written stays, and counts toward the limit when it is a finished full sync.
  const current = finishedFull.find((run) => run.id === currentSyncId);
  const keptFull = [...(current ? [current] : []), ...finishedFull.filter((run) => run !== current)].slice(
    0,
    KEPT_FULL_SYNCS,
  );
  const oldestKeptStart = Math.min(...keptFull.map((run) => run.startedAt.getTime()));
  const keep = new Set([...keptFull.map((run) => run.id), ...(currentSyncId ? [currentSyncId] : [])]);
  return runs
    .filter((run) => {
      if (keep.has(run.id)) return false;
      if (!run.endedAt || run.type === "full") return true;
      // A finished partial sync stays unless it ended before the oldest kept full sync began.
      return keptFull.length > 0 && run.endedAt.getTime() < oldestKeptStart;
    })
    .map((run) => run.id);
}

/** Deletes the syncs `syncsToDrop` picks, with their rows in every table. Returns their ids. */
export function applyRetention(db: DatabaseSync, currentSyncId: string | undefined): string[] {
  const dropped = syncsToDrop(listSyncRuns(db), currentSyncId);
  for (const syncId of dropped) {
    inTransaction(db, () => {
      for (const table of SYNC_SCOPED_TABLES) db.prepare(`DELETE FROM ${table} WHERE sync_id = ?`).run(syncId);
    });
  }
  return dropped;
}
