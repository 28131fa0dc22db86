/**
 * @module
 * The Runlayer management API as a fetch handler, for the paths shared/apis/runlayer.md confirms
 * (`/users/me`, `/servers`) and the ones it proposes (ASSUMPTION: `/users`, `/roles`,
 * `/roles/assignments`, `/users/{id}/roles`), plus the OpenAPI document every FastAPI app serves
 * about itself (openapi.ts). The proposed list paths can be told to differ (`routes`), as a real
 * instance's may, and the document then names them as served.
 *
 * Order of checks, as in a FastAPI app: routing first (404, 405, and a 307 to the other spelling
 * when only the trailing slash differs — Starlette's `redirect_slashes`), then the route's auth
 * dependency (401, 403), then query validation (422). The default spellings have no trailing
 * slash, like the confirmed `/api/v1/servers` the CLI calls without following redirects.
 */

import { createRouter, pathMatcher, route, touch, type FetchHandler, type RouteContext } from "../_kit/index.ts";
import { authenticate, personalCaller, requireCapability, type AcceptedAuth, type Caller } from "./auth.ts";
import { methodNotAllowed, notFound, type ValidationIssue } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { pageResponse, readPaging } from "./paging.ts";
import { READ_ROLES, READ_USERS } from "./roles.ts";
import { roleIndex, tenantIndex } from "./tenant.ts";
import {
  ROLE_KEYS,
  type RoleKey,
  type RunlayerAssignment,
  type RunlayerRole,
  type RunlayerServer,
  type RunlayerTenant,
  type RunlayerUser,
} from "./tenant-types.ts";

/** The API's path prefix: base URLs are `https://<tenant>.runlayer.com/api/v1` (runlayer.md). */
export const BASE_PATH = "/api/v1";

/** Where the three unconfirmed lists are served, under `BASE_PATH`. */
export interface RunlayerRoutes {
  users: string;
  roles: string;
  assignments: string;
}

/** The spellings idsync assumes (runlayer.md, "Proposed endpoints"). */
export const DEFAULT_ROUTES: RunlayerRoutes = { users: "/users", roles: "/roles", assignments: "/roles/assignments" };

export interface RunlayerApiOptions {
  /**
   * The list paths the instance serves, e.g. `{ users: "/users/" }` for a FastAPI router whose
   * collection routes end in a slash, as the full-stack template's `/api/v1/users/` does.
   * @default DEFAULT_ROUTES
   */
  routes?: Partial<RunlayerRoutes>;
  /**
   * Where the OpenAPI document is served: `origin` (`/openapi.json`, FastAPI's default), `api`
   * (`/api/v1/openapi.json`, as FastAPI's full-stack template sets it) or `none` (disabled, as
   * `openapi_url=None` does).
   * @default "origin"
   */
  openapi?: "origin" | "api" | "none";
  /** Which key headers the instance reads (see auth.ts). @default "both" */
  auth?: AcceptedAuth;
}

type Handler = (request: Request, context: RouteContext<RunlayerTenant>, caller: Caller) => Response;

function renderUser(user: RunlayerUser, roles: readonly RoleKey[]): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    full_name: user.full_name,
    is_active: user.is_active,
    created_at: user.created_at,
    last_login_at: user.last_login_at,
    roles: [...roles],
  };
}

function renderRole(role: RunlayerRole): Record<string, unknown> {
  return {
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    capabilities: [...role.capabilities],
    scope: role.scope,
  };
}

function renderAssignment(assignment: RunlayerAssignment): Record<string, unknown> {
  return {
    user_id: assignment.user_id,
    role: assignment.role,
    scope_type: assignment.scope_type,
    scope_id: assignment.scope_id,
  };
}

function renderServer(server: RunlayerServer): Record<string, unknown> {
  return { id: server.id, name: server.name };
}

/** A `role` query parameter is an enum in FastAPI: anything else is a 422 naming the choices. */
function roleFilter(params: URLSearchParams, issues: ValidationIssue[]): RoleKey | undefined {
  const raw = params.get("role");
  if (raw === null) return undefined;
  if ((ROLE_KEYS as readonly string[]).includes(raw)) return raw as RoleKey;
  const expected = ROLE_KEYS.map((key) => `'${key}'`);
  const choices = `${expected.slice(0, -1).join(", ")} or ${expected.at(-1) ?? ""}`;
  issues.push({
    type: "enum",
    loc: ["query", "role"],
    msg: `Input should be ${choices}`,
    input: raw,
    ctx: { expected: choices },
  });
  return undefined;
}

const me: Handler = (_request, { state: tenant }, caller) => {
  const user = personalCaller(caller);
  if (user instanceof Response) return user;
  return Response.json(renderUser(user, roleIndex(tenant).get(user.id) ?? []));
};

const listUsers: Handler = (_request, { url, state: tenant }, caller) => {
  const refused = requireCapability(tenant, caller, READ_USERS);
  if (refused) return refused;
  const issues: ValidationIssue[] = [];
  const paging = readPaging(url.searchParams, issues);
  const roles = roleIndex(tenant);
  return pageResponse(tenant, tenant.users, paging, issues, (user) => renderUser(user, roles.get(user.id) ?? []));
};

