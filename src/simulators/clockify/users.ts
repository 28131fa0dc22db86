/**
 * @module
 * `GET /workspaces/{id}/users` and `POST /workspaces/{id}/users/info`: filter, sort, page, render.
 */

import { indexOnce, touch } from "../_kit/index.ts";
import type { WorkspaceAccess } from "./auth.ts";
import { pageResponse, pageSlice } from "./paging.ts";
import { indexMemberships, renderUser } from "./render.ts";
import { tenantStamp } from "./state.ts";
import type { UsersQuery } from "./users-query.ts";
import type { ClockifyAccount, ClockifyMember, ClockifyTenant, ClockifyWorkspace, RoleFilter } from "./tenant-types.ts";

interface Row {
  account: ClockifyAccount;
  member: ClockifyMember;
}

/** Sort rank for `sort-column=ACCESS`: owners first, regular members (and roles the seed never gives) last. */
const ACCESS_RANK: Record<string, number> = {
  WORKSPACE_OWN: 0,
  WORKSPACE_ADMIN: 1,
  TEAM_MANAGER: 2,
  PROJECT_MANAGER: 3,
};
const NO_ROLE_RANK = 4;

/**
 * Whether a member matches one value of a `roles` filter. The filters name the owner `OWNER`, the
 * listing `WORKSPACE_OWN`; an owner also holds WORKSPACE_ADMIN, so counting owners as admins (as
 * `users/info` does) is the plain match, and `GET /workspaces`, which does not, leaves owners out.
 */
export function matchesRoleFilter(
  member: ClockifyMember,
  filter: RoleFilter,
  options: { ownersAsAdmins: boolean },
): boolean {
  const holds = (role: string): boolean => member.roles.some((grant) => grant.role === role);
  if (filter === "OWNER") return holds("WORKSPACE_OWN");
  if (filter === "WORKSPACE_ADMIN" && !options.ownersAsAdmins && holds("WORKSPACE_OWN")) return false;
  return holds(filter);
}

function compareBy(query: UsersQuery): (left: Row, right: Row) => number {
  const text = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);
  const rank = (row: Row): number =>
    Math.min(NO_ROLE_RANK, ...row.member.roles.map((grant) => ACCESS_RANK[grant.role] ?? NO_ROLE_RANK));
  const primary: (left: Row, right: Row) => number = {
    ID: (left: Row, right: Row) => text(left.account.id, right.account.id),
    EMAIL: (left: Row, right: Row) => text(left.account.email, right.account.email),
    NAME: (left: Row, right: Row) => text(left.account.name, right.account.name),
    NAME_LOWERCASE: (left: Row, right: Row) => text(left.account.name.toLowerCase(), right.account.name.toLowerCase()),
    ACCESS: (left: Row, right: Row) => rank(left) - rank(right),
    HOURLYRATE: (left: Row, right: Row) =>
      (left.member.hourlyRate?.amount ?? 0) - (right.member.hourlyRate?.amount ?? 0),
    COSTRATE: (left: Row, right: Row) => (left.member.costRate?.amount ?? 0) - (right.member.costRate?.amount ?? 0),
  }[query.sortColumn];
  const direction = query.sortOrder === "DESCENDING" ? -1 : 1;
  // Ties fall back to the id so that pages never overlap or skip, whatever the column.
  return (left, right) => direction * (primary(left, right) || text(left.account.id, right.account.id));
}

/** The members of `workspace` that match `query`, sorted. */
export function selectUsers(tenant: ClockifyTenant, workspace: ClockifyWorkspace, query: UsersQuery): Row[] {
  const email = query.email?.toLowerCase();
  const name = query.name?.toLowerCase();
  const projectMembers =
    query.projectId === undefined
      ? undefined
      : new Set(workspace.projects.find((project) => project.id === query.projectId)?.memberIds ?? []);
  const groupMembers =
    query.userGroups &&
    new Set(workspace.groups.filter((group) => query.userGroups?.has(group.id)).flatMap((group) => group.userIds));
  const rows: Row[] = [];
  for (const member of workspace.members) {
    const account = tenant.accounts.get(member.userId);
    if (!account) continue;
    if (!query.statuses.has(member.status) || !query.accountStatuses.has(account.status)) continue;
    if (email !== undefined && !account.email.toLowerCase().includes(email)) continue;
    if (name !== undefined && !account.name.toLowerCase().includes(name)) continue;
    if (projectMembers && !projectMembers.has(account.id)) continue;
    if (groupMembers && !groupMembers.has(account.id)) continue;
    if (query.roles && ![...query.roles].some((filter) => matchesRoleFilter(member, filter, { ownersAsAdmins: true })))
      continue;
    rows.push({ account, member });
  }
  return rows.sort(compareBy(query));
}

/** What selects and orders the rows of a query (everything but the page), as a cache key. */
function selectionKey(workspace: ClockifyWorkspace, query: UsersQuery): string {
  const sorted = (values: ReadonlySet<string> | undefined): string[] | null => (values ? [...values].sort() : null);
  return JSON.stringify([
    workspace.id,
    query.email ?? null,
    query.name ?? null,
    query.projectId ?? null,
    sorted(query.statuses),
    sorted(query.accountStatuses),
    sorted(query.roles),
    sorted(query.userGroups),
    query.sortColumn,
    query.sortOrder,
  ]);
}

/** The selected, sorted rows of a query, computed once per tenant state and reused by every page of it. */
function selectedRows(tenant: ClockifyTenant, workspace: ClockifyWorkspace, query: UsersQuery): Row[] {
  return indexOnce(tenant, `users ${selectionKey(workspace, query)}`, tenantStamp(tenant), () => {
    touch(tenant, workspace.members.length);
    return selectUsers(tenant, workspace, query);
  });
}

/** One page of users, as a bare array with the `Last-Page` header. */
export function usersPage(tenant: ClockifyTenant, access: WorkspaceAccess, query: UsersQuery): Response {
  const lookup = indexMemberships(tenant);
  const page = pageSlice(selectedRows(tenant, access.workspace, query), query);
  touch(tenant, page.items.length);
  const rendered = page.items.map((row) =>
    renderUser(tenant, row.account, {
      lookup,
      memberships: query.memberships,
      ...(query.includeRoles ? { roles: { workspace: access.workspace, member: row.member } } : {}),
    }),
  );
  return pageResponse(rendered, page.lastPage);
}
