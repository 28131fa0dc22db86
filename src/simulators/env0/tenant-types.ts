/**
 * @module
 * The shape of a seeded env0 tenant. Field meanings follow shared/apis/env0.md ("Organization user
 * item", "API key item", "Custom role item", "Team item").
 */

/** The two organization roles every env0 organization has; anything else is a custom role id (env0.md). */
export const BUILTIN_ROLES = ["Admin", "User"] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** `status` of an organization user: "Active", or "Invited" for a pending invitation (env0.md). */
export type MemberStatus = "Active" | "Invited";

/** A person as env0 (through Auth0) knows them, the same in every organization they belong to. */
export interface Env0Person {
  /** Auth0-style: `google-oauth2|1084…`, `auth0|65f0…`, `github|8812…`, `email|…` for an invitee. */
  userId: string;
  email: string;
  /** An invitee who never signed up shows their email here, as in the sheet's example. */
  name: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  /** ISO-8601 UTC; absent for an invitee who never signed up. */
  createdAt?: string;
  /** ISO-8601 UTC; absent when the person never signed in. */
  lastLogin?: string;
  /** Key of the person in the kit's shared roster (same person, same email in other products). */
  personKey: number;
}

/** One person's place in one organization. */
export interface Env0Membership {
  userId: string;
  /** "Admin", "User", or a custom role id — possibly one `/roles` no longer returns. */
  role: string;
  status: MemberStatus;
}

export interface Env0ApiKey {
  /** Internal id; also the "user id" when the key is added to a team (env0.md). */
  id: string;
  name: string;
  /** The public key id: the Basic-auth user name. */
  apiKeyId: string;
  /** Never rendered in lists (env0.md: returned only at creation), unless a test asks for it. */
  secret: string;
  organizationId: string;
  /** "Admin", "User" or a custom role id. */
  organizationRole: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** A user id of the organization. */
  createdBy: string;
}

export interface Env0Role {
  id: string;
  name: string;
  organizationId: string;
  permissions: string[];
  isDefaultRole: boolean;
}

export interface Env0Team {
  id: string;
  name: string;
  description: string;
  organizationId: string;
  /** User ids of members, and ids (`Env0ApiKey.id`) of API keys added to the team. */
  memberIds: string[];
}

/**
 * The built-in project roles (the Terraform provider's `client/builtin_roles.go`,
 * `ProjectBuiltinRoles`); a project assignment holds one of these or a custom role id.
 */
export const PROJECT_BUILTIN_ROLES = ["Admin", "Deployer", "Planner", "Viewer"] as const;

/**
 * A person's or API key's role on one project, as `GET /permissions/projects/{id}` lists it
 * (provider `client/user_project_assignment.go`, `UserProjectAssignment`). An API key is named
 * by its internal id ("can also be an id of a 'User' API key": `env0_user_project_assignment`).
 */
export interface Env0ProjectUserAssignment {
  id: string;
  userId: string;
  /** A project built-in role or a custom role id. */
  role: string;
}

/** A team's role on one project (provider `client/team_role_assignment.go`, `TeamRoleAssignmentPayload`). */
export interface Env0ProjectTeamAssignment {
  id: string;
  teamId: string;
  role: string;
}

/**
 * A project (provider `client/project.go`, `Project`). Sub-projects name their parent in
 * `parentProjectId`; `GET /projects` lists them all, archived ones included.
 */
export interface Env0Project {
  id: string;
  name: string;
  description: string;
  organizationId: string;
  parentProjectId?: string;
  isArchived: boolean;
  createdAt: string;
  createdBy: string;
  users: Env0ProjectUserAssignment[];
  teams: Env0ProjectTeamAssignment[];
}

export interface Env0Organization {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  createdBy: string;
  members: Env0Membership[];
  apiKeys: Env0ApiKey[];
  /** The custom roles `/roles` returns. */
  roles: Env0Role[];
  teams: Env0Team[];
  /** Top-level projects and sub-projects alike, parents before their children. */
  projects: Env0Project[];
}

/**
 * A personal API key: it acts as the user who made it, in every organization they are an active
 * member of, with their role there. ASSUMPTION: personal keys do not appear in an organization's
 * `GET /api-keys` (which lists organization keys).
 */
export interface Env0PersonalKey {
  apiKeyId: string;
  secret: string;
  userId: string;
}

/** Credentials tests and `settings()` use: Basic user name and password. */
export interface Env0Credential {
  apiKeyId: string;
  secret: string;
}

