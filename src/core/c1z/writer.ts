/**
 * @module
 * `C1zWriter`: writes one sync into a c1z v1 file. Work happens in a plain SQLite working
 * database beside the target (resumable after a crash), and `save()` replaces the target
 * atomically with `C1ZF\0` + zstd(database).
 */
import fs from "node:fs";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { IdsyncError, StoreStateError } from "../errors/index.ts";
import { acquireLock, isDiskFull, releaseLock, removeLeftoverTemps, restateDiskFull } from "../files/index.ts";
import type { Entitlement, Grant, Resource, ResourceId, ResourceType } from "../model/index.ts";
import { packC1z, type PackHooks } from "./_envelope.ts";
import { emptiedResources, grantsByType, syncCensus, type EmptiedResource, type SyncCensus } from "./_census.ts";
import { SyncQueries, type ExpandableGrantRow } from "./_queries.ts";
import { applyRetention } from "./_retention.ts";
import { deferringPays, withGrantIndexesDeferred } from "./_deferred-indexes.ts";
import { RowWriter } from "./_row-writer.ts";
import { closeDatabase, inTransaction } from "./_sql.ts";
import { computeStats, statsToBatonJson, type SyncStats } from "./_stats.ts";
import {
  getSyncRun,
  insertSyncRun,
  latestFinishedFullSync,
  latestUnfinishedSync,
  markSyncEnded,
  UNFINISHED_SYNC_MAX_AGE_MS,
  updateSyncStats,
  updateSyncToken,
  type SyncRun,
  type SyncType,
} from "./_sync-runs.ts";
import { newKsuid } from "./_ksuid.ts";
import { capPageCount, checkpointWal, compactForSaving, openWorkingDb } from "./_working-db.ts";
import { removeWorkingDb, WORKING_DB_DISK_FULL_HINT, workingPaths, type WorkingPaths } from "./_working-files.ts";

export interface C1zWriterOptions {
  /**
   * Folder for the working database (it can be large).
   * @default the target file's folder
   */
  tempDir?: string;
  /**
   * Refuse an existing file whose database is larger than this once decompressed.
   * @default 10 GiB, Baton's own limit
   */
  maxDecodedBytes?: number;
  /** Fault injection for tests of atomic saving and of a full disk. Not for production use. */
  _testHooks?: WriterTestHooks;
}

export interface WriterTestHooks extends PackHooks {
  /**
   * Caps the working database at this many pages (`PRAGMA max_page_count`), so writing past it
   * fails with SQLite's own "database or disk is full", as a full disk does.
   */
  maxPageCount?: number;
}

export interface RowCounts {
  resourceTypes: number;
  resources: number;
  entitlements: number;
  grants: number;
}

export type { ExpandableGrantRow };

export class C1zWriter {
  /** The c1z this writer saves to (absolute). */
  readonly path: string;
  readonly #paths: WorkingPaths;
  readonly #hooks: PackHooks;
  #db: DatabaseSync | undefined;
  readonly #rows: RowWriter;
  readonly #queries: SyncQueries;
  #syncId: string | undefined;
  #syncEnded = false;
  /** Temp files a killed run left beside the target (or the working database), removed on open. */
  readonly leftoversRemoved: readonly string[];

  private constructor(target: string, paths: WorkingPaths, db: DatabaseSync, hooks: PackHooks, leftovers: string[]) {
    this.path = target;
    this.leftoversRemoved = leftovers;
    this.#paths = paths;
    this.#hooks = hooks;
    this.#db = db;
    this.#rows = new RowWriter(db);
    this.#queries = new SyncQueries(db);
  }

