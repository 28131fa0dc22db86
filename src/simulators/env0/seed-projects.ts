/**
 * @module
 * Seeds the main organization's projects and who holds which role on them: a default project,
 * one where a custom role, a team and an API key are assigned, a parent with two sub-projects
 * (one holding a role id `/roles` does not return), an archived project and an unassigned one,
 * then more projects with a few assignments each, some of them sub-projects.
 *
 * Facts from the Terraform provider (env0/terraform-provider-env0): the project fields
 * (`client/project.go`), user assignments `{id, userId, role}` where the user may be an API key
 * (`client/user_project_assignment.go`, `env0/resource_user_project_assignment.go`), team
 * assignments `{id, teamId, role}` (`client/team_role_assignment.go`) and the built-in project
 * roles (`client/builtin_roles.go`).
 */

import type { Random } from "../_kit/index.ts";
import { isoDaysAgo } from "./seed-accounts.ts";
import { PROJECT_BUILTIN_ROLES, type Env0Project, type Env0Role, type Env0Team } from "./tenant-types.ts";

/** @default projects of the main organization */
export const DEFAULT_PROJECTS = 7;
/** The fixture projects below; a smaller ask still gets them. */
export const MIN_PROJECTS = 7;

const MORE_PROJECT_NAMES = [
  "Data Platform",
  "Mobile",
  "Web Storefront",
  "Internal Tools",
  "Observability",
  "Networking",
  "Security Tooling",
  "Analytics",
  "Edge",
  "Billing",
];

/** Who the projects can be given to, by user id (members) or internal id (API keys). */
export interface ProjectCast {
  organizationId: string;
  adminId: string;
  otherAdminId: string;
  /** Holds the first custom role at organization level too. */
  customRoleHolderId: string;
  auditorId: string;
  orphanRoleHolderId: string;
  orphanRoleId: string;
  staleLoginId: string;
  /** Active, role User, in roster order; the first sits in two teams. */
  regularIds: readonly string[];
  customRoles: readonly Env0Role[];
  /** Teams in seed order: the first holds API keys, the last is empty. */
  teams: readonly Env0Team[];
  /** An API key with role User that sits in the first team. */
  teamKeyId: string;
}

export interface ProjectFixtures {
  defaultProjectId: string;
  platformProjectId: string;
  projectCustomRoleHolderId: string;
  projectTeamId: string;
  parentProjectId: string;
  subProjectId: string;
  orphanRoleProjectId: string;
  archivedProjectId: string;
  unassignedProjectId: string;
}

export function seedProjects(
  rng: Random,
  cast: ProjectCast,
  count: number,
  reference: Date,
): { projects: Env0Project[]; fixtures: ProjectFixtures } {
  const projects: Env0Project[] = [];
  const add = (name: string, options: { parent?: Env0Project; archived?: boolean } = {}): Env0Project => {
    const project: Env0Project = {
      id: rng.uuid(),
      name,
      description: `${name} infrastructure`,
      organizationId: cast.organizationId,
      ...(options.parent ? { parentProjectId: options.parent.id } : {}),
      isArchived: options.archived === true,
      createdAt: isoDaysAgo(rng, reference, 30, 900),
      createdBy: cast.adminId,
      users: [],
      teams: [],
    };
    projects.push(project);
    return project;
  };
  const give = (project: Env0Project, userId: string, role: string): void => {
    if (!project.users.some((assignment) => assignment.userId === userId))
      project.users.push({ id: rng.uuid(), userId, role });
  };
  const giveTeam = (project: Env0Project, team: Env0Team | undefined, role: string): void => {
    if (team && !project.teams.some((assignment) => assignment.teamId === team.id))
      project.teams.push({ id: rng.uuid(), teamId: team.id, role });
  };
  const [apiKeyTeam, secondTeam] = cast.teams;
  const [firstRegular, secondRegular] = cast.regularIds;
  const customRole = cast.customRoles[0];
  if (!apiKeyTeam || !secondTeam || !firstRegular || !secondRegular || !customRole)
    throw new Error("projects need two teams, two regular members and a custom role");

  const defaultProject = add("Default Organization Project");
  give(defaultProject, cast.adminId, "Admin");
  for (const userId of cast.regularIds) if (rng.chance(0.3)) give(defaultProject, userId, "Viewer");
  giveTeam(defaultProject, secondTeam, "Planner");

  const platform = add("Platform");
  give(platform, cast.customRoleHolderId, customRole.id);
  give(platform, cast.teamKeyId, "Viewer");
  // Also a member of the Deployer team below: held directly and through the team at once.
  give(platform, firstRegular, "Planner");
  giveTeam(platform, apiKeyTeam, "Deployer");

  const payments = add("Payments");
  give(payments, cast.otherAdminId, "Admin");
  give(payments, cast.auditorId, cast.customRoles[1]?.id ?? customRole.id);
  const staging = add("Payments Staging", { parent: payments });
  giveTeam(staging, secondTeam, "Deployer");
  give(staging, secondRegular, "Deployer");
  const production = add("Payments Production", { parent: payments });
  give(production, cast.adminId, "Admin");
  give(production, cast.orphanRoleHolderId, cast.orphanRoleId);

  const legacy = add("Legacy Monolith", { archived: true });
  give(legacy, cast.staleLoginId, "Viewer");
  const sandbox = add("Sandbox");

  const populated = cast.teams.slice(0, -1);
  for (let index = projects.length; index < count; index++) {
    const extras = projects.slice(MIN_PROJECTS);
    const parent = extras.length > 0 && rng.chance(0.3) ? rng.pick(extras) : undefined;
    const project = add(MORE_PROJECT_NAMES[index - MIN_PROJECTS] ?? `Project ${index + 1}`, parent ? { parent } : {});
    for (let held = rng.int(1, 4); held > 0; held--)
      give(project, rng.pick(cast.regularIds), rng.pick(PROJECT_BUILTIN_ROLES));
    if (rng.chance(0.5)) giveTeam(project, rng.pick(populated), rng.pick(["Viewer", "Planner"]));
  }

  return {
    projects,
    fixtures: {
      defaultProjectId: defaultProject.id,
      platformProjectId: platform.id,
      projectCustomRoleHolderId: cast.customRoleHolderId,
      projectTeamId: apiKeyTeam.id,
      parentProjectId: payments.id,
      subProjectId: staging.id,
      orphanRoleProjectId: production.id,
      archivedProjectId: legacy.id,
      unassignedProjectId: sandbox.id,
    },
  };
}
