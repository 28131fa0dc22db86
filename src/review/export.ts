/**
 * @module
 * One row per grant, ready for a spreadsheet or a data warehouse: who (with email, account
 * type, status and last login), holds what (resource and entitlement), in which app, and how
 * (directly, or through which entitlements).
 *
 * Streaming: grants are read grouped by principal, so each principal is looked up once, and
 * entitlement and resource names go through bounded caches; memory does not grow with the
 * number of grants.
 */
import path from "node:path";
import { resourceKey, type C1zReader, type Grant, type Resource } from "../core/index.ts";
import { SyncLookup, userFacts } from "./principals.ts";

/** The columns, in their fixed order; also the keys of each JSON row. */
export const EXPORT_COLUMNS = [
  "app",
  "principal_type",
  "principal_id",
  "principal_name",
  "email",
  "account_type",
  "status",
  "status_details",
  "last_login",
  "resource_type",
  "resource_id",
  "resource_name",
  "entitlement_id",
  "entitlement_name",
  "direct",
  "via",
  "grant_id",
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportValue = string | boolean | null;
export type ExportRow = { [K in ExportColumn]: K extends "direct" ? boolean : string | null };

/**
 * The app a c1z came from, from its file name: a c1z does not record which connector wrote
 * it. `clockify.c1z` → `clockify`; `baton-env0.c1z` → `env0`; `demo/runlayer.c1z` → `runlayer`.
 */
export function appNameFromPath(file: string): string {
  const base = path.basename(file).replace(/\.c1z$/i, "");
  return base.replace(/^baton-/i, "") || base;
}

export interface ExportOptions {
  /** Bound of each name cache. @default 10,000 */
  cacheSize?: number;
}

/** The columns that come from the principal: the same for all of a principal's rows. */
export const PRINCIPAL_COLUMNS = EXPORT_COLUMNS.slice(0, 9) as readonly PrincipalColumn[];
/** The columns that come from the entitlement held (and its resource). */
export const TARGET_COLUMNS = EXPORT_COLUMNS.slice(9, 14) as readonly TargetColumn[];
/** The columns that come from the grant itself. */
export const GRANT_COLUMNS = EXPORT_COLUMNS.slice(14) as readonly GrantColumn[];

type PrincipalColumn =
  | "app"
  | "principal_type"
  | "principal_id"
  | "principal_name"
  | "email"
  | "account_type"
  | "status"
  | "status_details"
  | "last_login";
type TargetColumn = "resource_type" | "resource_id" | "resource_name" | "entitlement_id" | "entitlement_name";
type GrantColumn = "direct" | "via" | "grant_id";
export type PrincipalColumns = Pick<ExportRow, PrincipalColumn>;
export type TargetColumns = Pick<ExportRow, TargetColumn>;
export type GrantColumns = Pick<ExportRow, GrantColumn>;

/**
 * One row in its three parts. A principal's rows share one `principal` object, and rows of
 * one entitlement mostly share one `target` object, so a writer can format each once.
 */
export interface ExportRowParts {
  principal: PrincipalColumns;
  target: TargetColumns;
  grant: GrantColumns;
}

/** The rows of one sync, grouped by principal. */
export function* exportRows(
  reader: C1zReader,
  syncId: string,
  app: string,
  options: ExportOptions = {},
): Generator<ExportRow> {
  for (const { principal, target, grant } of exportRowParts(reader, syncId, app, options)) {
    yield { ...principal, ...target, ...grant };
  }
}

/** The rows of one sync, grouped by principal, each in its parts. */
export function* exportRowParts(
  reader: C1zReader,
  syncId: string,
  app: string,
  options: ExportOptions = {},
): Generator<ExportRowParts> {
  const lookup = new SyncLookup(reader, syncId, options.cacheSize);
  // Grants arrive grouped by principal: each principal is looked up and described once.
  let current: { key: string; columns: PrincipalColumns } | undefined;
  // Shared decoding gives grants whose embedded entitlement bytes are equal the same object,
  // and the columns follow from those bytes alone: described once per object, for as long as
  // the decoder keeps it.
  const targets = new WeakMap<Grant["entitlement"], TargetColumns>();
  // Shared: rows only read the grants, and most of each grant's bytes repeat from row to row.
  for (const grant of reader.grantsByPrincipal(syncId, { shared: true })) {
    const key = resourceKey(grant.principal.id);
    if (current?.key !== key) current = { key, columns: principalColumns(app, lookup.principal(grant.principal)) };
    let target = targets.get(grant.entitlement);
    if (target === undefined) {
      target = targetColumns(grant.entitlement, lookup);
      targets.set(grant.entitlement, target);
    }
    yield { principal: current.columns, target, grant: grantColumns(grant) };
  }
}

function principalColumns(app: string, principal: Resource): PrincipalColumns {
  const facts = userFacts(principal);
  return {
    app,
    principal_type: principal.id.resourceType,
    principal_id: principal.id.resource,
    principal_name: principal.displayName || null,
    email: facts?.email ?? null,
    account_type: facts?.accountType ?? null,
    status: facts?.status ?? principal.status?.status ?? null,
    status_details: (facts ? facts.statusDetails : principal.status?.details) ?? null,
    last_login: facts?.lastLogin ? facts.lastLogin.toISOString() : null,
  };
}

function targetColumns(embedded: Grant["entitlement"], lookup: SyncLookup): TargetColumns {
  const resource = embedded.resource;
  const entitlement = lookup.entitlement(embedded.id);
  return {
    resource_type: resource.id.resourceType,
    resource_id: resource.id.resource,
    resource_name: lookup.displayName(resource) || null,
    entitlement_id: embedded.id,
    entitlement_name: entitlement?.displayName || entitlement?.slug || null,
  };
}

function grantColumns(grant: Grant): GrantColumns {
  const sources = Object.keys(grant.sources ?? {});
  const via = sources.filter((source) => source !== grant.entitlement.id).sort();
  return {
    direct: sources.length === 0 || sources.includes(grant.entitlement.id),
    via: via.length > 0 ? via.join("; ") : null,
    grant_id: grant.id,
  };
}
