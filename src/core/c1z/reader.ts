/**
 * @module
 * `C1zReader`: reads c1z v1 files, Baton's and ours, old and new. The database is
 * decompressed (streaming) into a private temp file and opened read-only; every list is a
 * generator that pages by row id, so a file of any size is read in constant memory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { IdsyncError, StoreStateError } from "../errors/index.ts";
import type { Entitlement, Grant, Resource, ResourceId, ResourceType } from "../model/index.ts";
import { checkFileToRead } from "../local-paths.ts";
import { DEFAULT_MAX_DECODED_BYTES, unpackC1z } from "./_envelope.ts";
import { assertBatonTables, assertIntact, guardDamage, guardDamageIterable } from "./_integrity.ts";
import {
  SyncQueries,
  type EntitlementFilter,
  type GrantFilter,
  type KeyedKinds,
  type KeyedRow,
  type ResourceFilter,
} from "./_queries.ts";
import { computeStats, type SyncStats } from "./_stats.ts";
import {
  assertRunsMatchRows,
  getSyncRun,
  latestFinishedFullSync,
  latestUnfinishedSync,
  listSyncRuns,
  type SyncRun,
} from "./_sync-runs.ts";

export interface C1zReaderOptions {
  /**
   * Where the decompressed database goes while the file is open.
   * @default the operating system's temp folder
   */
  tempDir?: string;
  /**
   * Refuse files whose database is larger than this once decompressed.
   * @default 10 GiB, Baton's own limit
   */
  maxDecodedBytes?: number;
  /**
   * Make sure when opening that the database is not damaged, so damage is reported at once
   * rather than partway through a listing. A frame with a content checksum already proved it
   * (zstd checked every decoded byte against it, at no extra cost): the database is the one
   * its writer compressed, and a bit flipped or a block lost since then fails the decoding.
   * Only a frame without one has its database's structure read whole (`PRAGMA quick_check`,
   * which costs as much as the decompression). Damage a writer compressed in still surfaces
   * as the same one-line error, from the first listing that meets it.
   * @default true
   */
  verify?: boolean;
}

export class C1zReader {
  /** The c1z being read. */
  readonly path: string;
  readonly #workDir: string;
  #db: DatabaseSync | undefined;
  readonly #queries: SyncQueries;

  private constructor(c1zPath: string, workDir: string, db: DatabaseSync) {
    this.path = c1zPath;
    this.#workDir = workDir;
    this.#db = db;
    this.#queries = guardDamage(c1zPath, () => new SyncQueries(db));
  }

