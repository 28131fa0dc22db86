/**
 * @module
 * The JSON env0 sends for organizations, organization users, API keys, custom roles, teams,
 * projects and project role assignments, field for field as in shared/apis/env0.md and the
 * Terraform provider's client models (env0/terraform-provider-env0 `client/`).
 */

import { env0Index } from "./state.ts";
import type {
  Env0ApiKey,
  Env0Membership,
  Env0Organization,
  Env0Person,
  Env0Project,
  Env0ProjectTeamAssignment,
  Env0ProjectUserAssignment,
  Env0Role,
  Env0Team,
  Env0Tenant,
} from "./tenant-types.ts";

type Json = Record<string, unknown>;

/** An organization as `GET /organizations` lists it; `role` is the caller's role there (provider's Organization model). */
export function renderOrganization(organization: Env0Organization, role: string): Json {
  return {
    id: organization.id,
    name: organization.name,
    description: organization.description,
    photoUrl: null,
    createdBy: organization.createdBy,
    createdAt: organization.createdAt,
    updatedAt: organization.createdAt,
    role,
    maxTtl: null,
    defaultTtl: null,
    doNotReportSkippedStatusChecks: false,
    doNotConsiderMergeCommitsForPrPlans: false,
    enableOidc: false,
    enforcePrCommenterPermissions: false,
    allowMergeableBypassForPrApply: false,
    isSelfHostedK8s: false,
  };
}

/** The Auth0-shaped user object; an invitee who never signed up has only id, email and name (env0.md). */
export function renderPerson(person: Env0Person): Json {
  if (person.createdAt === undefined) return { user_id: person.userId, email: person.email, name: person.name };
  return {
    user_id: person.userId,
    email: person.email,
    name: person.name,
    given_name: person.givenName,
    family_name: person.familyName,
    picture: person.picture,
    created_at: person.createdAt,
    last_login: person.lastLogin,
    app_metadata: {},
  };
}

function personOf(tenant: Env0Tenant, userId: string): Env0Person {
  const person = tenant.people.get(userId);
  if (!person) throw new Error(`no person ${userId}`);
  return person;
}

/** One item of `GET /organizations/{id}/users`: `{user, role, status}`. */
export function renderMember(tenant: Env0Tenant, member: Env0Membership): Json {
  return { user: renderPerson(personOf(tenant, member.userId)), role: member.role, status: member.status };
}

/** One item of `GET /api-keys`. `apiKeySecret` only when a test asks (env0 sends it only at creation). */
export function renderApiKey(tenant: Env0Tenant, key: Env0ApiKey, withSecret: boolean): Json {
  return {
    id: key.id,
    name: key.name,
    apiKeyId: key.apiKeyId,
    ...(withSecret ? { apiKeySecret: key.secret } : {}),
    organizationId: key.organizationId,
    organizationRole: key.organizationRole,
    lastUsedAt: key.lastUsedAt,
    createdAt: key.createdAt,
    createdBy: key.createdBy,
    createdByUser: renderPerson(personOf(tenant, key.createdBy)),
  };
}

export function renderRole(role: Env0Role): Json {
  return {
    id: role.id,
    name: role.name,
    organizationId: role.organizationId,
    permissions: [...role.permissions],
    isDefaultRole: role.isDefaultRole,
  };
}

/**
 * A team with its members inside (env0.md, "Team item"). An API key in a team is listed by its
 * internal id as `user_id`. ASSUMPTION: with its name and no email; the sheet shows no example.
 */
export function renderTeam(tenant: Env0Tenant, organization: Env0Organization, team: Env0Team): Json {
  const users = team.memberIds.map((id) => {
    const person = tenant.people.get(id);
    if (person) return renderPerson(person);
    const key = env0Index(tenant).organizations.get(organization.id)?.apiKeys.get(id);
    return { user_id: id, name: key?.name ?? id };
  });
  return { id: team.id, name: team.name, description: team.description, organizationId: team.organizationId, users };
}

/** Ancestors' ids then the project's own, joined by `|` (provider `env0/data_project.go` splits it so). */
function hierarchyOf(organization: Env0Organization, project: Env0Project): string {
  const chain = [project.id];
  for (let parentId = project.parentProjectId; parentId !== undefined;) {
    const parent = organization.projects.find((candidate) => candidate.id === parentId);
    if (!parent) break;
    chain.unshift(parent.id);
    parentId = parent.parentProjectId;
  }
  return chain.join("|");
}

/**
 * One item of `GET /projects` (provider `client/project.go`, `Project`): `parentProjectId` only on
 * a sub-project (`omitempty`), `role` the caller's role. ASSUMPTION: `tags` empty, `updatedAt` the
 * creation time.
 */
export function renderProject(
  tenant: Env0Tenant,
  organization: Env0Organization,
  project: Env0Project,
  callerRole: string,
): Record<string, unknown> {
  return {
    isArchived: project.isArchived,
    organizationId: project.organizationId,
    updatedAt: project.createdAt,
    createdAt: project.createdAt,
    id: project.id,
    name: project.name,
    createdBy: project.createdBy,
    role: callerRole,
    createdByUser: renderPerson(personOf(tenant, project.createdBy)),
    description: project.description,
    parentProjectId: project.parentProjectId,
    hierarchy: hierarchyOf(organization, project),
    tags: [],
  };
}

/** One item of `GET /permissions/projects/{id}` (provider `UserProjectAssignment`). */
export function renderProjectUserAssignment(assignment: Env0ProjectUserAssignment): Json {
  return { userId: assignment.userId, role: assignment.role, id: assignment.id };
}

/** One item of `GET /roles/assignments/teams?projectId=` (provider `TeamRoleAssignmentPayload`). */
export function renderProjectTeamAssignment(assignment: Env0ProjectTeamAssignment): Json {
  return { teamId: assignment.teamId, role: assignment.role, id: assignment.id };
}
