/**
 * @module
 * The explorer's JSON API: one function per `GET /api/…` path, each returning the document the
 * matching reading command prints with `-o json` (the same shape functions build both), plus
 * `total`, `offset` and `limit` on the listings, which come a page at a time.
 *
 * Listings stream the file and keep only the page asked for. Unfiltered listings take their
 * total from a count query and stop reading once the page is full; a search (`q`) matches the
 * search index built once per file (`search-index.ts`) and reads back only the page's rows.
 * Reviews are built on a worker thread (`review-thread.ts`): nothing a request asks for holds
 * the event loop for long.
 */
import {
  isIdsyncError,
  parseResourceKey,
  type EntitlementFilter,
  type GrantFilter,
  type Resource,
  type ResourceId,
} from "../core/index.ts";
import { PeopleAcrossApps, syncStats } from "../review/index.ts";
import type { ExplorerApp } from "./apps.ts";
import { ApiError, appOf, integer, paging, text, type Route } from "./_params.ts";
import { REVIEW_ROUTES } from "./triage.ts";
import { PEOPLE_ROUTES } from "./people.ts";
import { CHANGES_ROUTES, diffOf } from "./changes.ts";
import { HOLDERS_ROUTES } from "./holders.ts";
import { ROLES_ROUTES } from "./roles.ts";

export { ApiError, DEFAULT_LIMIT, MAX_LIMIT } from "./_params.ts";
import { searchableFields } from "./search-index.ts";
import {
  accessJson,
  entitlementJson,
  gapJson,
  grantJson,
  resourceJson,
  resourceTypeJson,
  statsJson,
  syncJson,
} from "../review/index.ts";

/** `staleDays` above this is surely a typo (a century). */
const MAX_STALE_DAYS = 36_500;

function resourceId(params: URLSearchParams, name: string): ResourceId | undefined {
  const raw = text(params, name);
  if (raw === undefined) return undefined;
  const id = parseResourceKey(raw);
  if (!id) throw new ApiError(400, `${name} must be TYPE:ID (e.g. user:42), got "${raw}"`);
  return id;
}

/** Refuses a type the sync does not have, as `-t` does, rather than listing nothing. */
function resourceType(app: ExplorerApp, params: URLSearchParams): string | undefined {
  const type = text(params, "type");
  if (type === undefined || app.lookup.resourceType(type)) return type;
  throw new ApiError(400, `sync ${app.sync.id} has no resource type "${type}"`);
}

// ── Paging ──────────────────────────────────────────────────────────────────────────────────

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The items `offset`…`offset + limit` of those in `source` that `match`, and how many match in
 * all. Only the page is kept. With `total` known (no filter), reading stops at the page's end.
 */
export function pageOf<T>(
  source: Iterable<T>,
  offset: number,
  limit: number,
  options: { match?: (item: T) => boolean; total?: number } = {},
): Page<T> {
  const { match, total } = options;
  const items: T[] = [];
  let seen = 0;
  for (const item of source) {
    if (match && !match(item)) continue;
    if (seen >= offset && items.length < limit) items.push(item);
    seen++;
    if (total !== undefined && !match && items.length >= limit) break;
  }
  return { items, total: total !== undefined && !match ? total : seen };
}

/** A listing as its command prints it, with the paging keys after its own. */
function listing(app: ExplorerApp, key: string, page: Page<unknown>, window: { offset: number; limit: number }) {
  return {
    file: app.file,
    syncId: app.sync.id,
    [key]: page.items,
    count: page.items.length,
    total: page.total,
    ...window,
  };
}

/** A case-insensitive substring of the display name, the id, an email or the login (what the search index matches). */
export function matchesQuery(resource: Resource, query: string): boolean {
  const needle = query.toLowerCase();
  return searchableFields(resource).some((field) => field.includes(needle));
}

// ── Routes ──────────────────────────────────────────────────────────────────────────────────

function statsOf(app: ExplorerApp) {
  return app.cached("stats", () => statsJson(app.file, syncStats(app.reader, app.sync)));
}

const apps: Route = async ({ apps }) => {
  const list = [];
  for (const app of apps.values()) {
    list.push({ app: app.name, file: app.file, sync: syncJson(app.sync), note: app.note, stats: await statsOf(app) });
  }
  return { apps: list, count: list.length };
};

const resourceTypes: Route = (context) => {
  const app = appOf(context);
  return app.cached("resource-types", () => {
    const counts = app.reader.statsFor(app.sync.id).resourcesByType;
    const types = [...app.reader.resourceTypes(app.sync.id)].map((type) =>
      resourceTypeJson(type, counts[type.id] ?? 0),
    );
    return { file: app.file, syncId: app.sync.id, resourceTypes: types, count: types.length };
  });
};

