/**
 * @module
 * Reading `v1_sync_runs`, shared by the writer and the reader. The reader opens files
 * read-only and cannot add missing columns, so every query is built from the columns the
 * file actually has (files from older SDKs lack sync_type, stats and others).
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { DamagedRowError, decodeRow, inTable, nullableText, requiredText, RowProblem } from "./_row-errors.ts";
import { TABLES } from "./_schema.ts";
import { tableColumns, type Row } from "./_sql.ts";
import { statsFromBatonJson, type SyncStats } from "./_stats.ts";
import { formatSqliteTime, parseSqliteTime } from "./_time.ts";

/** Baton's sync types (`pkg/connectorstore/connectorstore.go`). */
export type SyncType = "full" | "partial" | "resources_only" | "partial_upserts" | "partial_deletions";
const SYNC_TYPES: ReadonlySet<string> = new Set<SyncType>([
  "full",
  "partial",
  "resources_only",
  "partial_upserts",
  "partial_deletions",
]);

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
    "id",
    "sync_id",
    "started_at",
    "ended_at",
    "sync_token",
    column("sync_type", legacyType),
    column("parent_sync_id", "''"),
    column("stats", "NULL"),
  ].join(", ");
}

function timeColumn(row: Row, column: string, value: string): Date {
  const time = parseSqliteTime(value);
  if (!time) throw new RowProblem(`${column} ${JSON.stringify(value.slice(0, 40))} is not a time`);
  return time;
}

/**
 * Baton's closed list of types; an empty one is an old file's full sync. Any other value would
 * hide the sync from every "latest full sync" choice, so it is damage, not a type to skip.
 */
function syncType(value: string): SyncType {
  const type = value || "full";
  if (!SYNC_TYPES.has(type))
    throw new RowProblem(`sync_type ${JSON.stringify(type.slice(0, 40))} is not one of Baton's sync types`);
  return type as SyncType;
}

/** One row of v1_sync_runs; a value of the wrong type or a time that is not one names the row as damaged. */
function syncRunFromRow(row: Row): SyncRun {
  return decodeRow(TABLES.syncRuns, row, () => {
    const id = requiredText(row, "sync_id");
    if (id === "") throw new RowProblem("sync_id is empty");
    const run: SyncRun = {
      id,
      type: syncType(requiredText(row, "sync_type")),
      startedAt: timeColumn(row, "started_at", requiredText(row, "started_at")),
    };
    const endedText = nullableText(row, "ended_at");
    if (endedText) run.endedAt = timeColumn(row, "ended_at", endedText);
    const parent = requiredText(row, "parent_sync_id");
    if (parent) run.parentSyncId = parent;
    const token = nullableText(row, "sync_token");
    if (token) run.token = token;
    // A cached count that does not parse is recomputed, as Baton does; a value of the wrong type is damage.
    const stats = statsFromBatonJson(nullableText(row, "stats"));
    if (stats) run.stats = stats;
    return run;
  });
}

function selectRuns(db: DatabaseSync, sql: (select: string) => string, parameters: SQLInputValue[] = []): Row[] {
  return inTable(TABLES.syncRuns, () => db.prepare(sql(selectList(db))).all(...parameters));
}

/** Every sync run, newest first. The table is small (a few rows), so it is read whole. */
export function listSyncRuns(db: DatabaseSync): SyncRun[] {
  return selectRuns(db, (select) => `SELECT ${select} FROM ${TABLES.syncRuns} ORDER BY started_at DESC, id DESC`).map(
    syncRunFromRow,
  );
}

export function getSyncRun(db: DatabaseSync, syncId: string): SyncRun | undefined {
  const [row] = selectRuns(db, (select) => `SELECT ${select} FROM ${TABLES.syncRuns} WHERE sync_id = ?`, [syncId]);
  return row ? syncRunFromRow(row) : undefined;
}

