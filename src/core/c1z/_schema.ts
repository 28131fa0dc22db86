/**
 * @module
 * Baton's c1z v1 schema (`pkg/dotc1z/*.go` table descriptors, see c1z-format.md §1): seven
 * `v1_` tables, their indexes, and the columns newer SDKs added. Applying it is idempotent,
 * so it runs on every open of a working database, whatever SDK wrote the file it came from.
 */
import type { DatabaseSync } from "node:sqlite";
import { inTransaction, tableColumns } from "./_sql.ts";

export const TABLES = {
  resourceTypes: "v1_resource_types",
  resources: "v1_resources",
  entitlements: "v1_entitlements",
  grants: "v1_grants",
  syncRuns: "v1_sync_runs",
  assets: "v1_assets",
  sessions: "v1_connector_sessions",
} as const;

/** Every table whose rows belong to a sync (all of them carry `sync_id`). */
export const SYNC_SCOPED_TABLES: readonly string[] = Object.values(TABLES);

/**
 * The tables every c1z v1 has had, with the columns the queries read; newer tables (assets,
 * sessions) and columns (`expansion`, `sync_type`, `stats`…) may be missing from old files.
 */
export const REQUIRED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [TABLES.syncRuns]: ["id", "sync_id", "started_at", "ended_at", "sync_token"],
  [TABLES.resourceTypes]: ["id", "external_id", "data", "sync_id"],
  [TABLES.resources]: [
    "id",
    "resource_type_id",
    "external_id",
    "parent_resource_type_id",
    "parent_resource_id",
    "data",
    "sync_id",
  ],
  [TABLES.entitlements]: ["id", "resource_type_id", "resource_id", "external_id", "data", "sync_id"],
  [TABLES.grants]: [
    "id",
    "resource_type_id",
    "resource_id",
    "entitlement_id",
    "principal_resource_type_id",
    "principal_resource_id",
    "external_id",
    "data",
    "sync_id",
  ],
};