/** Principals and teams of the main organization every test can rely on, whatever the seed and size. */
export interface Env0Fixtures {
  /** An Admin; the admin (personal) key is theirs, and it also sees the second organization. */
  adminId: string;
  /** An Active member with role User; the member key is theirs (valid, but 403 on members and keys). */
  memberId: string;
  /** Active members holding each of two custom roles. */
  customRoleHolderId: string;
  secondCustomRoleHolderId: string;
  /** A pending invite with role User. */
  invitedId: string;
  /** A pending invite holding a custom role, as in the sheet's example. */
  invitedCustomRoleId: string;
  /** Active, but no `last_login`: never signed in. */
  neverSignedInId: string;
  /** Active, last signed in long ago (over 180 days before the reference date). */
  staleLoginId: string;
  /** Holds `orphanRoleId`, a custom role id `/roles` does not return (a deleted role). */
  orphanRoleHolderId: string;
  orphanRoleId: string;
  /** A member of at least two teams. */
  teamMemberId: string;
  /** A team with API keys among its members. */
  apiKeyTeamId: string;
  /** A team with no members. */
  emptyTeamId: string;
  /** The organization key the `orgKey` credential uses (role Admin), listed in `/api-keys`. */
  syncKeyId: string;
  /** Never used, created recently. */
  neverUsedKeyId: string;
  /** Never used and created more than 90 days before the reference date. */
  staleUnusedKeyId: string;
  /** Holds a custom role, and sits in `apiKeyTeamId`. */
  customRoleKeyId: string;
  /** Role User, in `apiKeyTeamId`. */
  teamKeyId: string;
  /** "Default Organization Project", which every organization starts with (env0 docs, "Projects"). */
  defaultProjectId: string;
  /** A top-level project where a custom role, a team and an API key are assigned. */
  platformProjectId: string;
  /** Holds a custom project role on `platformProjectId`. */
  projectCustomRoleHolderId: string;
  /** Assigned Deployer on `platformProjectId` as a team: `apiKeyTeamId`, whose members include API keys. */
  projectTeamId: string;
  /** A parent project, and one of its sub-projects. */
  parentProjectId: string;
  subProjectId: string;
  /** A sub-project where `orphanRoleHolderId` holds `orphanRoleId`, a role `/roles` does not return. */
  orphanRoleProjectId: string;
  /** Archived, with one Viewer. */
  archivedProjectId: string;
  /** A project nobody is assigned to. */
  unassignedProjectId: string;
}

/** A flattened view of one principal of the main organization, for test expectations. */
export interface Env0Principal {
  kind: "member" | "api-key";
  /** The member's user id, or the API key's internal id. */
  id: string;
  name: string;
  email?: string;
  role: string;
  status: MemberStatus;
  /** ISO-8601: `last_login`, or the key's `lastUsedAt`. */
  lastSeen?: string;
  teamIds: string[];
}

/** What one `mutate()` changed in the main organization, by user id. */
export interface Env0MutationLog {
  generation: number;
  joined: string[];
  /** Removed from the organization and its teams. */
  removed: string[];
  roleChanges: { userId: string; from: string; to: string }[];
  teamMoves: { userId: string; fromTeamId: string; toTeamId: string }[];
}

export interface Env0Tenant {
  seed: number;
  /** What every date of the tenant is a number of days before, `mutate()`'s included (`SimulatorOptions.referenceDate`). */
  referenceDate: Date;
  generation: number;
  /** The main organization, the one `settings()` syncs. */
  organizationId: string;
  /** Every person the tenant knows, by user id. */
  people: Map<string, Env0Person>;
  /** [main organization, second organization]. */
  organizations: Env0Organization[];
  personalKeys: Env0PersonalKey[];
  /** The admin's personal key: sees both organizations and syncs everything. */
  adminKey: Env0Credential;
  /** An organization API key of the main organization with role Admin: syncs it too. */
  orgKey: Env0Credential;
  /** A member's personal key: sees the main organization, 403 on members, API keys and teams. */
  memberKey: Env0Credential;
  /** The second organization's own key: does not see the main organization at all. */
  outsiderKey: Env0Credential;
  fixtures: Env0Fixtures;
  rosterDrawn: number;
  mutations: Env0MutationLog[];
  readonly organization: Env0Organization;
  /** Members then API keys of the main organization: what a full sync must return as users. */
  readonly principals: Env0Principal[];
}
