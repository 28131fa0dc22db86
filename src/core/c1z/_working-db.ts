/**
 * @module
 * Opening a writer's working database: reuse the one a previous run left when it was built
 * from the c1z as it is now (a sync killed mid-way resumes from it), else rebuild it from the
 * c1z, else start an empty one; then bring its schema up to date.
 */
import fs from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { backfillGrantExpansion } from "./_backfill.ts";
import { LocalFileError } from "../errors/index.ts";
import { createExclusive, restateDiskFull } from "../files/index.ts";
import { unpackC1z, type UnpackOptions } from "./_envelope.ts";
import { assertIntact, guardDamage } from "./_integrity.ts";
import { applySchema } from "./_schema.ts";
import {
  readSidecar,
  removeWorkingDb,
  sameStamp,
  stampOf,
  WORKING_DB_DISK_FULL_HINT,
  workingFilesArePlain,
  writeSidecar,
  type WorkingPaths,
} from "./_working-files.ts";

/** Opens the working database for `target`, reusing one a previous run left when it still matches. */
export async function openWorkingDb(
  target: string,
  paths: WorkingPaths,
  unpack: UnpackOptions = {},
): Promise<DatabaseSync> {
  const stamp = stampOf(target);
  if (fs.existsSync(paths.db) && workingFilesArePlain(paths) && sameStamp(readSidecar(paths.sidecar), stamp)) {
    try {
      return prepareWorkingDb(paths.db, target);
    } catch {
      // A working database damaged by the crash it survived: rebuild it from the c1z below.
    }
  }
  removeWorkingDb(paths);
  if (stamp.sourceSize === null) {
    fs.closeSync(createExclusive(paths.db));
  } else {
    await unpackC1z(target, paths.db, unpack);
  }
  let db: DatabaseSync | undefined;
  try {
    db = prepareWorkingDb(paths.db, target, stamp.sourceSize !== null);
    writeSidecar(paths.sidecar, stamp);
    return db;
  } catch (error) {
    db?.close();
    removeWorkingDb(paths);
    throw restateDiskFull(error, paths.db, WORKING_DB_DISK_FULL_HINT);
  }
}

/** WAL for speed while syncing, then the schema and its migrations, then the legacy backfill. */
function prepareWorkingDb(dbPath: string, target: string, checkIntegrity = false): DatabaseSync {
  const db = new DatabaseSync(dbPath);
  try {
    guardDamage(target, () => {
      if (checkIntegrity) assertIntact(db, target);
      // WAL with NORMAL sync survives a killed process and fsyncs only at checkpoints;
      // checkpointing every ~40 MB instead of 4 MB and a 64 MiB page cache (native memory,
      // not the JS heap) make bulk upserts into the indexed tables about a third faster.
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("PRAGMA wal_autocheckpoint = 10000");
      db.exec("PRAGMA cache_size = -65536");
      applySchema(db);
      backfillGrantExpansion(db);
    });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Caps the database at `pages` pages, so writing past it fails as a full disk does (tests only). */
export function capPageCount(db: DatabaseSync, pages: number): void {
  db.exec(`PRAGMA max_page_count = ${Math.trunc(pages)}`);
}

/**
 * Copies the WAL into the database file: `passive` without waiting (a checkpoint during the
 * sync), `truncate` fully, emptying the WAL (before closing, so nothing lives only in it).
 */
export function checkpointWal(db: DatabaseSync, mode: "passive" | "truncate"): void {
  db.exec(mode === "passive" ? "PRAGMA wal_checkpoint(PASSIVE)" : "PRAGMA wal_checkpoint(TRUNCATE)");
}

/**
 * Free pages, as a share of the database, above which saving rebuilds the file even when no
 * sync was dropped (rows rewritten larger during the sync leave pages behind).
 */
const VACUUM_FREE_SHARE = 0.1;

/**
 * Leaves WAL mode, so the file at `dbPath` is the whole database, ready to be compressed: a
 * reader of the c1z gets no WAL beside it. Rebuilds the database first when retention dropped a
 * sync, because SQLite leaves deleted rows' bytes in their pages and the dropped sync would
 * otherwise still be in the file, or when much of it is free. A first sync deletes nothing, and
 * rebuilding a 100,000-user database there costs seconds of CPU and a rewrite of the whole file
 * for no smaller c1z.
 */
export function compactForSaving(
  db: DatabaseSync,
  dbPath: string,
  { droppedSyncs }: { droppedSyncs: number },
): { vacuumed: boolean } {
  const vacuumed = droppedSyncs > 0 || freeShare(db) > VACUUM_FREE_SHARE;
  if (vacuumed) db.exec("VACUUM");
  checkpointWal(db, "truncate");
  const mode = db.prepare("PRAGMA journal_mode = DELETE").get();
  if (mode?.["journal_mode"] !== "delete") {
    throw new LocalFileError(
      dbPath,
      `${dbPath}: the working database could not leave WAL mode, so it cannot be saved whole`,
      {
        hint: "another process may hold it open; stop it and run the sync again",
      },
    );
  }
  return { vacuumed };
}

/** The share of the database's pages that are on its free list. */
export function freeShare(db: DatabaseSync): number {
  const pages = Number(db.prepare("PRAGMA page_count").get()?.["page_count"] ?? 0);
  const free = Number(db.prepare("PRAGMA freelist_count").get()?.["freelist_count"] ?? 0);
  return pages === 0 ? 0 : free / pages;
}