const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS v1_resource_types (
  id integer primary key,
  external_id text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
);
CREATE TABLE IF NOT EXISTS v1_resources (
  id integer primary key,
  resource_type_id text not null,
  external_id text not null,
  parent_resource_type_id text,
  parent_resource_id text,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
);
CREATE TABLE IF NOT EXISTS v1_entitlements (
  id integer primary key,
  resource_type_id text not null,
  resource_id text not null,
  external_id text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
);
CREATE TABLE IF NOT EXISTS v1_grants (
  id integer primary key,
  resource_type_id text not null,
  resource_id text not null,
  entitlement_id text not null,
  principal_resource_type_id text not null,
  principal_resource_id text not null,
  external_id text not null,
  expansion blob,
  needs_expansion integer not null default 0,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
);
CREATE TABLE IF NOT EXISTS v1_sync_runs (
  id integer primary key,
  sync_id text not null,
  started_at datetime not null,
  ended_at datetime,
  sync_token text not null,
  sync_type text not null default 'full',
  parent_sync_id text not null default '',
  linked_sync_id text not null default '',
  supports_diff integer not null default 0,
  grants_backfilled integer not null default 0,
  stats text,
  ingest_invariant_generation text not null default '',
  ingest_invariant_coverage text not null default '',
  ingest_invariant_mode text not null default ''
);
CREATE TABLE IF NOT EXISTS v1_assets (
  id integer primary key,
  external_id text not null,
  content_type text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
);
CREATE TABLE IF NOT EXISTS v1_connector_sessions (
  id integer primary key,
  sync_id text not null,
  key text not null,
  value blob not null
);
`;

/** Columns newer SDKs added to tables that older files already have (table, column, DDL). */
const ADDED_COLUMNS: ReadonlyArray<readonly [table: string, column: string, ddl: string]> = [
  ["v1_grants", "expansion", "blob"],
  ["v1_grants", "needs_expansion", "integer not null default 0"],
  ["v1_sync_runs", "sync_type", "text not null default 'full'"],
  ["v1_sync_runs", "parent_sync_id", "text not null default ''"],
  ["v1_sync_runs", "linked_sync_id", "text not null default ''"],
  ["v1_sync_runs", "supports_diff", "integer not null default 0"],
  ["v1_sync_runs", "grants_backfilled", "integer not null default 0"],
  ["v1_sync_runs", "stats", "text"],
  ["v1_sync_runs", "ingest_invariant_generation", "text not null default ''"],
  ["v1_sync_runs", "ingest_invariant_coverage", "text not null default ''"],
  ["v1_sync_runs", "ingest_invariant_mode", "text not null default ''"],
];

// Index names are Baton's, including the two on v1_resources whose names upstream swapped
// (the "external_sync" name is on the parent columns): readers look them up by name.
const INDEXES: ReadonlyArray<readonly [name: string, definition: string]> = [
  ["idx_resource_types_external_sync_v1", "UNIQUE INDEX %s ON v1_resource_types (external_id, sync_id)"],
  ["idx_resources_resource_type_id_v1", "INDEX %s ON v1_resources (resource_type_id)"],
  ["idx_resources_external_sync_v1", "INDEX %s ON v1_resources (parent_resource_type_id, parent_resource_id)"],
  ["idx_resources_parent_resource_id_v1", "UNIQUE INDEX %s ON v1_resources (external_id, sync_id)"],
  ["idx_entitlements_resource_id_v1", "INDEX %s ON v1_entitlements (resource_type_id, resource_id)"],
  ["idx_entitlements_external_sync_v1", "UNIQUE INDEX %s ON v1_entitlements (external_id, sync_id)"],
  ["idx_grants_resource_type_id_resource_id_v1", "INDEX %s ON v1_grants (resource_type_id, resource_id)"],
  ["idx_grants_principal_id_v1", "INDEX %s ON v1_grants (principal_resource_type_id, principal_resource_id)"],
  [
    "idx_grants_entitlement_id_principal_id_v1",
    "INDEX %s ON v1_grants (entitlement_id, principal_resource_type_id, principal_resource_id)",
  ],
  ["idx_grants_external_sync_v1", "UNIQUE INDEX %s ON v1_grants (external_id, sync_id)"],
  ["idx_grants_entitlement_sync_grant_v1", "INDEX %s ON v1_grants (entitlement_id, sync_id, id)"],
  ["idx_grants_sync_expansion_v1", "INDEX %s ON v1_grants (sync_id) WHERE expansion IS NOT NULL"],
  ["idx_grants_sync_needs_expansion_v1", "INDEX %s ON v1_grants (sync_id) WHERE needs_expansion = 1"],
  ["idx_sync_runs_sync_id_v1", "UNIQUE INDEX %s ON v1_sync_runs (sync_id)"],
  ["idx_assets_external_sync_v1", "UNIQUE INDEX %s ON v1_assets (external_id, sync_id)"],
  ["idx_session_store_sync_key_v1", "UNIQUE INDEX %s ON v1_connector_sessions (sync_id, key)"],
];

/**
 * The indexes of v1_grants that bulk grant writes may drop and build again once (see
 * `C1zWriter.deferGrantIndexes`): the non-unique ones over every row. The unique key stays, as
 * upserts need it, and so do the two partial indexes, which rows without an expansion skip.
 */
export const DEFERRABLE_GRANT_INDEXES: readonly string[] = [
  "idx_grants_resource_type_id_resource_id_v1",
  "idx_grants_principal_id_v1",
  "idx_grants_entitlement_id_principal_id_v1",
  "idx_grants_entitlement_sync_grant_v1",
];

/** Creates the named indexes (all of them by default) where missing, with Baton's definitions. */
export function createIndexes(db: DatabaseSync, names?: readonly string[]): void {
  for (const [name, definition] of INDEXES) {
    if (names && !names.includes(name)) continue;
    db.exec(`CREATE ${definition.replace("INDEX %s", `INDEX IF NOT EXISTS ${name}`)}`);
  }
}

/** Creates missing tables, columns and indexes. Safe to run on any v1 file, any number of times. */
export function applySchema(db: DatabaseSync): void {
  inTransaction(db, () => {
    db.exec(CREATE_TABLES);
    const columnsByTable = new Map<string, Set<string>>();
    for (const [table, column, ddl] of ADDED_COLUMNS) {
      let columns = columnsByTable.get(table);
      if (!columns) {
        columns = tableColumns(db, table);
        columnsByTable.set(table, columns);
      }
      if (!columns.has(column)) {
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${ddl}`);
        columns.add(column);
      }
    }
    // Indexes last: two are partial indexes over columns the migrations above may add.
    createIndexes(db);
  });
}
