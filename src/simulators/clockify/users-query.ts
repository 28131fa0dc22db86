/**
 * @module
 * The filters of `GET …/users` (query string) and `POST …/users/info` (JSON body) read into one
 * shape, then applied. Semantics from shared/apis/clockify.md, "Query parameters for GET …/users".
 */

import { badRequest } from "./errors.ts";
import { readPaging, type Paging } from "./paging.ts";
import {
  ACCOUNT_STATUSES,
  MEMBERSHIP_STATUSES,
  ROLE_FILTERS,
  type AccountStatus,
  type MembershipStatus,
  type RoleFilter,
} from "./tenant-types.ts";

export const MEMBERSHIP_OPTIONS = ["ALL", "NONE", "WORKSPACE", "PROJECT", "USERGROUP"] as const;
export type MembershipsOption = (typeof MEMBERSHIP_OPTIONS)[number];
const SORT_COLUMNS = ["ID", "EMAIL", "NAME", "NAME_LOWERCASE", "ACCESS", "HOURLYRATE", "COSTRATE"] as const;
export type UsersSortColumn = (typeof SORT_COLUMNS)[number];
const SORT_ORDERS = ["ASCENDING", "DESCENDING"] as const;
const STATUS_FILTERS = [...MEMBERSHIP_STATUSES, "ALL"] as const;

/** Without `account-statuses` only these accounts come back; LIMITED and deleted ones need asking for (clockify.md). */
export const DEFAULT_ACCOUNT_STATUSES: readonly AccountStatus[] = [
  "ACTIVE",
  "PENDING_EMAIL_VERIFICATION",
  "NOT_REGISTERED",
];
/**
 * Membership statuses listed when `status` is absent. ASSUMPTION: the sheet only says "send ALL to
 * get every member", so without it some are missing; we return ACTIVE and PENDING (the team page's
 * default view) and leave DECLINED and INACTIVE to `status=ALL` or an explicit status.
 */
export const DEFAULT_MEMBERSHIP_STATUSES: readonly MembershipStatus[] = ["ACTIVE", "PENDING"];

export interface UsersQuery extends Paging {
  email?: string;
  name?: string;
  projectId?: string;
  statuses: ReadonlySet<MembershipStatus>;
  accountStatuses: ReadonlySet<AccountStatus>;
  /** Only on `POST …/users/info`. WORKSPACE_ADMIN also matches owners (the OpenAPI: "Owners are counted as admins when filtering"). */
  roles?: ReadonlySet<RoleFilter>;
  /** Only on `POST …/users/info`: users in any of these groups. */
  userGroups?: ReadonlySet<string>;
  memberships: MembershipsOption;
  includeRoles: boolean;
  sortColumn: UsersSortColumn;
  sortOrder: (typeof SORT_ORDERS)[number];
}

class QueryError extends Error {}

function oneOf<T extends string>(allowed: readonly T[], value: unknown, field: string): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new QueryError(`Invalid value '${String(value)}' for '${field}'; expected one of ${allowed.join(", ")}`);
}

function statusSet(status: unknown): ReadonlySet<MembershipStatus> {
  if (status === undefined || status === null) return new Set(DEFAULT_MEMBERSHIP_STATUSES);
  const chosen = oneOf(STATUS_FILTERS, status, "status");
  return new Set(chosen === "ALL" ? MEMBERSHIP_STATUSES : [chosen]);
}

function listOf<T extends string>(allowed: readonly T[], values: readonly unknown[], field: string): ReadonlySet<T> {
  return new Set(values.map((value) => oneOf(allowed, value, field)));
}

function flag(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new QueryError(`Invalid value '${String(value)}' for '${field}'; expected true or false`);
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new QueryError(`'${field}' must be a string`);
  return value;
}

function guard<T>(read: () => T): T | Response {
  try {
    return read();
  } catch (error) {
    if (error instanceof QueryError) return badRequest(error.message);
    throw error;
  }
}

/**
 * How a simulated instance reads `account-statuses` on `GET …/users`. The official OpenAPI types it
 * as one string, example `LIMITED` (docs.clockify.me, operation getUsersOfWorkspace), while the
 * POST twin `accountStatuses` is an array (schema GetUsersRequestV1); whether the GET also splits a
 * comma-separated list is documented nowhere, so both readings can be served.
 */