const listRoles: Handler = (_request, { url, state: tenant }, caller) => {
  const refused = requireCapability(tenant, caller, READ_ROLES);
  if (refused) return refused;
  const issues: ValidationIssue[] = [];
  return pageResponse(tenant, tenant.roles, readPaging(url.searchParams, issues), issues, renderRole);
};

const listAssignments: Handler = (_request, { url, state: tenant }, caller) => {
  const refused = requireCapability(tenant, caller, READ_ROLES) ?? requireCapability(tenant, caller, READ_USERS);
  if (refused) return refused;
  const issues: ValidationIssue[] = [];
  const paging = readPaging(url.searchParams, issues);
  const role = roleFilter(url.searchParams, issues);
  const userId = url.searchParams.get("user_id");
  // The narrowest indexed list, filtered further only by what is left: a page never scans the tenant.
  const index = tenantIndex(tenant);
  const base =
    userId !== null
      ? (index.assignmentsByUser.get(userId) ?? [])
      : role !== undefined
        ? (index.assignmentsByRole.get(role) ?? [])
        : tenant.assignments;
  const matching = userId !== null && role !== undefined ? base.filter((assignment) => assignment.role === role) : base;
  if (matching !== tenant.assignments && matching !== base) touch(tenant, base.length);
  return pageResponse(tenant, matching, paging, issues, renderAssignment);
};

const rolesOfUser: Handler = (_request, { params, url, state: tenant }, caller) => {
  const refused = requireCapability(tenant, caller, READ_ROLES) ?? requireCapability(tenant, caller, READ_USERS);
  if (refused) return refused;
  const userId = params["userId"] ?? "";
  const index = tenantIndex(tenant);
  if (!index.usersById.has(userId)) return Response.json({ detail: "User not found" }, { status: 404 });
  const issues: ValidationIssue[] = [];
  const paging = readPaging(url.searchParams, issues);
  return pageResponse(tenant, index.assignmentsByUser.get(userId) ?? [], paging, issues, renderAssignment);
};

const listServers: Handler = (_request, { url, state: tenant }) => {
  // `scope` narrows to the caller's servers in the real API; every caller sees all here.
  const issues: ValidationIssue[] = [];
  return pageResponse(tenant, tenant.servers, readPaging(url.searchParams, issues), issues, renderServer);
};

/** The document's own path, or none. */
const OPENAPI_PATHS = { origin: "/openapi.json", api: `${BASE_PATH}/openapi.json`, none: undefined } as const;

/** The same path with the trailing slash added or removed. */
function toggledSlash(pathname: string): string {
  return pathname.endsWith("/") ? pathname.replace(/\/+$/, "") : `${pathname}/`;
}

export function createRunlayerApi(tenant: RunlayerTenant, options: RunlayerApiOptions = {}): FetchHandler {
  const routes: RunlayerRoutes = { ...DEFAULT_ROUTES, ...options.routes };
  const accepted = options.auth ?? "both";
  /** Runs the route's auth dependency, then the route. */
  const authed =
    (handler: Handler) =>
    (request: Request, context: RouteContext<RunlayerTenant>): Response => {
      const caller = authenticate(request, context.state, accepted);
      return caller instanceof Response ? caller : handler(request, context, caller);
    };
  const document = OPENAPI_PATHS[options.openapi ?? "origin"];
  const table = [
    route<RunlayerTenant>("GET", `${BASE_PATH}/users/me`, authed(me)),
    route<RunlayerTenant>("GET", `${BASE_PATH}${routes.users}`, authed(listUsers)),
    route<RunlayerTenant>("GET", `${BASE_PATH}/users/:userId/roles`, authed(rolesOfUser)),
    route<RunlayerTenant>("GET", `${BASE_PATH}${routes.roles}`, authed(listRoles)),
    route<RunlayerTenant>("GET", `${BASE_PATH}${routes.assignments}`, authed(listAssignments)),
    route<RunlayerTenant>("GET", `${BASE_PATH}/servers`, authed(listServers)),
    // FastAPI serves its document without the routes' auth dependencies.
    ...(document === undefined
      ? []
      : [route<RunlayerTenant>("GET", document, () => Response.json(openApiDocument(BASE_PATH, routes)))]),
  ];
  const matchers = table.map((entry) => pathMatcher(entry.pattern));
  const router = createRouter<RunlayerTenant>(table, {
    notFound: (_request, url) => {
      // Starlette redirects (307, absolute Location, query kept) when only the slash differs.
      const other = toggledSlash(url.pathname);
      if (url.pathname !== "/" && other !== "" && matchers.some((match) => match(other) !== undefined)) {
        const target = new URL(url);
        target.pathname = other;
        return new Response(null, { status: 307, headers: { location: target.href } });
      }
      return notFound();
    },
    methodNotAllowed: (_request, _url, allowed) => methodNotAllowed(allowed),
  });
  return (request) => router(request, tenant);
}
