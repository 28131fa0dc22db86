/**
 * @module
 * The env0 API as a fetch handler, for every path the connector uses (shared/apis/env0.md,
 * "Endpoints", plus what the Terraform provider's client reads: `GET /teams/{id}`, projects and
 * their role assignments). Order of checks: Basic auth (401) first for every path; then the
 * route (404/405); then the caller's access to the organization (403).
 */

import { createRouter, route, touch, type FetchHandler, type RouteContext } from "../_kit/index.ts";
import { authenticate, organizationAccess, roleIn, type Caller } from "./auth.ts";
import { badRequest, methodNotAllowed, notFound } from "./errors.ts";
import {
  renderApiKey,
  renderMember,
  renderOrganization,
  renderProject,
  renderProjectTeamAssignment,
  renderProjectUserAssignment,
  renderRole,
  renderTeam,
} from "./render.ts";
import { env0Index } from "./state.ts";
import { teamsResponse, type TeamsShape } from "./teams.ts";
import type { Env0Organization, Env0Project, Env0Tenant } from "./tenant-types.ts";

export interface Env0ApiOptions {
  /** How `GET /teams/organizations/{id}` answers. @default "paged" */
  teamsShape?: TeamsShape;
  /**
   * Include `apiKeySecret` in `GET /api-keys` items, as env0 does only when a key is created: lets
   * tests prove a connector never stores or logs it. @default false
   */
  exposeKeySecrets?: boolean;
}

/** `organizationId` is required on /api-keys and /roles; env0's 400 names the missing property. */
function organizationIdFrom(url: URL): string | Response {
  const id = url.searchParams.get("organizationId");
  return id === null || id === "" ? badRequest("/querystring must have required property 'organizationId'") : id;
}

function projectById(
  tenant: Env0Tenant,
  projectId: string,
): { organization: Env0Organization; project: Env0Project } | undefined {
  return env0Index(tenant).projects.get(projectId);
}