export interface AccountStatusesReading {
  /**
   * Accept a comma-separated list, or the parameter repeated; false answers either with a 400
   * naming the parameter, as an instance reading one value would.
   * @default true
   */
  lists?: boolean;
  /**
   * Values answered with a 400 naming the parameter, as by an instance that does not know them.
   * @default none
   */
  refused?: readonly string[];
}

function accountStatusesOf(params: URLSearchParams, reading: AccountStatusesReading): ReadonlySet<AccountStatus> {
  const raw = params.getAll("account-statuses");
  const values = raw
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  if (values.length === 0) return new Set(DEFAULT_ACCOUNT_STATUSES);
  if (reading.lists === false && (raw.length > 1 || values.length > 1)) {
    throw new QueryError(
      `Invalid value '${raw.join(",")}' for 'account-statuses'; expected one of ${ACCOUNT_STATUSES.join(", ")}`,
    );
  }
  const refused = values.find((value) => reading.refused?.includes(value));
  if (refused !== undefined) throw new QueryError(`Invalid value '${refused}' for 'account-statuses'`);
  return listOf(ACCOUNT_STATUSES, values, "account-statuses");
}

/** `GET …/users` query string. */
export function usersQueryFromSearch(
  params: URLSearchParams,
  reading: AccountStatusesReading = {},
): UsersQuery | Response {
  const paging = readPaging(params);
  if (paging instanceof Response) return paging;
  return guard(() => ({
    ...paging,
    email: text(params.get("email"), "email"),
    name: text(params.get("name"), "name"),
    projectId: text(params.get("project-id"), "project-id"),
    statuses: statusSet(params.get("status") ?? undefined),
    accountStatuses: accountStatusesOf(params, reading),
    memberships: oneOf(MEMBERSHIP_OPTIONS, params.get("memberships") ?? "NONE", "memberships"),
    includeRoles: flag(params.get("include-roles") ?? undefined, "include-roles"),
    sortColumn: oneOf(SORT_COLUMNS, params.get("sort-column") ?? "EMAIL", "sort-column"),
    sortOrder: oneOf(SORT_ORDERS, params.get("sort-order") ?? "ASCENDING", "sort-order"),
  }));
}

/** `POST …/users/info` JSON body (the sheet: "same filters plus roles[], userGroups[]", paging in the body). */
export function usersQueryFromBody(body: unknown): UsersQuery | Response {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return badRequest("Request body must be a JSON object");
  const fields = body as Record<string, unknown>;
  const paging = readPaging(
    new URLSearchParams({ page: String(fields["page"] ?? 1), "page-size": String(fields["pageSize"] ?? 50) }),
  );
  if (paging instanceof Response) return paging;
  return guard(() => {
    const array = (field: string): unknown[] | undefined => {
      const value = fields[field];
      if (value === undefined || value === null) return undefined;
      if (!Array.isArray(value)) throw new QueryError(`'${field}' must be an array`);
      return value;
    };
    const accountStatuses = array("accountStatuses");
    const roles = array("roles");
    const userGroups = array("userGroups");
    return {
      ...paging,
      email: text(fields["email"], "email"),
      name: text(fields["name"], "name"),
      projectId: text(fields["projectId"], "projectId"),
      statuses: statusSet(fields["status"]),
      accountStatuses:
        accountStatuses && accountStatuses.length > 0
          ? listOf(ACCOUNT_STATUSES, accountStatuses, "accountStatuses")
          : new Set(DEFAULT_ACCOUNT_STATUSES),
      ...(roles && roles.length > 0 ? { roles: listOf(ROLE_FILTERS, roles, "roles") } : {}),
      ...(userGroups && userGroups.length > 0 ? { userGroups: new Set(userGroups.map((id) => String(id))) } : {}),
      memberships: oneOf(MEMBERSHIP_OPTIONS, fields["memberships"] ?? "NONE", "memberships"),
      includeRoles: flag(fields["includeRoles"], "includeRoles"),
      sortColumn: oneOf(SORT_COLUMNS, fields["sortColumn"] ?? "EMAIL", "sortColumn"),
      sortOrder: oneOf(SORT_ORDERS, fields["sortOrder"] ?? "ASCENDING", "sortOrder"),
    };
  });
}
