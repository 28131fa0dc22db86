/**
 * @module
 * Read queries over one sync's rows, shared by the reader and the writer (which the sync
 * engine queries while it writes). Lists page by row id, at most `pageSize` rows per query,
 * so memory holds one page, never a table.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import {
  resourceKey,
  type Entitlement,
  type Grant,
  type GrantExpandable,
  type Resource,
  type ResourceId,
  type ResourceType,
} from "../model/index.ts";
import {
  decodeExpansion,
  GRANT_COLUMNS,
  LEGACY_GRANT_COLUMNS,
  entitlementFromRow,
  grantFromRow,
  resourceFromRow,
  resourceTypeFromRow,
} from "./_rows.ts";
import { TABLES } from "./_schema.ts";
import { SharedGrantDecoder } from "./_shared-grants.ts";
import { dataBlob, decodeRow, inTable, nullableBlob, requiredText, rowId } from "./_row-errors.ts";
import { StatementCache, integer, tableColumns, type Row } from "./_sql.ts";

export interface ResourceFilter {
  resourceType?: string;
  /** Only the children of this resource. */
  parent?: ResourceId;
}

export interface EntitlementFilter {
  /** Only the entitlements on resources of this type. */
  resourceType?: string;
  /** Only the entitlements on this resource. */
  resource?: ResourceId;
}

export interface GrantFilter {
  entitlementId?: string;
  principal?: ResourceId;
  /** Only grants of entitlements on this resource. */
  resource?: ResourceId;
  /** Only grants of entitlements on resources of this type. */
  resourceType?: string;
}

/** The four kinds of row a sync holds, by the model type they decode to. */
export interface KeyedKinds {
  resourceTypes: ResourceType;
  resources: Resource;
  entitlements: Entitlement;
  grants: Grant;
}

/**
 * A row in external-id order, with its stored bytes so two syncs can be compared without
 * decoding rows that did not change; `decode()` gives the model object.
 */
export interface KeyedRow<T> {
  /** The row's `external_id`: type id, `type:id`, entitlement id or grant id. */
  key: string;
  /** The stored protobuf (`data`). */
  data: Uint8Array;
  /** For grants, the stored `expansion` column when set. */
  expansion?: Uint8Array;
  decode(): T;
}

const KEYED_TABLES: Record<keyof KeyedKinds, string> = {
  resourceTypes: TABLES.resourceTypes,
  resources: TABLES.resources,
  entitlements: TABLES.entitlements,
  grants: TABLES.grants,
};

const KEYED_DECODERS: { [K in keyof KeyedKinds]: (row: Row) => KeyedKinds[K] } = {
  resourceTypes: resourceTypeFromRow,
  resources: resourceFromRow,
  entitlements: entitlementFromRow,
  grants: grantFromRow,
};

/** The columns the model decoders read, per table (`id` names a damaged row, `external_id` is checked against `data`). */
const ROW_COLUMNS = "id, external_id, data";

/** A grant of the sync that carries a GrantExpandable, as grant expansion needs it. */
export interface ExpandableGrantRow {
  grantId: string;
  entitlementId: string;
  principal: ResourceId;
  expandable: GrantExpandable;
}

const EXPANDABLE_COLUMNS =
  "id, external_id, entitlement_id, principal_resource_type_id, principal_resource_id, expansion";