export function createEnv0Api(tenant: Env0Tenant, options: Env0ApiOptions = {}): FetchHandler {
  const shape = options.teamsShape ?? "paged";
  const withSecrets = options.exposeKeySecrets === true;
  type Context = RouteContext<Caller>;

  const router = createRouter<Caller>(
    [
      route<Caller>("GET", "/organizations", (_request, { state }: Context) => {
        const visible = tenant.organizations.flatMap((organization) => {
          const role = roleIn(tenant, state, organization);
          return role === undefined ? [] : [renderOrganization(organization, role)];
        });
        return Response.json(visible);
      }),

      // A bare array of every member, invitees included; no paging parameters (env0.md).
      route<Caller>("GET", "/organizations/:organizationId/users", (_request, { params, state }: Context) => {
        const access = organizationAccess(tenant, state, params["organizationId"] ?? "", "read-principals");
        if (access instanceof Response) return access;
        touch(tenant, access.organization.members.length);
        return Response.json(access.organization.members.map((member) => renderMember(tenant, member)));
      }),

      route<Caller>("GET", "/api-keys", (_request, { url, state }: Context) => {
        const organizationId = organizationIdFrom(url);
        if (organizationId instanceof Response) return organizationId;
        const access = organizationAccess(tenant, state, organizationId, "read-principals");
        if (access instanceof Response) return access;
        return Response.json(access.organization.apiKeys.map((key) => renderApiKey(tenant, key, withSecrets)));
      }),

      // Custom roles only: the built-in Admin and User are not listed (env0.md).
      route<Caller>("GET", "/roles", (_request, { url, state }: Context) => {
        const organizationId = organizationIdFrom(url);
        if (organizationId instanceof Response) return organizationId;
        const access = organizationAccess(tenant, state, organizationId, "member");
        if (access instanceof Response) return access;
        return Response.json(access.organization.roles.map(renderRole));
      }),

      route<Caller>("GET", "/roles/:roleId", (_request, { params, state }: Context) => {
        const organization = tenant.organizations.find((candidate) =>
          candidate.roles.some((role) => role.id === params["roleId"]),
        );
        const role = organization?.roles.find((candidate) => candidate.id === params["roleId"]);
        if (!organization || !role) return notFound();
        const access = organizationAccess(tenant, state, organization.id, "member");
        return access instanceof Response ? access : Response.json(renderRole(role));
      }),

      route<Caller>("GET", "/teams/organizations/:organizationId", (_request, { params, url, state }: Context) => {
        const access = organizationAccess(tenant, state, params["organizationId"] ?? "", "read-principals");
        if (access instanceof Response) return access;
        return teamsResponse(tenant, access.organization, url.searchParams, shape);
      }),

      // Every project, sub-projects and archived ones included, as one bare array: the provider's
      // `Projects()` (client/project.go) reads it whole, with `organizationId` its only parameter.
      route<Caller>("GET", "/projects", (_request, { url, state }: Context) => {
        const organizationId = organizationIdFrom(url);
        if (organizationId instanceof Response) return organizationId;
        const access = organizationAccess(tenant, state, organizationId, "read-principals");
        if (access instanceof Response) return access;
        const { organization, role } = access;
        return Response.json(
          organization.projects.map((project) => renderProject(tenant, organization, project, role)),
        );
      }),

      // Who holds which role on a project, people and API keys alike; unpaged, as the provider's
      // `UserProjectAssignments(projectId)` (client/user_project_assignment.go) reads it.
      route<Caller>("GET", "/permissions/projects/:projectId", (_request, { params, state }: Context) => {
        const found = projectById(tenant, params["projectId"] ?? "");
        if (!found) return notFound();
        const access = organizationAccess(tenant, state, found.organization.id, "read-principals");
        return access instanceof Response
          ? access
          : Response.json(found.project.users.map(renderProjectUserAssignment));
      }),

      // Team role assignments of one project, environment or organization (the provider's
      // `TeamRoleAssignments`, client/team_role_assignment.go, sends exactly one of the three).
      // ASSUMPTION: the tenant holds team roles on projects only, so the other two list none.
      route<Caller>("GET", "/roles/assignments/teams", (_request, { url, state }: Context) => {
        const projectId = url.searchParams.get("projectId");
        if (projectId !== null && projectId !== "") {
          const found = projectById(tenant, projectId);
          if (!found) return notFound();
          const access = organizationAccess(tenant, state, found.organization.id, "read-principals");
          return access instanceof Response
            ? access
            : Response.json(found.project.teams.map(renderProjectTeamAssignment));
        }
        const organizationId = url.searchParams.get("organizationId");
        if (organizationId !== null && organizationId !== "") {
          const access = organizationAccess(tenant, state, organizationId, "read-principals");
          return access instanceof Response ? access : Response.json([]);
        }
        if (url.searchParams.get("environmentId")) return Response.json([]);
        return badRequest("/querystring must have one of projectId, environmentId or organizationId");
      }),

      route<Caller>("GET", "/teams/:teamId", (_request, { params, state }: Context) => {
        const organization = tenant.organizations.find((candidate) =>
          candidate.teams.some((team) => team.id === params["teamId"]),
        );
        const team = organization?.teams.find((candidate) => candidate.id === params["teamId"]);
        if (!organization || !team) return notFound();
        const access = organizationAccess(tenant, state, organization.id, "read-principals");
        return access instanceof Response ? access : Response.json(renderTeam(tenant, organization, team));
      }),
    ],
    {
      notFound: () => notFound(),
      methodNotAllowed: (_request, _url, allowed) => methodNotAllowed(allowed),
      ignoreTrailingSlash: true,
    },
  );

  return async (request) => {
    const caller = authenticate(request, tenant);
    if (caller instanceof Response) return caller;
    return router(request, caller);
  };
}