/** Baton's "latest finished full sync": `ORDER BY ended_at DESC, sync_id DESC`. */
export function latestFinishedFullSync(db: DatabaseSync): SyncRun | undefined {
  const [row] = selectRuns(
    db,
    (select) =>
      `SELECT * FROM (SELECT ${select} FROM ${TABLES.syncRuns}) ` +
      "WHERE ended_at IS NOT NULL AND sync_type = 'full' ORDER BY ended_at DESC, sync_id DESC LIMIT 1",
  );
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
  const [row] = selectRuns(
    db,
    (select) =>
      `SELECT * FROM (SELECT ${select} FROM ${TABLES.syncRuns}) ` +
      `WHERE ended_at IS NULL AND started_at >= ? ${typeFilter} ORDER BY started_at DESC, sync_id DESC LIMIT 1`,
    parameters,
  );
  return row ? syncRunFromRow(row) : undefined;
}

/**
 * Refuses sync runs that cannot be the whole truth about their rows: a finished full sync whose
 * cached counts name resource types the file does not hold under its id (the id was altered,
 * or its rows lost), and a file with rows but no sync run at all. Reading either would show an
 * empty sync where there was data. The resource types table is tiny, so this costs nothing.
 */
export function assertRunsMatchRows(db: DatabaseSync, runs: readonly SyncRun[]): void {
  if (runs.length === 0) {
    for (const table of [TABLES.resourceTypes, TABLES.resources, TABLES.entitlements, TABLES.grants]) {
      if (inTable(table, () => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get())) {
        throw new DamagedRowError(TABLES.syncRuns, undefined, `is empty, yet ${table} holds rows`);
      }
    }
    return;
  }
  const held = new Map(
    inTable(TABLES.resourceTypes, () =>
      db.prepare(`SELECT sync_id, count(*) AS n FROM ${TABLES.resourceTypes} GROUP BY sync_id`).all(),
    ).map((row) => [row["sync_id"], Number(row["n"])] as const),
  );
  for (const run of runs) {
    const expected = run.stats?.resourceTypes ?? 0;
    if (!run.endedAt || run.type !== "full" || expected === 0) continue;
    const found = held.get(run.id) ?? 0;
    if (found !== expected) {
      throw new DamagedRowError(
        TABLES.syncRuns,
        undefined,
        `says sync ${run.id} has ${expected} resource types, but v1_resource_types holds ${found} of it`,
      );
    }
  }
}

// ── writing the current sync's run (the writer's side) ──────────────────────────────

/** Adds the row of a new, unfinished sync. Backfill never applies to a sync idsync writes. */
export function insertSyncRun(
  db: DatabaseSync,
  syncId: string,
  type: SyncType,
  parentSyncId: string,
  startedAt: Date,
): void {
  db.prepare(
    `INSERT INTO ${TABLES.syncRuns} (sync_id, started_at, sync_token, sync_type, parent_sync_id, grants_backfilled) ` +
      "VALUES (?, ?, '', ?, ?, 1)",
  ).run(syncId, formatSqliteTime(startedAt), type, parentSyncId);
}

export function updateSyncToken(db: DatabaseSync, syncId: string, token: string): void {
  db.prepare(`UPDATE ${TABLES.syncRuns} SET sync_token = ? WHERE sync_id = ?`).run(token, syncId);
}

/** Sets `ended_at`, unless the sync has already ended (its first end time stays). */
export function markSyncEnded(db: DatabaseSync, syncId: string, endedAt: Date): void {
  db.prepare(`UPDATE ${TABLES.syncRuns} SET ended_at = ? WHERE sync_id = ? AND ended_at IS NULL`).run(
    formatSqliteTime(endedAt),
    syncId,
  );
}

/** Caches the sync's counts, as Baton's JSON. */
export function updateSyncStats(db: DatabaseSync, syncId: string, statsJson: string): void {
  db.prepare(`UPDATE ${TABLES.syncRuns} SET stats = ? WHERE sync_id = ?`).run(statsJson, syncId);
}
