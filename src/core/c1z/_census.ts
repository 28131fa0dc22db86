/**
 * @module
 * Counts the sync engine compares between the sync being written and the previous full sync in
 * the file, so that an answer that shrank sharply is caught before it replaces that file (see
 * `core/sync/answer-checks.ts`). Each is one grouped query over indexed columns.
 */
import type { DatabaseSync } from "node:sqlite";
import type { ResourceId } from "../model/index.ts";
import { decodeRow, inTable, requiredText } from "./_row-errors.ts";
import { TABLES } from "./_schema.ts";
import { integer } from "./_sql.ts";

/** How many rows of one sync there are per resource type (of the resource, or of the entitlement's resource for grants). */
export interface SyncCensus {
  resourcesByType: Record<string, number>;
  grantsByType: Record<string, number>;
}

/** A resource that held grants in one sync and holds none in another. */
export interface EmptiedResource {
  id: ResourceId;
  /** Its grants in the earlier sync. */
  before: number;
}

function countByType(db: DatabaseSync, table: string, syncId: string): Record<string, number> {
  const rows = inTable(table, () =>
    db
      .prepare(`SELECT resource_type_id, count(*) AS n FROM ${table} WHERE sync_id = ? GROUP BY resource_type_id`)
      .all(syncId),
  );
  return Object.fromEntries(
    rows.map((row) => decodeRow(table, row, (r) => [requiredText(r, "resource_type_id"), integer(r, "n")] as const)),
  );
}

export function syncCensus(db: DatabaseSync, syncId: string): SyncCensus {
  return { resourcesByType: countByType(db, TABLES.resources, syncId), grantsByType: grantsByType(db, syncId) };
}

/** Grants of one sync per resource type of the entitlement's resource. A pass over the grants table. */
export function grantsByType(db: DatabaseSync, syncId: string): Record<string, number> {
  return countByType(db, TABLES.grants, syncId);
}

/**
 * The resources that had at least `atLeast` grants on their entitlements in `beforeSyncId` and
 * have none in `afterSyncId`, largest first, at most `limit`. Whether each still exists in the
 * later sync is the caller's question (a team deleted since is no shrinkage).
 */
export function emptiedResources(
  db: DatabaseSync,
  beforeSyncId: string,
  afterSyncId: string,
  atLeast: number,
  limit: number,
): EmptiedResource[] {
  const table = TABLES.grants;
  // Two grouped passes joined, not a NOT EXISTS per row: a role with 100,000 holders would
  // otherwise probe the (resource type, resource) index 100,000 times over.
  const sql =
    `SELECT p.resource_type_id, p.resource_id, p.n FROM ` +
    `(SELECT resource_type_id, resource_id, count(*) AS n FROM ${table} WHERE sync_id = ? GROUP BY resource_type_id, resource_id HAVING n >= ?) AS p ` +
    `LEFT JOIN (SELECT DISTINCT resource_type_id, resource_id FROM ${table} WHERE sync_id = ?) AS c ` +
    "ON c.resource_type_id = p.resource_type_id AND c.resource_id = p.resource_id " +
    "WHERE c.resource_id IS NULL ORDER BY p.n DESC, p.resource_type_id, p.resource_id LIMIT ?";
  const rows = inTable(table, () => db.prepare(sql).all(beforeSyncId, atLeast, afterSyncId, limit));
  return rows.map((row) =>
    decodeRow(table, row, (r) => ({
      id: { resourceType: requiredText(r, "resource_type_id"), resource: requiredText(r, "resource_id") },
      before: integer(r, "n"),
    })),
  );
}
