/**
 * @module
 * env0 projects as `project` resources, sub-projects as children of their parent, each with one
 * entitlement per project role: the built-in Admin, Deployer, Planner and Viewer, every custom
 * role, and any role id an assignment holds that `/roles` does not know (named by its id, with a
 * warning, as roles.ts does for organization roles). Grants go to the people and API keys
 * assigned on the project, and to the teams assigned on it; a team's grant is expandable to the
 * team's members, as Baton expands group grants (`GrantExpandable` on the team's `member`).
 *
 * Requests: `/projects` and `/roles` once per sync, then two per project (its user and its team
 * assignments), read for its entitlements and kept for its grants (ProjectAssignmentsLookup,
 * below). A project's entitlements need its assignments (a role id `/roles` does not know gets an
 * entitlement of its own), and so do its grants, which the engine asks for after every project's entitlements. Keeping what the
 * entitlements phase read halves the requests: two per project instead of four.
 *
 * What is kept is bounded; past the bound, and in a resumed sync (whose entitlements ran in
 * another process), a project's grants read its assignments again.
 */
import {
  entitlementId,
  newEntitlement,
  newGrant,
  newResource,
  type Entitlement,
  type Grant,
  type JsonObject,
  type Page,
  type Resource,
  type ResourceSyncer,
  type SyncContext,
} from "../../core/kit.ts";
import type { Env0Api, Env0Project, Env0ProjectTeamAssignment, Env0ProjectUserAssignment } from "./client.ts";
import { projectType, teamType, userType } from "./resource-types.ts";
import { teamMemberResourceId } from "./teams.ts";

/**
 * The built-in project roles (env0/terraform-provider-env0 `client/builtin_roles.go`,
 * `ProjectBuiltinRoles`), under lower-case slugs; custom roles keep their id as slug.
 */
export const PROJECT_BUILTIN_ROLES: readonly { role: string; slug: string }[] = [
  { role: "Admin", slug: "admin" },
  { role: "Deployer", slug: "deployer" },
  { role: "Planner", slug: "planner" },
  { role: "Viewer", slug: "viewer" },
];

const BUILTIN_SLUG = new Map(PROJECT_BUILTIN_ROLES.map(({ role, slug }) => [role, slug]));

/** The entitlement slug of a project role as env0 writes it in an assignment. */
export function projectRoleSlug(role: string): string {
  return BUILTIN_SLUG.get(role) ?? role;
}

/**
 * Each project's parent: its `parentProjectId` when that is a listed project and following the
 * parents up never comes back to it. Otherwise the project is listed at the top, so that none is
 * left unlisted (a parent the key cannot see, or a cycle, would otherwise hide it).
 */
export function parentsOf(projects: readonly Env0Project[]): Map<string, string | undefined> {
  const byId = new Map(projects.map((project) => [project.id, project]));
  const parents = new Map<string, string | undefined>();
  for (const project of projects) {
    const parentId = project.parentProjectId || undefined;
    let placed = parentId !== undefined && byId.has(parentId);
    const seen = new Set<string>();
    for (
      let above = parentId;
      placed && above !== undefined && !seen.has(above);
      above = byId.get(above)?.parentProjectId || undefined
    ) {
      if (above === project.id) placed = false;
      seen.add(above);
    }
    parents.set(project.id, placed ? parentId : undefined);
  }
  return parents;
}

export function toProjectResource(project: Env0Project, parentId: string | undefined, hasChildren: boolean): Resource {
  const profile: JsonObject = { projectId: project.id, archived: project.isArchived === true };
  if (project.parentProjectId) profile["parentProjectId"] = project.parentProjectId;
  if (project.hierarchy) profile["hierarchy"] = project.hierarchy;
  if (project.description) profile["description"] = project.description;
  return newResource(projectType, project.id, project.name, {
    ...(project.description ? { description: project.description } : {}),
    ...(parentId ? { parentId: { resourceType: projectType.id, resource: parentId } } : {}),
    ...(hasChildren ? { childResourceTypes: [projectType.id] } : {}),
    profile,
  });
}

/** `role` is the role as env0 writes it (a built-in name or a custom role id); `name` what people call it. */
export function projectRoleEntitlement(project: Resource, role: string, name: string): Entitlement {
  // env0's project roles cascade to sub-projects (docs.envzero.com, "RBAC": role assignment levels and inheritance).
  return newEntitlement(project, projectRoleSlug(role), {
    displayName: `${project.displayName} ${name}`,
    description: `Holds the env0 project role ${name} on ${project.displayName} and, as env0 roles cascade, on its sub-projects`,
    grantableTo: [userType, teamType],
  });
}