  /**
   * Locks `target` against other idsync processes and opens its working database: the one a
   * previous run left (when it was built from the c1z as it is now), else a fresh copy of the
   * c1z's database, else an empty one. Temp files a killed idsync left for this target are
   * removed first (under the lock, so none is being written).
   */
  static async open(target: string, options: C1zWriterOptions = {}): Promise<C1zWriter> {
    const absolute = path.resolve(target);
    const folder = path.dirname(absolute);
    if (!fs.existsSync(folder)) {
      throw new IdsyncError("invalid-config", `cannot write ${absolute}: the folder ${folder} does not exist`);
    }
    const tempDir = options.tempDir === undefined ? undefined : path.resolve(options.tempDir);
    if (tempDir) fs.mkdirSync(tempDir, { recursive: true, mode: 0o700 });
    const paths = workingPaths(absolute, tempDir);
    acquireLock(paths.lock, absolute);
    try {
      const leftovers = [...removeLeftoverTemps(absolute), ...removeLeftoverTemps(paths.sidecar)];
      const db = await openWorkingDb(absolute, paths, { maxDecodedBytes: options.maxDecodedBytes });
      try {
        const hooks = options._testHooks ?? {};
        if (hooks.maxPageCount !== undefined) capPageCount(db, hooks.maxPageCount);
        return new C1zWriter(absolute, paths, db, hooks, leftovers);
      } catch (error) {
        db.close();
        throw error;
      }
    } catch (error) {
      releaseLock(paths.lock);
      throw error;
    }
  }

  /** The sync being written, once started or resumed. */
  get syncId(): string | undefined {
    return this.#syncId;
  }

  #open(): DatabaseSync {
    if (!this.#db)
      throw new StoreStateError(this.path, "the c1z writer is closed", { hint: "open the file again to write to it" });
    return this.#db;
  }

  #currentSync(): string {
    this.#open();
    if (!this.#syncId)
      throw new StoreStateError(this.path, "no sync is being written", {
        hint: "call startSync() or resumeSync() first",
      });
    return this.#syncId;
  }

  #writableSync(): string {
    const syncId = this.#currentSync();
    if (this.#syncEnded)
      throw new StoreStateError(this.path, `sync ${syncId} has ended`, { hint: "start a new sync to write more rows" });
    return syncId;
  }

  /** Starts a new sync (a new KSUID) and makes it current. */
  startSync(type: SyncType = "full", options: { parentSyncId?: string } = {}): string {
    const db = this.#open();
    if (this.#syncId && !this.#syncEnded) {
      throw new StoreStateError(this.path, `sync ${this.#syncId} is still being written`, {
        hint: "end it with endSync() before starting another",
      });
    }
    this.#rows.flush();
    const syncId = newKsuid();
    insertSyncRun(db, syncId, type, options.parentSyncId ?? "", new Date());
    this.#syncId = syncId;
    this.#syncEnded = false;
    return syncId;
  }

  /** The id of the file's latest finished full sync, the parent of a partial one; undefined when there is none. */
  latestFullSyncId(): string | undefined {
    return latestFinishedFullSync(this.#open())?.id;
  }

  /** The newest unfinished sync of `type` started within `maxAgeMs`, which `resumeSync` can continue. */
  findResumableSync(options: { type?: SyncType; maxAgeMs?: number } = {}): SyncRun | undefined {
    return latestUnfinishedSync(this.#open(), {
      type: options.type ?? "full",
      maxAgeMs: options.maxAgeMs ?? UNFINISHED_SYNC_MAX_AGE_MS,
    });
  }

