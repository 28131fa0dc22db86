/**
 * @module
 * Reading `v1_sync_runs`, shared by the writer and the reader. The reader opens files
 * read-only and cannot add missing columns, so every query is built from the columns the
 * file actually has (files from older SDKs lack sync_type, stats and others).
 */
import type { DatabaseSync } from "node:sqlite";
import { TABLES } from "./_schema.ts";
import { optionalText, tableColumns, text, type Row } from "./_sql.ts";
import { statsFromBatonJson, type SyncStats } from "./_stats.ts";
import { formatSqliteTime, parseSqliteTime } from "./_time.ts";

/** Baton's sync types (`pkg/connectorstore/connectorstore.go`). */
export type SyncType = "full" | "partial" | "resources_only" | "partial_upserts" | "partial_deletions";

export interface SyncRun {
  id: string;
  /** As stored; Baton's known values are those of `SyncType`. */
  type: SyncType | (string & {});
  startedAt: Date;
  /** Unset while the sync is unfinished. */
  endedAt?: Date;
  parentSyncId?: string;
  /** The engine's checkpoint JSON (Baton's `sync_token`), when one was saved. */
  token?: string;
  /** The cached counts, when the file has them and they parse. */
  stats?: SyncStats;
}

/** Baton resumes, and readers fall back to, unfinished syncs no older than this (`unfinishedSyncMaxAge`). */
export const UNFINISHED_SYNC_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

function selectList(db: DatabaseSync): string {
  const columns = tableColumns(db, TABLES.syncRuns);
  const column = (name: string, fallback: string): string => (columns.has(name) ? name : `${fallback} AS ${name}`);
  // The oldest files recorded `is_partial` instead of a type.
  const legacyType = columns.has("is_partial") ? "CASE WHEN is_partial THEN 'partial' ELSE 'full' END" : "'full'";
  return [
    "sync_id",
    "started_at",
    "ended_at",
    "sync_token",
    column("sync_type", legacyType),
    column("parent_sync_id", "''"),
    column("stats", "NULL"),
  ].join(", ");
}

function syncRunFromRow(row: Row): SyncRun {
  const startedText = text(row, "started_at");
  const run: SyncRun = {
    id: text(row, "sync_id"),
    type: text(row, "sync_type") || "full",
    startedAt: parseSqliteTime(startedText) ?? new Date(Number.NaN),
  };
  const endedText = optionalText(row, "ended_at");
  if (endedText) run.endedAt = parseSqliteTime(endedText) ?? new Date(Number.NaN);
  const parent = text(row, "parent_sync_id");
  if (parent) run.parentSyncId = parent;
  const token = text(row, "sync_token");
  if (token) run.token = token;
  const stats = statsFromBatonJson(optionalText(row, "stats"));
  if (stats) run.stats = stats;
  return run;
}

/** Every sync run, newest first. The table is small (a few rows), so it is read whole. */
export function listSyncRuns(db: DatabaseSync): SyncRun[] {
  return db
    .prepare(`SELECT ${selectList(db)} FROM ${TABLES.syncRuns} ORDER BY started_at DESC, id DESC`)
    .all()
    .map(syncRunFromRow);
}

export function getSyncRun(db: DatabaseSync, syncId: string): SyncRun | undefined {
  const row = db.prepare(`SELECT ${selectList(db)} FROM ${TABLES.syncRuns} WHERE sync_id = ?`).get(syncId);
  return row ? syncRunFromRow(row) : undefined;
}

/** Baton's "latest finished full sync": `ORDER BY ended_at DESC, sync_id DESC`. */
export function latestFinishedFullSync(db: DatabaseSync): SyncRun | undefined {
  const select = selectList(db);
  const row = db
    .prepare(
      `SELECT * FROM (SELECT ${select} FROM ${TABLES.syncRuns}) ` +
        "WHERE ended_at IS NOT NULL AND sync_type = 'full' ORDER BY ended_at DESC, sync_id DESC LIMIT 1",
    )
    .get();
  return row ? syncRunFromRow(row) : undefined;
}

/**
 * The newest unfinished sync (of `type`, or of any type) started no longer than `maxAgeMs`
 * ago. Like Baton, the cutoff is compared as timestamp text.
 */
export function latestUnfinishedSync(
  db: DatabaseSync,
  options: { type?: string; maxAgeMs?: number; now?: Date } = {},
): SyncRun | undefined {
  const now = options.now ?? new Date();
  const cutoff = formatSqliteTime(new Date(now.getTime() - (options.maxAgeMs ?? UNFINISHED_SYNC_MAX_AGE_MS)));
  const typeFilter = options.type === undefined ? "" : "AND sync_type = ?";
  const parameters = options.type === undefined ? [cutoff] : [cutoff, options.type];
  const row = db
    .prepare(
      `SELECT * FROM (SELECT ${selectList(db)} FROM ${TABLES.syncRuns}) ` +
        `WHERE ended_at IS NULL AND started_at >= ? ${typeFilter} ORDER BY started_at DESC, sync_id DESC LIMIT 1`,
    )
    .get(...parameters);
  return row ? syncRunFromRow(row) : undefined;
}