  /** Opens a c1z. Every problem with the file is a one-line error naming it. */
  static async open(c1zPath: string, options: C1zReaderOptions = {}): Promise<C1zReader> {
    checkFileToRead(c1zPath, { setting: "file" });
    const workDir = fs.mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), "idsync-c1z-"));
    try {
      const dbPath = path.join(workDir, "sync.db");
      const unpacked = await unpackC1z(c1zPath, dbPath, {
        maxDecodedBytes: options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES,
      });
      const db = guardDamage(c1zPath, () => new DatabaseSync(dbPath, { readOnly: true }));
      try {
        if ((options.verify ?? true) && !unpacked.checksummed) assertIntact(db, c1zPath);
        assertBatonTables(db, c1zPath);
        return new C1zReader(c1zPath, workDir, db);
      } catch (error) {
        db.close();
        throw error;
      }
    } catch (error) {
      fs.rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  #open(): DatabaseSync {
    if (!this.#db)
      throw new StoreStateError(this.path, "the c1z reader is closed", { hint: "open the file again to read it" });
    return this.#db;
  }

  /**
   * A listing that checks the reader is still open before each row, so one that outlives
   * `close()` stops with the reader's own error, not SQLite's "database is not open".
   */
  *#list<T>(rows: () => Iterable<T>): Generator<T> {
    this.#open();
    for (const row of guardDamageIterable(this.path, rows())) {
      yield row;
      this.#open();
    }
  }

  #guard<T>(action: (db: DatabaseSync) => T): T {
    const db = this.#open();
    return guardDamage(this.path, () => action(db));
  }

  /** Every sync in the file, newest first. */
  syncs(): SyncRun[] {
    return this.#guard((db) => {
      const runs = listSyncRuns(db);
      assertRunsMatchRows(db, runs);
      return runs;
    });
  }

  /** The id of {@link resolveSync}'s sync. */
  resolveSyncId(explicit?: string): string {
    return this.resolveSync(explicit).id;
  }

  /**
   * The sync to show, by Baton's rules: `explicit` when given (it must exist); else the
   * latest finished full sync; else the newest unfinished sync started in the last 7 days.
   */
  resolveSync(explicit?: string): SyncRun {
    return this.#guard((db) => {
      const runs = listSyncRuns(db);
      assertRunsMatchRows(db, runs);
      if (explicit !== undefined) {
        const run = getSyncRun(db, explicit);
        if (!run) {
          throw new IdsyncError("invalid-config", `${this.path}: has no sync ${explicit}`, {
            hint: "list the file's syncs with `idsync syncs`",
          });
        }
        return run;
      }
      const chosen = latestFinishedFullSync(db) ?? latestUnfinishedSync(db);
      if (chosen) return chosen;
      // Baton ignores unfinished syncs older than a week; say which one is there, if any.
      const stale = runs.find((run) => !run.endedAt);
      throw new IdsyncError("invalid-config", `${this.path}: no usable sync in the file`, {
        hint: stale
          ? `it has no finished full sync; the unfinished sync ${stale.id} started more than 7 days ago ` +
            `(pass --sync-id ${stale.id} to read it anyway)`
          : "it has no finished full sync and no unfinished sync from the last 7 days",
      });
    });
  }

  resourceTypes(syncId: string): Generator<ResourceType> {
    return this.#list(() => this.#queries.resourceTypes(syncId));
  }

  resources(syncId: string, filter: ResourceFilter = {}): Generator<Resource> {
    return this.#list(() => this.#queries.resources(syncId, filter));
  }

  entitlements(syncId: string, filter: EntitlementFilter = {}): Generator<Entitlement> {
    return this.#list(() => this.#queries.entitlements(syncId, filter));
  }

  /** Grants carry `expandable` when the file recorded one (column or legacy annotation). */
  grants(syncId: string, filter: GrantFilter = {}): Generator<Grant> {
    return this.#list(() => this.#queries.grants(syncId, filter));
  }

  /**
   * Every row of one kind in external-id order (bytewise, i.e. Unicode code-point order),
   * with its stored bytes: two syncs can be merged like sorted lists and rows whose bytes
   * match skipped without decoding.
   */
  *keyedRows<K extends keyof KeyedKinds>(kind: K, syncId: string): Generator<KeyedRow<KeyedKinds[K]>> {
    // decode() runs later, outside the iteration: it needs the guard of its own.
    for (const row of this.#list(() => this.#queries.keyedRows(kind, syncId))) {
      const decode = row.decode;
      yield { ...row, decode: () => guardDamage(this.path, decode) };
    }
  }

  /**
   * The sync's grants grouped by principal (ordered by principal type, id, then row id).
   * With `shared`, grants share the objects their equal parts decode to (faster, for a
   * reader that only reads them: never change such a grant).
   */
  grantsByPrincipal(syncId: string, options: { shared?: boolean } = {}): Generator<Grant> {
    return this.#list(() => this.#queries.grantsByPrincipal(syncId, options));
  }

  getResourceType(syncId: string, id: string): ResourceType | undefined {
    return this.#guard(() => this.#queries.getResourceType(syncId, id));
  }

  getResource(syncId: string, id: ResourceId): Resource | undefined {
    return this.#guard(() => this.#queries.getResource(syncId, id));
  }

  getEntitlement(syncId: string, id: string): Entitlement | undefined {
    return this.#guard(() => this.#queries.getEntitlement(syncId, id));
  }

  getGrant(syncId: string, id: string): Grant | undefined {
    return this.#guard(() => this.#queries.getGrant(syncId, id));
  }

  countResourceTypes(syncId: string): number {
    return this.#guard(() => this.#queries.countResourceTypes(syncId));
  }

  countResources(syncId: string, filter: ResourceFilter = {}): number {
    return this.#guard(() => this.#queries.countResources(syncId, filter));
  }

  countEntitlements(syncId: string, filter: EntitlementFilter = {}): number {
    return this.#guard(() => this.#queries.countEntitlements(syncId, filter));
  }

  countGrants(syncId: string, filter: GrantFilter = {}): number {
    return this.#guard(() => this.#queries.countGrants(syncId, filter));
  }

  /** Counts for `syncId`, computed from its rows (a cached `stats` column is not trusted). */
  statsFor(syncId: string): SyncStats {
    return this.#guard((db) => computeStats(db, syncId, getSyncRun(db, syncId)?.type ?? "full"));
  }

  /** Closes the database and deletes the decompressed copy. */
  close(): void {
    const db = this.#db;
    this.#db = undefined;
    db?.close();
    fs.rmSync(this.#workDir, { recursive: true, force: true });
  }
}
