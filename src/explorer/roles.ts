/**
 * @module
 * The Roles & groups tab's list: the resources of one type (roles, groups, teams…), each with
 * how many hold something on it, as a table the server pages, sorts and filters like the
 * others, and downloads as CSV. The counts come from one pass over the type's grants, made on
 * first request and kept: the file cannot change while the explorer has it open.
 */
import { resourceKey, yieldToEventLoop, type Resource } from "../core/index.ts";
import { resourceJson } from "../review/index.ts";
import type { ExplorerApp } from "./apps.ts";
import { ApiError, appOf, text, type Route } from "./_params.ts";
import { answerTable, tableQuery, type Column } from "./tables.ts";

/** Grants or resources read between two yields. */
const ROWS_PER_SLICE = 500;

interface ListedResource {
  resource: Resource;
  /** Distinct principals holding any entitlement on it, directly or through a group. */
  holders: number;
}

const ROLE_COLUMNS: Array<Column<ListedResource>> = [
  { key: "name", title: "Name", value: (row) => row.resource.displayName || row.resource.id.resource },
  { key: "holders", title: "Holders", value: (row) => row.holders },
  { key: "id", title: "Id", value: (row) => row.resource.id.resource },
];

/** Every resource of `type`, in the file's order, with its count of holders. */
async function listedResources(app: ExplorerApp, type: string): Promise<ListedResource[]> {
  const holders = new Map<string, Set<string>>();
  let read = 0;
  for (const grant of app.reader.grants(app.sync.id, { resourceType: type })) {
    const on = grant.entitlement.resource.id.resource;
    let principals = holders.get(on);
    if (!principals) holders.set(on, (principals = new Set()));
    principals.add(resourceKey(grant.principal.id));
    if (++read % ROWS_PER_SLICE === 0) await yieldToEventLoop();
  }
  const rows: ListedResource[] = [];
  for (const resource of app.reader.resources(app.sync.id, { resourceType: type })) {
    rows.push({ resource, holders: holders.get(resource.id.resource)?.size ?? 0 });
    if (rows.length % ROWS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return rows;
}

/** `GET /api/roles?app=&type=`: the resources of a type with their holders' count, as a table. */
const roles: Route = async (context) => {
  const app = appOf(context);
  const type = text(context.params, "type");
  if (type === undefined)
    throw new ApiError(400, "name the resource type with ?type= (an id /api/resource-types gives)");
  if (!app.lookup.resourceType(type)) throw new ApiError(400, `sync ${app.sync.id} has no resource type "${type}"`);
  const rows = await app.cached(`roles:${type}`, () => listedResources(app, type));
  return answerTable(
    rows,
    ROLE_COLUMNS,
    tableQuery(context.params),
    (row) => ({ ...resourceJson(row.resource), holders: row.holders }),
    {
      name: `${app.name}-${type}`,
      extra: { app: app.name, file: app.file, syncId: app.sync.id, type },
    },
  );
};

export const ROLES_ROUTES: Readonly<Record<string, Route>> = { "/api/roles": roles };