export function projectsSyncer(
  client: Pick<
    Env0Api,
    "listProjects" | "listRoles" | "listApiKeys" | "listProjectUserAssignments" | "listProjectTeamAssignments"
  >,
  assignments = new ProjectAssignmentsLookup(client),
): ResourceSyncer {
  return {
    resourceType: projectType,
    async list(ctx, { parentId }): Promise<Page<Resource>> {
      const projects = await client.listProjects({ signal: ctx.signal });
      const parents = parentsOf(projects);
      const withChildren = new Set([...parents.values()].filter((id): id is string => id !== undefined));
      const under = parentId?.resource;
      if (under === undefined) warnAboutOrphans(ctx, projects, parents);
      const items = projects
        .filter((project) => parents.get(project.id) === under)
        .map((project) => toProjectResource(project, under, withChildren.has(project.id)));
      return { items };
    },
    async entitlements(ctx, project): Promise<Page<Entitlement>> {
      const [custom, held] = await Promise.all([
        client.listRoles({ signal: ctx.signal }),
        assignments.read(project.id.resource, ctx.signal),
      ]);
      const known = new Set([...PROJECT_BUILTIN_ROLES.map(({ role }) => role), ...custom.map((role) => role.id)]);
      const unknown = [
        ...new Set(
          [...held.users, ...held.teams].map((assignment) => assignment.role).filter((role) => !known.has(role)),
        ),
      ];
      for (const roleId of unknown) {
        ctx.logger.warn(
          "a project role id held in env0 is not among the organization's roles; syncing it named by its id",
          { project: project.id.resource, roleId },
        );
      }
      return {
        items: [
          ...PROJECT_BUILTIN_ROLES.map(({ role }) => projectRoleEntitlement(project, role, role)),
          ...custom.map((role) => projectRoleEntitlement(project, role.id, role.name)),
          ...unknown.map((roleId) => projectRoleEntitlement(project, roleId, roleId)),
        ],
      };
    },
    async grants(ctx, project): Promise<Page<Grant>> {
      const [held, keys] = await Promise.all([
        assignments.take(project.id.resource, ctx.signal),
        client.listApiKeys({ signal: ctx.signal }),
      ]);
      const keyIds = new Set(keys.map((key) => key.id));
      const grants = new Map<string, Grant>();
      const add = (grant: Grant): void => void grants.set(grant.id, grant);
      for (const { userId, role } of held.users) {
        add(
          newGrant(project, projectRoleSlug(role), {
            resourceType: userType.id,
            resource: teamMemberResourceId(userId, keyIds),
          }),
        );
      }
      for (const { teamId, role } of held.teams) {
        const team = { resourceType: teamType.id, resource: teamId };
        add(
          newGrant(project, projectRoleSlug(role), team, {
            expandable: { entitlementIds: [entitlementId(team, "member")] },
          }),
        );
      }
      return { items: [...grants.values()] };
    },
  };
}

function warnAboutOrphans(
  ctx: SyncContext,
  projects: readonly Env0Project[],
  parents: ReadonlyMap<string, string | undefined>,
): void {
  for (const project of projects) {
    if (project.parentProjectId && parents.get(project.id) === undefined) {
      ctx.logger.warn(
        "a sub-project's parent is not among the organization's projects; syncing it as a top-level project",
        {
          project: project.id,
          parentProjectId: project.parentProjectId,
        },
      );
    }
  }
}

// ── assignments held between the two phases ──────────────────────────────────

/** Assignments held at most (about 100 bytes each): every project of a large organization, a bound for a huge one. */
export const HELD_ASSIGNMENTS = 100_000;

export interface ProjectAssignments {
  users: Env0ProjectUserAssignment[];
  teams: Env0ProjectTeamAssignment[];
}

type AssignmentsApi = Pick<Env0Api, "listProjectUserAssignments" | "listProjectTeamAssignments">;

export class ProjectAssignmentsLookup {
  readonly #client: AssignmentsApi;
  readonly #limit: number;
  readonly #held = new Map<string, ProjectAssignments>();
  #heldCount = 0;

  constructor(client: AssignmentsApi, limit = HELD_ASSIGNMENTS) {
    this.#client = client;
    this.#limit = limit;
  }

  /**
   * Reads a project's assignments and keeps them for its grants while room remains. The engine
   * takes grants in the order it listed entitlements, so the projects kept are the first asked.
   */
  async read(projectId: string, signal: AbortSignal): Promise<ProjectAssignments> {
    const assignments = await this.#fetch(projectId, signal);
    this.#forget(projectId);
    const size = assignments.users.length + assignments.teams.length;
    if (this.#heldCount + size <= this.#limit) {
      this.#held.set(projectId, assignments);
      this.#heldCount += size;
    }
    return assignments;
  }

  /** The assignments `read` kept (given up, as grants are asked once), else read again. */
  take(projectId: string, signal: AbortSignal): Promise<ProjectAssignments> {
    const held = this.#held.get(projectId);
    if (!held) return this.#fetch(projectId, signal);
    this.#forget(projectId);
    return Promise.resolve(held);
  }

  async #fetch(projectId: string, signal: AbortSignal): Promise<ProjectAssignments> {
    const [users, teams] = await Promise.all([
      this.#client.listProjectUserAssignments({ projectId, signal }),
      this.#client.listProjectTeamAssignments({ projectId, signal }),
    ]);
    return { users, teams };
  }

  #forget(projectId: string): void {
    const held = this.#held.get(projectId);
    if (!held) return;
    this.#held.delete(projectId);
    this.#heldCount -= held.users.length + held.teams.length;
  }
}
