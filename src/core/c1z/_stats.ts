/**
 * @module
 * Per-sync counts, computed from the rows the way Baton's `C1File.stats` does
 * (`pkg/dotc1z/c1file.go`), and their cached form in `v1_sync_runs.stats`.
 *
 * Baton writes that column with Go's `encoding/json` applied to the generated
 * `c1.reader.v2.SyncStats` struct (not protojson), and reads it back the same way: so the
 * keys are the snake_case struct tags, int64 values are plain JSON numbers, zero values and
 * empty maps are omitted (`omitempty`), fields come in struct order and map keys sorted.
 * A reader that cannot parse it recomputes; one that can trusts it when resource_types > 0.
 */
import type { DatabaseSync } from "node:sqlite";
import { TABLES } from "./_schema.ts";
import { decodeRow, inTable, requiredText } from "./_row-errors.ts";
import { integer, tableColumns } from "./_sql.ts";

export interface SyncStats {
  resourceTypes: number;
  resources: number;
  entitlements: number;
  grants: number;
  assets: number;
  /** Resources per resource type; every stored resource type appears, with 0 when it has none. */
  resourcesByType: Record<string, number>;
  /** Entitlements per resource type of the resource they are on. */
  entitlementsByType: Record<string, number>;
  /** Grants per resource type of the entitlement's resource (not the principal's). */
  grantsByType: Record<string, number>;
  /** Time spent per sync step, in milliseconds, when the engine reported it. */
  stepDurationsMs?: Record<string, number>;
}

function countByType(db: DatabaseSync, table: string, syncId: string): Map<string, number> {
  const rows = inTable(table, () =>
    db
      .prepare(`SELECT resource_type_id, count(*) AS n FROM ${table} WHERE sync_id = ? GROUP BY resource_type_id`)
      .all(syncId),
  );
  return new Map(
    rows.map((row) => decodeRow(table, row, (r) => [requiredText(r, "resource_type_id"), integer(r, "n")] as const)),
  );
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function sortedRecord(entries: Iterable<[string, number]>): Record<string, number> {
  const record: Record<string, number> = {};
  for (const [key, value] of [...entries].sort(([a], [b]) => byteOrder(a, b))) record[key] = value;
  return record;
}

const sum = (record: Record<string, number>): number => Object.values(record).reduce((total, n) => total + n, 0);

/** Counts the rows of `syncId`. A `resources_only` sync has no entitlement or grant counts. */
export function computeStats(db: DatabaseSync, syncId: string, syncType: string): SyncStats {
  const typeIds = inTable(TABLES.resourceTypes, () =>
    db.prepare(`SELECT id, external_id FROM ${TABLES.resourceTypes} WHERE sync_id = ?`).all(syncId),
  ).map((row) => decodeRow(TABLES.resourceTypes, row, (r) => requiredText(r, "external_id")));
  // Like Baton, only resources of a stored resource type are counted.
  const resourceCounts = countByType(db, TABLES.resources, syncId);
  const resourcesByType = sortedRecord(typeIds.map((id) => [id, resourceCounts.get(id) ?? 0]));
  const withGrants = syncType !== "resources_only";
  const entitlementsByType = withGrants ? sortedRecord(countByType(db, TABLES.entitlements, syncId)) : {};
  const grantsByType = withGrants ? sortedRecord(countByType(db, TABLES.grants, syncId)) : {};
  const assets = tableColumns(db, TABLES.assets).size
    ? integer(
        inTable(TABLES.assets, () =>
          db.prepare(`SELECT count(*) AS n FROM ${TABLES.assets} WHERE sync_id = ?`).get(syncId),
        ) ?? {},
        "n",
      )
    : 0;
  return {
    resourceTypes: typeIds.length,
    resources: sum(resourcesByType),
    entitlements: sum(entitlementsByType),
    grants: sum(grantsByType),
    assets,
    resourcesByType,
    entitlementsByType,
    grantsByType,
  };
}

// Go's encoding/json escapes these even inside strings (HTML safety); match its bytes.
const goEscape = (json: string): string =>
  json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The `stats` column text Baton would write for `stats`. */
export function statsToBatonJson(stats: SyncStats): string {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: number | Record<string, number> | undefined): void => {
    if (value === undefined || value === 0) return;
    if (typeof value === "object" && Object.keys(value).length === 0) return;
    out[key] = typeof value === "object" ? sortedRecord(Object.entries(value)) : value;
  };
  put("resource_types", stats.resourceTypes);
  put("resources", stats.resources);
  put("entitlements", stats.entitlements);
  put("grants", stats.grants);
  put("resources_by_resource_type", stats.resourcesByType);
  put("grants_by_resource_type", stats.grantsByType);
  put("entitlements_by_resource_type", stats.entitlementsByType);
  put("assets", stats.assets);
  put("step_durations_ms", stats.stepDurationsMs);
  return goEscape(JSON.stringify(out));
}

/** Reads a cached `stats` column; undefined when absent or unreadable (callers recompute). */
export function statsFromBatonJson(json: string | undefined): SyncStats | undefined {
  if (!json) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const source = parsed as Record<string, unknown>;
  // Go's decoder matches keys case-insensitively, so accept the protojson camelCase too.
  const field = (snake: string, camel: string): unknown => source[snake] ?? source[camel];
  const count = (snake: string, camel: string): number => Number(field(snake, camel) ?? 0) || 0;
  const counts = (snake: string, camel: string): Record<string, number> => {
    const value = field(snake, camel);
    if (typeof value !== "object" || value === null) return {};
    return sortedRecord(Object.entries(value).map(([key, n]) => [key, Number(n) || 0]));
  };
  const stats: SyncStats = {
    resourceTypes: count("resource_types", "resourceTypes"),
    resources: count("resources", "resources"),
    entitlements: count("entitlements", "entitlements"),
    grants: count("grants", "grants"),
    assets: count("assets", "assets"),
    resourcesByType: counts("resources_by_resource_type", "resourcesByResourceType"),
    entitlementsByType: counts("entitlements_by_resource_type", "entitlementsByResourceType"),
    grantsByType: counts("grants_by_resource_type", "grantsByResourceType"),
  };
  const steps = counts("step_durations_ms", "stepDurationsMs");
  if (Object.keys(steps).length > 0) stats.stepDurationsMs = steps;
  return stats;
}