const resources: Route = async (context) => {
  const app = appOf(context);
  const type = resourceType(app, context.params);
  const query = text(context.params, "q")?.trim();
  const window = paging(context.params);
  if (query) {
    // A search reads the index built once per file, then only the page's rows.
    const found = (await app.searchIndex()).search(query, { ...window, resourceType: type });
    const items = found.ids
      .map((id) => app.reader.getResource(app.sync.id, id))
      .filter((resource) => resource !== undefined);
    return listing(app, "resources", { items: items.map(resourceJson), total: found.total }, window);
  }
  const filter = type === undefined ? {} : { resourceType: type };
  const page = pageOf(app.reader.resources(app.sync.id, filter), window.offset, window.limit, {
    total: app.reader.countResources(app.sync.id, filter),
  });
  return listing(app, "resources", { items: page.items.map(resourceJson), total: page.total }, window);
};

const entitlements: Route = (context) => {
  const app = appOf(context);
  const type = resourceType(app, context.params);
  const id = text(context.params, "resource");
  if (id !== undefined && type === undefined)
    throw new ApiError(400, "resource needs type: a resource id is only unique within its type");
  const filter: EntitlementFilter =
    type === undefined
      ? {}
      : id === undefined
        ? { resourceType: type }
        : { resource: { resourceType: type, resource: id } };
  const window = paging(context.params);
  const page = pageOf(app.reader.entitlements(app.sync.id, filter), window.offset, window.limit, {
    total: app.reader.countEntitlements(app.sync.id, filter),
  });
  const items = page.items.map((entitlement) =>
    entitlementJson(entitlement, app.lookup.displayName(entitlement.resource)),
  );
  return listing(app, "entitlements", { items, total: page.total }, window);
};

const grants: Route = (context) => {
  const app = appOf(context);
  const { params } = context;
  const type = resourceType(app, params);
  const id = text(params, "resource");
  if (id !== undefined && type === undefined)
    throw new ApiError(400, "resource needs type: a resource id is only unique within its type");
  const filter: GrantFilter =
    type === undefined
      ? {}
      : id === undefined
        ? { resourceType: type }
        : { resource: { resourceType: type, resource: id } };
  const entitlement = text(params, "entitlement");
  if (entitlement !== undefined) filter.entitlementId = entitlement;
  const principal = resourceId(params, "principal");
  if (principal) filter.principal = principal;
  const window = paging(params);
  const page = pageOf(app.reader.grants(app.sync.id, filter), window.offset, window.limit, {
    total: app.reader.countGrants(app.sync.id, filter),
  });
  if (page.total === 0 && entitlement !== undefined && !app.lookup.entitlement(entitlement)) {
    throw new ApiError(404, `sync ${app.sync.id} has no entitlement ${entitlement}`);
  }
  return listing(
    app,
    "grants",
    { items: page.items.map((grant) => grantJson(grant, app.lookup)), total: page.total },
    window,
  );
};

const access: Route = (context) => {
  const app = appOf(context);
  const principal = resourceId(context.params, "principal");
  if (!principal) throw new ApiError(400, "name the principal with ?principal=TYPE:ID (e.g. user:42)");
  try {
    return accessJson(app.file, app.access.accessOf(principal));
  } catch (error) {
    if (isIdsyncError(error) && error.kind === "invalid-config") throw new ApiError(404, error.message);
    throw error;
  }
};

const review: Route = (context) => {
  const app = appOf(context);
  const staleDays =
    text(context.params, "staleDays") === undefined
      ? undefined
      : integer(context.params, "staleDays", 0, 1, MAX_STALE_DAYS);
  return app.review(staleDays);
};

/** Built once per set of apps: the files cannot change while the explorer has them open. */
const gapsBuilt = new WeakMap<ReadonlyMap<string, ExplorerApp>, unknown>();

/**
 * `offboardingGaps` of `idsync review -f FILE… -o json` over every app served: people disabled
 * in one app and enabled in another; null with one app.
 */
const offboarding: Route = ({ apps }) => {
  if (!gapsBuilt.has(apps)) {
    let gaps = null;
    if (apps.size > 1) {
      const people = new PeopleAcrossApps();
      for (const app of apps.values()) people.add(app.reader, app.sync, app.name);
      gaps = people.gaps().map(gapJson);
    }
    gapsBuilt.set(apps, { offboardingGaps: gaps });
  }
  return gapsBuilt.get(apps);
};

/** `idsync diff FILE -o json`: the file's latest two finished full syncs, or the two `old` and `new` name. */
const diff: Route = (context) => diffOf(appOf(context), context);

/** Every API path, as served under `/api/`. */
export const API_ROUTES: Readonly<Record<string, Route>> = {
  "/api/apps": apps,
  "/api/resource-types": resourceTypes,
  "/api/resources": resources,
  "/api/entitlements": entitlements,
  "/api/grants": grants,
  "/api/access": access,
  "/api/review": review,
  "/api/offboarding": offboarding,
  "/api/diff": diff,
  ...REVIEW_ROUTES,
  ...PEOPLE_ROUTES,
  ...CHANGES_ROUTES,
  ...HOLDERS_ROUTES,
  ...ROLES_ROUTES,
};
