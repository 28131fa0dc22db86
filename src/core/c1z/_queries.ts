/**
 * @module
 * Read queries over one sync's rows, shared by the reader and the writer (which the sync
 * engine queries while it writes). Lists page by row id, at most `pageSize` rows per query,
 * so memory holds one page, never a table.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { resourceKey, type Entitlement, type Grant, type Resource, type ResourceId, type ResourceType } from "../model/index.ts";
import {
  GRANT_COLUMNS,
  LEGACY_GRANT_COLUMNS,
  entitlementFromRow,
  grantFromRow,
  resourceFromRow,
  resourceTypeFromRow,
} from "./_rows.ts";
import { TABLES } from "./_schema.ts";
import { StatementCache, integer, tableColumns, text, type Row } from "./_sql.ts";

export interface ResourceFilter {
  resourceType?: string;
  /** Only the children of this resource. */
  parent?: ResourceId;
}

export interface EntitlementFilter {
  /** Only the entitlements on this resource. */
  resource?: ResourceId;
}

export interface GrantFilter {
  entitlementId?: string;
  principal?: ResourceId;
  /** Only grants of entitlements on this resource. */
  resource?: ResourceId;
}

/** Baton pages lists by at most 10,000 rows; we stay below that. */
export const DEFAULT_PAGE_SIZE = 5_000;

interface Where {
  clause: string;
  parameters: SQLInputValue[];
}

function where(syncId: string, conditions: Array<[string, SQLInputValue[]] | undefined>): Where {
  const parts = ["sync_id = ?"];
  const parameters: SQLInputValue[] = [syncId];
  for (const condition of conditions) {
    if (!condition) continue;
    parts.push(condition[0]);
    parameters.push(...condition[1]);
  }
  return { clause: parts.join(" AND "), parameters };
}

const idCondition = (typeColumn: string, idColumn: string, id: ResourceId | undefined): [string, SQLInputValue[]] | undefined =>
  id ? [`${typeColumn} = ? AND ${idColumn} = ?`, [id.resourceType, id.resource]] : undefined;

export class SyncQueries {
  readonly #statements: StatementCache;
  readonly #pageSize: number;
  readonly #grantColumns: string;

  constructor(db: DatabaseSync, options: { pageSize?: number } = {}) {
    this.#statements = new StatementCache(db);
    this.#pageSize = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, 10_000);
    this.#grantColumns = tableColumns(db, TABLES.grants).has("expansion") ? GRANT_COLUMNS : LEGACY_GRANT_COLUMNS;
  }

  /** Rows matching `filter`, in row-id order, fetched one page per query. */
  *#paged(table: string, columns: string, filter: Where): Generator<Row> {
    const sql = `SELECT ${columns} FROM ${table} WHERE ${filter.clause} AND id > ? ORDER BY id LIMIT ?`;
    let afterId = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = this.#statements.get(sql).all(...filter.parameters, afterId, this.#pageSize);
      yield* rows;
      const last = rows.at(-1);
      if (!last || rows.length < this.#pageSize) return;
      afterId = integer(last, "id");
    }
  }

  #one(table: string, columns: string, syncId: string, externalId: string): Row | undefined {
    return this.#statements
      .get(`SELECT ${columns} FROM ${table} WHERE external_id = ? AND sync_id = ?`)
      .get(externalId, syncId);
  }

  #count(table: string, filter: Where): number {
    const row = this.#statements.get(`SELECT count(*) AS n FROM ${table} WHERE ${filter.clause}`).get(...filter.parameters);
    return row ? integer(row, "n") : 0;
  }

  *resourceTypes(syncId: string): Generator<ResourceType> {
    for (const row of this.#paged(TABLES.resourceTypes, "id, data", where(syncId, []))) yield resourceTypeFromRow(row);
  }

  *resources(syncId: string, filter: ResourceFilter = {}): Generator<Resource> {
    for (const row of this.#paged(TABLES.resources, "id, data", resourceWhere(syncId, filter))) yield resourceFromRow(row);
  }

  /** Up to `limit` resources with row id > `afterRowId`, in row-id order. */
  resourcesAfter(syncId: string, afterRowId: number, limit: number): Array<{ rowId: number; resource: Resource }> {
    return this.#statements
      .get(`SELECT id, data FROM ${TABLES.resources} WHERE sync_id = ? AND id > ? ORDER BY id LIMIT ?`)
      .all(syncId, afterRowId, limit)
      .map((row) => ({ rowId: integer(row, "id"), resource: resourceFromRow(row) }));
  }

  *entitlements(syncId: string, filter: EntitlementFilter = {}): Generator<Entitlement> {
    const filterWhere = where(syncId, [idCondition("resource_type_id", "resource_id", filter.resource)]);
    for (const row of this.#paged(TABLES.entitlements, "id, data", filterWhere)) yield entitlementFromRow(row);
  }

  *grants(syncId: string, filter: GrantFilter = {}): Generator<Grant> {
    for (const row of this.#paged(TABLES.grants, this.#grantColumns, grantWhere(syncId, filter))) yield grantFromRow(row);
  }

  getResourceType(syncId: string, id: string): ResourceType | undefined {
    const row = this.#one(TABLES.resourceTypes, "data", syncId, id);
    return row ? resourceTypeFromRow(row) : undefined;
  }

  getResource(syncId: string, id: ResourceId): Resource | undefined {
    const row = this.#one(TABLES.resources, "data", syncId, resourceKey(id));
    return row ? resourceFromRow(row) : undefined;
  }

  getEntitlement(syncId: string, id: string): Entitlement | undefined {
    const row = this.#one(TABLES.entitlements, "data", syncId, id);
    return row ? entitlementFromRow(row) : undefined;
  }

  getGrant(syncId: string, id: string): Grant | undefined {
    const row = this.#one(TABLES.grants, this.#grantColumns, syncId, id);
    return row ? grantFromRow(row) : undefined;
  }

  countResourceTypes(syncId: string): number {
    return this.#count(TABLES.resourceTypes, where(syncId, []));
  }

  countResources(syncId: string, filter: ResourceFilter = {}): number {
    return this.#count(TABLES.resources, resourceWhere(syncId, filter));
  }

  countEntitlements(syncId: string, filter: EntitlementFilter = {}): number {
    return this.#count(TABLES.entitlements, where(syncId, [idCondition("resource_type_id", "resource_id", filter.resource)]));
  }

  countGrants(syncId: string, filter: GrantFilter = {}): number {
    return this.#count(TABLES.grants, grantWhere(syncId, filter));
  }

  /** Resources of the sync per resource type (only types that have some). */
  countResourcesByType(syncId: string): Record<string, number> {
    const rows = this.#statements
      .get(`SELECT resource_type_id AS type, count(*) AS n FROM ${TABLES.resources} WHERE sync_id = ? GROUP BY resource_type_id ORDER BY resource_type_id`)
      .all(syncId);
    return Object.fromEntries(rows.map((row) => [text(row, "type"), integer(row, "n")]));
  }
}

function resourceWhere(syncId: string, filter: ResourceFilter): Where {
  return where(syncId, [
    filter.resourceType === undefined ? undefined : ["resource_type_id = ?", [filter.resourceType]],
    idCondition("parent_resource_type_id", "parent_resource_id", filter.parent),
  ]);
}

function grantWhere(syncId: string, filter: GrantFilter): Where {
  return where(syncId, [
    filter.entitlementId === undefined ? undefined : ["entitlement_id = ?", [filter.entitlementId]],
    idCondition("principal_resource_type_id", "principal_resource_id", filter.principal),
    idCondition("resource_type_id", "resource_id", filter.resource),
  ]);
}