function expandableGrantFromRow(row: Row): ExpandableGrantRow {
  return {
    grantId: requiredText(row, "external_id"),
    entitlementId: requiredText(row, "entitlement_id"),
    principal: {
      resourceType: requiredText(row, "principal_resource_type_id"),
      resource: requiredText(row, "principal_resource_id"),
    },
    // An empty blob is an expansion with no edges, as Baton reads it.
    expandable: decodeExpansion(nullableBlob(row, "expansion") ?? new Uint8Array(0)),
  };
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

const idCondition = (
  typeColumn: string,
  idColumn: string,
  id: ResourceId | undefined,
): [string, SQLInputValue[]] | undefined =>
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

  #all(table: string, sql: string, parameters: SQLInputValue[]): Row[] {
    return inTable(table, () => this.#statements.get(sql).all(...parameters));
  }

  /** Rows matching `filter`, in row-id order, fetched one page per query, each decoded or named as damaged. */
  *#paged<T>(table: string, columns: string, filter: Where, decode: (row: Row) => T): Generator<T> {
    const sql = `SELECT ${columns} FROM ${table} WHERE ${filter.clause} AND id > ? ORDER BY id LIMIT ?`;
    let afterId = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = this.#all(table, sql, [...filter.parameters, afterId, this.#pageSize]);
      for (const row of rows) yield decodeRow(table, row, decode);
      const last = rows.at(-1);
      if (!last || rows.length < this.#pageSize) return;
      afterId = decodeRow(table, last, rowId);
    }
  }

  #one<T>(table: string, columns: string, syncId: string, externalId: string, decode: (row: Row) => T): T | undefined {
    const row = inTable(table, () =>
      this.#statements
        .get(`SELECT ${columns} FROM ${table} WHERE external_id = ? AND sync_id = ?`)
        .get(externalId, syncId),
    );
    return row ? decodeRow(table, row, decode) : undefined;
  }

  #count(table: string, filter: Where): number {
    const row = inTable(table, () =>
      this.#statements.get(`SELECT count(*) AS n FROM ${table} WHERE ${filter.clause}`).get(...filter.parameters),
    );
    return row ? integer(row, "n") : 0;
  }

  resourceTypes(syncId: string): Generator<ResourceType> {
    return this.#paged(TABLES.resourceTypes, ROW_COLUMNS, where(syncId, []), resourceTypeFromRow);
  }

  resources(syncId: string, filter: ResourceFilter = {}): Generator<Resource> {
    return this.#paged(TABLES.resources, ROW_COLUMNS, resourceWhere(syncId, filter), resourceFromRow);
  }

  /** Up to `limit` resources with row id > `afterRowId`, in row-id order. */
  resourcesAfter(
    syncId: string,
    afterRowId: number,
    limit: number,
    types?: readonly string[],
  ): Array<{ rowId: number; resource: Resource }> {
    if (types?.length === 0) return [];
    const ofTypes = types === undefined ? "" : ` AND resource_type_id IN (${types.map(() => "?").join(", ")})`;
    const sql = `SELECT ${ROW_COLUMNS} FROM ${TABLES.resources} WHERE sync_id = ? AND id > ?${ofTypes} ORDER BY id LIMIT ?`;
    return this.#all(TABLES.resources, sql, [syncId, afterRowId, ...(types ?? []), limit]).map((row) =>
      decodeRow(TABLES.resources, row, (r) => ({ rowId: rowId(r), resource: resourceFromRow(r) })),
    );
  }

  entitlements(syncId: string, filter: EntitlementFilter = {}): Generator<Entitlement> {
    return this.#paged(TABLES.entitlements, ROW_COLUMNS, entitlementWhere(syncId, filter), entitlementFromRow);
  }

  grants(syncId: string, filter: GrantFilter = {}): Generator<Grant> {
    return this.#paged(TABLES.grants, this.#grantColumns, grantWhere(syncId, filter), grantFromRow);
  }

  /** Grants of the sync with an `expansion`, in row-id order (only files that have the column hold any). */
  expandableGrants(syncId: string): Generator<ExpandableGrantRow> {
    return this.#paged(
      TABLES.grants,
      EXPANDABLE_COLUMNS,
      { clause: "sync_id = ? AND expansion IS NOT NULL", parameters: [syncId] },
      expandableGrantFromRow,
    );
  }

  /**
   * Every row of one kind in `external_id` order, paged by that key. SQLite compares TEXT
   * bytewise (UTF-8), which is Unicode code-point order; the unique (external_id, sync_id)
   * index every c1z has serves the order, so no page sorts the table.
   */
  *keyedRows<K extends keyof KeyedKinds>(kind: K, syncId: string): Generator<KeyedRow<KeyedKinds[K]>> {
    const table = KEYED_TABLES[kind];
    const columns = kind === "grants" ? this.#grantColumns : ROW_COLUMNS;
    const decode = KEYED_DECODERS[kind] as (row: Row) => KeyedKinds[K];
    const page = (operator: string): string =>
      `SELECT ${columns} FROM ${table} WHERE sync_id = ? AND external_id ${operator} ? ORDER BY external_id LIMIT ?`;
    // The first page starts at '' inclusive: an empty external id is odd but must not be skipped.
    let [sql, after] = [page(">="), ""];
    for (;;) {
      const rows = this.#all(table, sql, [syncId, after, this.#pageSize]);
      for (const row of rows) {
        yield decodeRow(table, row, (r) => {
          const keyed: KeyedRow<KeyedKinds[K]> = {
            key: requiredText(r, "external_id"),
            data: dataBlob(r),
            decode: () => decodeRow(table, r, decode),
          };
          const expansion = kind === "grants" ? nullableBlob(r, "expansion") : undefined;
          if (expansion) keyed.expansion = expansion;
          return keyed;
        });
      }
      const last = rows.at(-1);
      if (!last || rows.length < this.#pageSize) return;
      [sql, after] = [page(">"), decodeRow(table, last, (r) => requiredText(r, "external_id"))];
    }
  }

  /**
   * The sync's grants ordered by principal (type, id), then row id, paged by that key: the
   * principal index holds exactly this order, so each principal's grants arrive together.
   * `shared`: grants with the same embedded entitlement, principal or sources share those
   * objects, decoded once (see `_shared-grants.ts`); for readers that do not change them.
   */
  *grantsByPrincipal(syncId: string, options: { shared?: boolean } = {}): Generator<Grant> {
    const shared = options.shared ? new SharedGrantDecoder() : undefined;
    const decode = shared ? (row: Row) => shared.decode(row) : grantFromRow;
    const sql =
      `SELECT ${this.#grantColumns} FROM ${TABLES.grants} WHERE sync_id = ? ` +
      "AND (principal_resource_type_id, principal_resource_id, id) > (?, ?, ?) " +
      "ORDER BY principal_resource_type_id, principal_resource_id, id LIMIT ?";
    const table = TABLES.grants;
    let after: [string, string, number] = ["", "", Number.MIN_SAFE_INTEGER];
    for (;;) {
      const rows = this.#all(table, sql, [syncId, ...after, this.#pageSize]);
      for (const row of rows) yield decodeRow(table, row, decode);
      const last = rows.at(-1);
      if (!last || rows.length < this.#pageSize) return;
      after = decodeRow(table, last, (r) => [
        requiredText(r, "principal_resource_type_id"),
        requiredText(r, "principal_resource_id"),
        rowId(r),
      ]);
    }
  }

  getResourceType(syncId: string, id: string): ResourceType | undefined {
    return this.#one(TABLES.resourceTypes, ROW_COLUMNS, syncId, id, resourceTypeFromRow);
  }

  getResource(syncId: string, id: ResourceId): Resource | undefined {
    return this.#one(TABLES.resources, ROW_COLUMNS, syncId, resourceKey(id), resourceFromRow);
  }

  getEntitlement(syncId: string, id: string): Entitlement | undefined {
    return this.#one(TABLES.entitlements, ROW_COLUMNS, syncId, id, entitlementFromRow);
  }

  getGrant(syncId: string, id: string): Grant | undefined {
    return this.#one(TABLES.grants, this.#grantColumns, syncId, id, grantFromRow);
  }

  countResourceTypes(syncId: string): number {
    return this.#count(TABLES.resourceTypes, where(syncId, []));
  }

  countResources(syncId: string, filter: ResourceFilter = {}): number {
    return this.#count(TABLES.resources, resourceWhere(syncId, filter));
  }

  countEntitlements(syncId: string, filter: EntitlementFilter = {}): number {
    return this.#count(TABLES.entitlements, entitlementWhere(syncId, filter));
  }

  countGrants(syncId: string, filter: GrantFilter = {}): number {
    return this.#count(TABLES.grants, grantWhere(syncId, filter));
  }

  /** Resources of the sync per resource type (only types that have some). */
  countResourcesByType(syncId: string): Record<string, number> {
    const table = TABLES.resources;
    const sql = `SELECT resource_type_id, count(*) AS n FROM ${table} WHERE sync_id = ? GROUP BY resource_type_id ORDER BY resource_type_id`;
    return Object.fromEntries(
      this.#all(table, sql, [syncId]).map((row) =>
        decodeRow(table, row, (r) => [requiredText(r, "resource_type_id"), integer(r, "n")]),
      ),
    );
  }
}

function resourceWhere(syncId: string, filter: ResourceFilter): Where {
  return where(syncId, [
    filter.resourceType === undefined ? undefined : ["resource_type_id = ?", [filter.resourceType]],
    idCondition("parent_resource_type_id", "parent_resource_id", filter.parent),
  ]);
}

function entitlementWhere(syncId: string, filter: EntitlementFilter): Where {
  return where(syncId, [
    filter.resourceType === undefined ? undefined : ["resource_type_id = ?", [filter.resourceType]],
    idCondition("resource_type_id", "resource_id", filter.resource),
  ]);
}

function grantWhere(syncId: string, filter: GrantFilter): Where {
  return where(syncId, [
    filter.resourceType === undefined ? undefined : ["resource_type_id = ?", [filter.resourceType]],
    filter.entitlementId === undefined ? undefined : ["entitlement_id = ?", [filter.entitlementId]],
    idCondition("principal_resource_type_id", "principal_resource_id", filter.principal),
    idCondition("resource_type_id", "resource_id", filter.resource),
  ]);
}