  /** Makes an unfinished sync current again; its rows and token are as the last run left them. */
  resumeSync(syncId: string): void {
    const run = getSyncRun(this.#open(), syncId);
    if (!run)
      throw new StoreStateError(this.path, `holds no sync ${syncId} to resume`, {
        hint: "resume a sync findResumableSync() returned",
      });
    if (run.endedAt)
      throw new StoreStateError(this.path, `sync ${syncId} has already ended`, {
        hint: "start a new sync instead of resuming it",
      });
    this.#syncId = syncId;
    this.#syncEnded = false;
  }

  /** Saves the engine's checkpoint. Rows written before it are committed first, so a token never gets ahead of its data. */
  setSyncToken(json: string): void {
    const syncId = this.#writableSync();
    this.#rows.flush();
    updateSyncToken(this.#open(), syncId, json);
  }

  /**
   * Ends the current sync: sets `ended_at` and caches its counts in `stats` in Baton's
   * format. Counts are computed from the stored rows, never taken from the caller.
   */
  endSync(options: { stepDurationsMs?: Record<string, number> } = {}): SyncStats {
    const syncId = this.#writableSync();
    const db = this.#open();
    this.#rows.flush();
    const type = getSyncRun(db, syncId)?.type ?? "full";
    const stats = inTransaction(db, () => {
      markSyncEnded(db, syncId, new Date());
      const computed = computeStats(db, syncId, type);
      if (options.stepDurationsMs) computed.stepDurationsMs = { ...options.stepDurationsMs };
      updateSyncStats(db, syncId, statsToBatonJson(computed));
      return computed;
    });
    this.#syncEnded = true;
    return stats;
  }

  putResourceTypes(list: Iterable<ResourceType>): void {
    this.#rows.putResourceTypes(this.#writableSync(), list);
  }

  putResources(list: Iterable<Resource>): void {
    this.#rows.putResources(this.#writableSync(), list);
  }

  putEntitlements(list: Iterable<Entitlement>): void {
    this.#rows.putEntitlements(this.#writableSync(), list);
  }

  /** GrantExpandable goes to the `expansion` column (pending expansion), not into `data`. */
  putGrants(list: Iterable<Grant>): void {
    this.#rows.putGrants(this.#writableSync(), list);
  }

  /** Commits rows written so far (they are also committed every few thousand rows, and by every checkpoint). */
  flush(): void {
    this.#open();
    this.#rows.flush();
  }

  // ── queries the sync engine runs on the current sync ──────────────────────────────

  /** Up to `limit` resources with row id > `afterRowId`, in row-id order; with `types`, only those of these types. */
  resourcesAfter(
    afterRowId: number,
    limit: number,
    types?: readonly string[],
  ): Array<{ rowId: number; resource: Resource }> {
    return this.#queries.resourcesAfter(this.#currentSync(), afterRowId, limit, types);
  }

  getResource(id: ResourceId): Resource | undefined {
    return this.#queries.getResource(this.#currentSync(), id);
  }

  getEntitlement(id: string): Entitlement | undefined {
    return this.#queries.getEntitlement(this.#currentSync(), id);
  }

  /** The grant with its GrantExpandable restored from the `expansion` column. */
  getGrant(grantId: string): Grant | undefined {
    return this.#queries.getGrant(this.#currentSync(), grantId);
  }

  countRows(): RowCounts {
    const syncId = this.#currentSync();
    return {
      resourceTypes: this.#queries.countResourceTypes(syncId),
      resources: this.#queries.countResources(syncId),
      entitlements: this.#queries.countEntitlements(syncId),
      grants: this.#queries.countGrants(syncId),
    };
  }

  countResourcesByType(): Record<string, number> {
    const syncId = this.#currentSync();
    this.#rows.flush();
    return this.#queries.countResourcesByType(syncId);
  }

  /**
   * The newest finished full sync the file held when this writer opened it (never the current
   * sync, which is unfinished while the engine runs), with its counts: what the sync engine
   * compares the new answer against.
   */
  previousFullSync(): { syncId: string; census: SyncCensus } | undefined {
    const db = this.#open();
    const run = latestFinishedFullSync(db);
    if (!run || run.id === this.#syncId) return undefined;
    return { syncId: run.id, census: syncCensus(db, run.id) };
  }

  /** The current sync's grants per resource type of the entitlement's resource, rows written so far included. */
  countGrantsByType(): Record<string, number> {
    const syncId = this.#currentSync();
    this.#rows.flush();
    return grantsByType(this.#open(), syncId);
  }

  /** Resources with at least `atLeast` grants in `previousSyncId` and none in the current sync (see `_census.ts`). */
  emptiedSince(previousSyncId: string, atLeast: number, limit: number): EmptiedResource[] {
    const syncId = this.#currentSync();
    this.#rows.flush();
    return emptiedResources(this.#open(), previousSyncId, syncId, atLeast, limit);
  }

  /** Grants of the current sync with an `expansion`, streamed by row id. */
  expandableGrants(): Generator<ExpandableGrantRow> {
    return this.#queries.expandableGrants(this.#currentSync());
  }

  /** Grants of one entitlement in the current sync, streamed by row id. */
  grantsOfEntitlement(entitlementId: string): Generator<Grant> {
    return this.#queries.grants(this.#currentSync(), { entitlementId });
  }

  /**
   * Runs `write`, which puts about `rows` new grants and queries no grants, with the grant
   * indexes only queries need dropped meanwhile and built once afterwards, when that is cheaper
   * than keeping them up to date (see `_deferred-indexes.ts`). Grant expansion writes its
   * derived grants through this.
   */
  async deferGrantIndexes<T>(rows: number, write: () => Promise<T>): Promise<T> {
    this.#writableSync();
    const db = this.#open();
    this.#rows.flush();
    if (!deferringPays(db, rows)) return write();
    return withGrantIndexesDeferred(db, async () => {
      try {
        return await write();
      } finally {
        this.#rows.flush();
      }
    });
  }

  /** Marks every grant of the current sync as expanded. Returns how many were pending. */
  clearNeedsExpansion(): number {
    return this.#rows.clearNeedsExpansion(this.#currentSync());
  }

  // ── ending the writer ─────────────────────────────────────────────────────────────

  /** Makes what was written durable in the working database, so a crash loses nothing. Cheap. */
  saveCheckpoint(): void {
    const db = this.#open();
    this.#rows.flush();
    checkpointWal(db, "passive");
  }

  /**
   * Writes the target c1z and closes the writer. Keeps the current sync and the newest
   * finished full syncs (two in all), then compacts. The target is replaced atomically: if
   * anything fails, it is left exactly as it was, and the working database stays for a retry —
   * unless the disk is full, when it is removed (it would keep the disk full) and the error
   * names the folder that is full.
   */
  async save(): Promise<void> {
    try {
      const db = this.#open();
      this.#rows.flush();
      const dropped = applyRetention(db, this.#syncId);
      compactForSaving(db, this.#paths.db, { droppedSyncs: dropped.length });
      this.#closeDb();
      await packC1z(this.#paths.db, this.path, this.#hooks);
    } catch (error) {
      if (isDiskFull(error) || this.#db === undefined) throw this.closeAfterFailure(error);
      throw error;
    }
    removeWorkingDb(this.#paths);
    releaseLock(this.#paths.lock);
  }

  /** Closes without saving and keeps the working database, so a later run can resume the sync. */
  abandon(): void {
    if (!this.#db) return;
    try {
      this.#rows.flush();
      checkpointWal(this.#db, "truncate");
    } finally {
      this.#closeDb();
      releaseLock(this.#paths.lock);
    }
  }

  /**
   * Closes after `cause` stopped the work, and returns the error to throw: `cause` itself, or a
   * full disk restated with the folder that is full. Never throws, so a cleanup that fails on
   * the same full disk cannot hide the cause; such a failure goes to `onCleanupError`. On a full
   * disk the working database is removed (keeping it keeps the disk full; the next run rebuilds
   * it from the c1z); otherwise it is kept for the next run, as `abandon()` keeps it.
   */
  closeAfterFailure(cause: unknown, onCleanupError: (problem: unknown) => void = () => {}): unknown {
    const error = restateDiskFull(cause, this.#paths.db, WORKING_DB_DISK_FULL_HINT);
    let firstProblem: unknown;
    const attempt = (step: () => void): void => {
      try {
        step();
      } catch (problem) {
        firstProblem ??= problem;
      }
    };
    if (isDiskFull(error)) {
      attempt(() => this.#closeDb());
      attempt(() => removeWorkingDb(this.#paths));
    } else {
      attempt(() => this.abandon());
      attempt(() => this.#closeDb());
    }
    releaseLock(this.#paths.lock);
    // One line at most: the cause is what the user must read.
    if (firstProblem !== undefined) onCleanupError(firstProblem);
    return error;
  }

  /** The same as `abandon()`: closing never throws work away. */
  close(): void {
    this.abandon();
  }

  /** Closes without saving and deletes the working database: the target stays as it was. */
  discard(): void {
    if (this.#db) this.#closeDb();
    removeWorkingDb(this.#paths);
    releaseLock(this.#paths.lock);
  }

  #closeDb(): void {
    const db = this.#db;
    this.#db = undefined;
    if (db) closeDatabase(db);
  }
}
