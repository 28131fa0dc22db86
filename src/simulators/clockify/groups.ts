/**
 * @module
 * `GET /workspaces/{id}/user-groups` (shared/apis/clockify.md, "Endpoints" and "User group object"):
 * `page`, `page-size`, `name`, `sort-column` (ID or NAME), `sort-order`, `includeTeamManagers`.
 */

import { indexOnce, touch } from "../_kit/index.ts";
import type { WorkspaceAccess } from "./auth.ts";
import { badRequest } from "./errors.ts";
import { pageResponse, pageSlice, readPaging } from "./paging.ts";
import { renderGroup } from "./render.ts";
import { tenantStamp } from "./state.ts";
import type { ClockifyGroup, ClockifyTenant } from "./tenant-types.ts";

const SORT_COLUMNS = ["ID", "NAME"];
const SORT_ORDERS = ["ASCENDING", "DESCENDING"];
const BOOLEANS = ["true", "false"];

export function groupsPage(tenant: ClockifyTenant, access: WorkspaceAccess, search: URLSearchParams): Response {
  const paging = readPaging(search);
  if (paging instanceof Response) return paging;
  // ASSUMPTION: the default order is by name; the sheet does not say.
  const sortColumn = search.get("sort-column") ?? "NAME";
  const sortOrder = search.get("sort-order") ?? "ASCENDING";
  const includeTeamManagers = search.get("includeTeamManagers") ?? "false";
  for (const [field, value, allowed] of [
    ["sort-column", sortColumn, SORT_COLUMNS],
    ["sort-order", sortOrder, SORT_ORDERS],
    ["includeTeamManagers", includeTeamManagers, BOOLEANS],
  ] as const) {
    if (!allowed.includes(value))
      return badRequest(`Invalid value '${value}' for '${field}'; expected one of ${allowed.join(", ")}`);
  }
  // ASSUMPTION: `project-id` is accepted and ignored; groups carry no project access in this tenant.
  const name = search.get("name")?.toLowerCase();
  const key = (group: ClockifyGroup): string => (sortColumn === "ID" ? group.id : group.name);
  const compare = (left: ClockifyGroup, right: ClockifyGroup): number =>
    key(left) < key(right) ? -1 : key(left) > key(right) ? 1 : left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
  // Filtered and sorted once per tenant state and query; each page then costs its own groups only.
  const selection = JSON.stringify(["groups", access.workspace.id, name ?? null, sortColumn, sortOrder]);
  const groups = indexOnce(tenant, selection, tenantStamp(tenant), () => {
    touch(tenant, access.workspace.groups.length);
    return access.workspace.groups
      .filter((group) => name === undefined || group.name.toLowerCase().includes(name))
      .sort((left, right) => (sortOrder === "DESCENDING" ? -compare(left, right) : compare(left, right)));
  });
  const page = pageSlice(groups, paging);
  touch(tenant, page.items.length);
  return pageResponse(
    page.items.map((group) => renderGroup(tenant, group, includeTeamManagers === "true")),
    page.lastPage,
  );
}
