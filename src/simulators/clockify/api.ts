/**
 * @module
 * The Clockify API as a fetch handler, for every path the connector uses (shared/apis/clockify.md,
 * "Endpoints"). Order of checks: auth (401) first for every path, as Clockify's security filter runs
 * before routing; then the route (404/405, code 3000); then workspace access (403).
 */

import { createRouter, route, type FetchHandler } from "../_kit/index.ts";
import { adminAccess, authenticate, workspaceAccess, type Caller } from "./auth.ts";
import { badRequest, methodNotSupported, noStaticResource } from "./errors.ts";
import { groupsPage } from "./groups.ts";
import { indexMemberships, renderUser, renderWorkspace } from "./render.ts";
import { ROLE_FILTERS, type ClockifyTenant, type RoleFilter } from "./tenant-types.ts";
import { usersQueryFromBody, usersQueryFromSearch, type AccountStatusesReading } from "./users-query.ts";
import { matchesRoleFilter, usersPage } from "./users.ts";

/** The API's path prefix: the base URL is `https://api.clockify.me/api/v1` (clockify.md). */
export const BASE_PATH = "/api/v1";

function readOnly(): Response {
  // The simulator serves reads; the connector never writes. Not Clockify's wording.
  return badRequest("This simulator is read-only");
}

/** How the simulated instance differs where Clockify's documentation leaves room. */
export interface ClockifyApiOptions {
  /** @default lists accepted, no value refused */
  accountStatuses?: AccountStatusesReading;
}

export function createClockifyApi(tenant: ClockifyTenant, options: ClockifyApiOptions = {}): FetchHandler {
  const router = createRouter<Caller>(
    [
      route<Caller>("GET", `${BASE_PATH}/user`, (_request, { url, state }) => {
        const memberships = url.searchParams.get("include-memberships") === "true" ? "ALL" : "NONE";
        return Response.json(renderUser(tenant, state.account, { lookup: indexMemberships(tenant), memberships }));
      }),

      route<Caller>("GET", `${BASE_PATH}/workspaces`, (_request, { url, state }) => {
        // `roles` narrows to workspaces where the caller holds one of them; page-size is ignored (clockify.md).
        const roles = url.searchParams
          .getAll("roles")
          .flatMap((value) => value.split(","))
          .map((value) => value.trim())
          .filter(Boolean);
        const unknown = roles.find((role) => !(ROLE_FILTERS as readonly string[]).includes(role));
        if (unknown !== undefined) return badRequest(`Invalid value '${unknown}' for 'roles'`);
        const visible = tenant.workspaces.flatMap((workspace) => {
          const member = workspace.members.find(
            (candidate) => candidate.userId === state.account.id && candidate.status === "ACTIVE",
          );
          if (!member) return [];
          // Here "owners are not counted as admins when filtering" (the OpenAPI, getWorkspacesOfUser).
          if (
            roles.length > 0 &&
            !roles.some((filter) => matchesRoleFilter(member, filter as RoleFilter, { ownersAsAdmins: false }))
          )
            return [];
          return [renderWorkspace(workspace, member)];
        });
        return Response.json(visible);
      }),

      route<Caller>("GET", `${BASE_PATH}/workspaces/:workspaceId`, (_request, { params, state }) => {
        const access = workspaceAccess(tenant, state, params["workspaceId"] ?? "");
        return access instanceof Response ? access : Response.json(renderWorkspace(access.workspace, access.member));
      }),

      route<Caller>("GET", `${BASE_PATH}/workspaces/:workspaceId/users`, (_request, { params, url, state }) => {
        const access = adminAccess(tenant, state, params["workspaceId"] ?? "");
        if (access instanceof Response) return access;
        const query = usersQueryFromSearch(url.searchParams, options.accountStatuses);
        return query instanceof Response ? query : usersPage(tenant, access, query);
      }),

      route<Caller>("POST", `${BASE_PATH}/workspaces/:workspaceId/users/info`, async (request, { params, state }) => {
        const access = adminAccess(tenant, state, params["workspaceId"] ?? "");
        if (access instanceof Response) return access;
        let body: unknown;
        try {
          body = await request.json();
        } catch {
          return badRequest("Request body is not valid JSON");
        }
        const query = usersQueryFromBody(body);
        return query instanceof Response ? query : usersPage(tenant, access, query);
      }),

      route<Caller>("GET", `${BASE_PATH}/workspaces/:workspaceId/user-groups`, (_request, { params, url, state }) => {
        const access = adminAccess(tenant, state, params["workspaceId"] ?? "");
        if (access instanceof Response) return access;
        return groupsPage(tenant, access, url.searchParams);
      }),

      // There is no GET for one group: it answers 405, "always list" (clockify.md). Writes exist, hence the 405.
      route<Caller>("PUT", `${BASE_PATH}/workspaces/:workspaceId/user-groups/:groupId`, readOnly),
      route<Caller>("DELETE", `${BASE_PATH}/workspaces/:workspaceId/user-groups/:groupId`, readOnly),
    ],
    {
      notFound: (_request, url) => noStaticResource(url.pathname),
      methodNotAllowed: (request, _url, allowed) => methodNotSupported(request.method, allowed),
      ignoreTrailingSlash: true,
    },
  );

  return async (request) => {
    const caller = authenticate(request, tenant);
    if (caller instanceof Response) return caller;
    return router(request, caller);
  };
}
