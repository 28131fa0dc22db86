/**
 * @module
 * Upserts of model objects into a working database. Rows go through prepared statements
 * inside transactions of at most `MAX_ROWS_PER_TRANSACTION` rows; nothing is kept in memory
 * between calls, so a sync of any size writes in constant memory.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Entitlement, Grant, Resource, ResourceType } from "../model/index.ts";
import { entitlementRow, grantRow, resourceRow, resourceTypeRow } from "./_rows.ts";
import { TABLES } from "./_schema.ts";
import { formatSqliteTime } from "./_time.ts";

/** Large enough to amortise commits, small enough that a crash replays little. */
const MAX_ROWS_PER_TRANSACTION = 5_000;

// Upserts on (external_id, sync_id): a page re-sent after a resume updates the row in place
// and keeps its row id, which the engine's resource walk relies on.
const UPSERT_RESOURCE_TYPE = `
INSERT INTO ${TABLES.resourceTypes} (external_id, data, sync_id, discovered_at) VALUES (?, ?, ?, ?)
ON CONFLICT (external_id, sync_id) DO UPDATE SET data = excluded.data, discovered_at = excluded.discovered_at`;

const UPSERT_RESOURCE = `
INSERT INTO ${TABLES.resources}
  (resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data, sync_id, discovered_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (external_id, sync_id) DO UPDATE SET
  resource_type_id = excluded.resource_type_id,
  parent_resource_type_id = excluded.parent_resource_type_id,
  parent_resource_id = excluded.parent_resource_id,
  data = excluded.data,
  discovered_at = excluded.discovered_at`;

const UPSERT_ENTITLEMENT = `
INSERT INTO ${TABLES.entitlements} (resource_type_id, resource_id, external_id, data, sync_id, discovered_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (external_id, sync_id) DO UPDATE SET
  resource_type_id = excluded.resource_type_id,
  resource_id = excluded.resource_id,
  data = excluded.data,
  discovered_at = excluded.discovered_at`;

// needs_expansion follows Baton's upsert rule: a grant that is no longer expandable is not
// pending; a new or changed expansion is; an unchanged one keeps its state, so re-sending a
// grant after expansion ran does not queue it again. (SET expressions see the old row.)
const UPSERT_GRANT = `
INSERT INTO ${TABLES.grants}
  (resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id,
   external_id, expansion, needs_expansion, data, sync_id, discovered_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (external_id, sync_id) DO UPDATE SET
  resource_type_id = excluded.resource_type_id,
  resource_id = excluded.resource_id,
  entitlement_id = excluded.entitlement_id,
  principal_resource_type_id = excluded.principal_resource_type_id,
  principal_resource_id = excluded.principal_resource_id,
  needs_expansion = CASE
    WHEN excluded.expansion IS NULL THEN 0
    WHEN ${TABLES.grants}.expansion IS NULL OR ${TABLES.grants}.expansion != excluded.expansion THEN 1
    ELSE ${TABLES.grants}.needs_expansion
  END,
  expansion = excluded.expansion,
  data = excluded.data,
  discovered_at = excluded.discovered_at`;

export class RowWriter {
  readonly #db: DatabaseSync;
  readonly #resourceType: StatementSync;
  readonly #resource: StatementSync;
  readonly #entitlement: StatementSync;
  readonly #grant: StatementSync;
  #rowsInTransaction = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#resourceType = db.prepare(UPSERT_RESOURCE_TYPE);
    this.#resource = db.prepare(UPSERT_RESOURCE);
    this.#entitlement = db.prepare(UPSERT_ENTITLEMENT);
    this.#grant = db.prepare(UPSERT_GRANT);
  }

  /** Opens a transaction when none is open; call before each row. */
  #begin(): void {
    if (!this.#db.isTransaction) this.#db.exec("BEGIN");
  }

  /** Counts the row just written, committing every `MAX_ROWS_PER_TRANSACTION` rows. */
  #written(): void {
    if (++this.#rowsInTransaction >= MAX_ROWS_PER_TRANSACTION) this.flush();
  }

  /** Commits the rows written so far. */
  flush(): void {
    if (this.#db.isTransaction) this.#db.exec("COMMIT");
    this.#rowsInTransaction = 0;
  }

  /** Marks every grant of the sync as expanded. Returns how many were pending. */
  clearNeedsExpansion(syncId: string): number {
    const result = this.#db
      .prepare(`UPDATE ${TABLES.grants} SET needs_expansion = 0 WHERE sync_id = ? AND needs_expansion = 1`)
      .run(syncId);
    return Number(result.changes);
  }

  putResourceTypes(syncId: string, list: Iterable<ResourceType>): void {
    const now = formatSqliteTime(new Date());
    for (const resourceType of list) {
      const row = resourceTypeRow(resourceType);
      this.#begin();
      this.#resourceType.run(row.externalId, row.data, syncId, now);
      this.#written();
    }
  }

  putResources(syncId: string, list: Iterable<Resource>): void {
    const now = formatSqliteTime(new Date());
    for (const resource of list) {
      const row = resourceRow(resource);
      this.#begin();
      this.#resource.run(
        row.resourceTypeId,
        row.externalId,
        row.parentResourceTypeId,
        row.parentResourceId,
        row.data,
        syncId,
        now,
      );
      this.#written();
    }
  }

  putEntitlements(syncId: string, list: Iterable<Entitlement>): void {
    const now = formatSqliteTime(new Date());
    for (const entitlement of list) {
      const row = entitlementRow(entitlement);
      this.#begin();
      this.#entitlement.run(row.resourceTypeId, row.resourceId, row.externalId, row.data, syncId, now);
      this.#written();
    }
  }

  putGrants(syncId: string, list: Iterable<Grant>): void {
    const now = formatSqliteTime(new Date());
    for (const grant of list) {
      const row = grantRow(grant);
      this.#begin();
      this.#grant.run(
        row.resourceTypeId,
        row.resourceId,
        row.entitlementId,
        row.principalResourceTypeId,
        row.principalResourceId,
        row.externalId,
        row.expansion,
        row.needsExpansion,
        row.data,
        syncId,
        now,
      );
      this.#written();
    }
  }
}
