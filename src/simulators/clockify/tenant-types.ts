/**
 * @module
 * The shape of a seeded Clockify tenant. Enum values and field meanings follow
 * shared/apis/clockify.md ("User object", "Roles", "User group object").
 */

/** Account status, the user object's `status` (clockify.md, "User object"). */
export const ACCOUNT_STATUSES = [
  "ACTIVE",
  "PENDING_EMAIL_VERIFICATION",
  "DELETED",
  "NOT_REGISTERED",
  "LIMITED",
  "LIMITED_DELETED",
] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Workspace membership status, `membershipStatus` (clockify.md, "User object"). */
export const MEMBERSHIP_STATUSES = ["PENDING", "ACTIVE", "DECLINED", "INACTIVE"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/**
 * Role values `roles[].role` holds under `include-roles=true`; a user with none is a regular
 * member. The owner holds `WORKSPACE_OWN` alongside `WORKSPACE_ADMIN`: Clockify's own browser
 * extension checks for exactly these two (clockify/browser-extension,
 * src/enums/workspace-permissions.enum.js), as do ynput/OpenPype
 * (openpype/modules/clockify/constants.py) and PyClockifyClient's recorded listing
 * (tests/test_user.py). `OWNER` is only a filter value (below).
 */
export const ROLE_NAMES = ["WORKSPACE_OWN", "WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * The values the `roles` filters take (`GET /workspaces?roles=`, `POST …/users/info` `roles[]`):
 * the official OpenAPI's enums, where the owner is `OWNER` (docs.clockify.me, operations
 * getWorkspacesOfUser and filterUsersOfWorkspace).
 */
export const ROLE_FILTERS = ["WORKSPACE_ADMIN", "OWNER", "TEAM_MANAGER", "PROJECT_MANAGER"] as const;
export type RoleFilter = (typeof ROLE_FILTERS)[number];

export interface ClockifyRate {
  amount: number;
  currency: string;
}

/**
 * One role a member holds in a workspace. `entityIds` name what it covers: the workspace for
 * WORKSPACE_OWN and WORKSPACE_ADMIN (nothing for some admins: the sheet allows both), projects for
 * PROJECT_MANAGER. TEAM_MANAGER entities are derived when rendering: the members of the groups the
 * user manages. `role` is one of ROLE_NAMES in a seeded tenant; a test may give any other value,
 * to stand for a role Clockify adds later.
 */
export interface ClockifyRoleGrant {
  role: RoleName | (string & {});
  entityIds: string[];
}

/** A Clockify account: one person, across every workspace they belong to. */
export interface ClockifyAccount {
  id: string;
  email: string;
  /** Invitees who never registered show their email here, as Clockify's team page does. */
  name: string;
  status: AccountStatus;
  profilePicture: string;
  activeWorkspace: string;
  defaultWorkspace: string;
  timeZone: string;
  weekStart: "MONDAY" | "SUNDAY";
  timeFormat: "HOUR24" | "HOUR12";
  dateFormat: string;
  /** Key of the person in the kit's shared roster (same person, same email in other products). */
  personKey: number;
}

/** A user's membership of one workspace. */
export interface ClockifyMember {
  userId: string;
  status: MembershipStatus;
  hourlyRate: ClockifyRate | null;
  costRate: ClockifyRate | null;
  roles: ClockifyRoleGrant[];
}

export interface ClockifyGroup {
  id: string;
  name: string;
  workspaceId: string;
  userIds: string[];
  teamManagerIds: string[];
}

export interface ClockifyProject {
  id: string;
  name: string;
  memberIds: string[];
}

export interface ClockifyWorkspace {
  id: string;
  name: string;
  currency: string;
  members: ClockifyMember[];
  groups: ClockifyGroup[];
  projects: ClockifyProject[];
  cakeOrganizationId: string;
}

/** Users and groups of the main workspace every test can rely on, whatever the seed and size. Ids. */
export interface ClockifyFixtures {
  /** WORKSPACE_OWN and WORKSPACE_ADMIN; the admin key is theirs. Also WORKSPACE_ADMIN of the second workspace. */
  ownerId: string;
  /** A WORKSPACE_ADMIN (not the owner). */
  adminId: string;
  teamManagerId: string;
  projectManagerId: string;
  /** Holds both PROJECT_MANAGER and TEAM_MANAGER. */
  multiRoleId: string;
  /** A regular ACTIVE member without roles; the member key is theirs (→ 403 on users and groups). */
  memberId: string;
  /** Membership PENDING, account NOT_REGISTERED: an invite. */
  pendingInviteId: string;
  /** Membership PENDING, account PENDING_EMAIL_VERIFICATION: an invite too. */
  pendingEmailVerificationId: string;
  /** Membership PENDING, account ACTIVE: an existing Clockify user invited, not yet accepted. */
  pendingExistingAccountId: string;
  declinedId: string;
  /** Membership INACTIVE (deactivated in this workspace), account ACTIVE. */
  inactiveId: string;
  /** Account LIMITED, membership ACTIVE: hidden unless `account-statuses` includes LIMITED. */
  limitedId: string;
  /** Account DELETED, membership ACTIVE. */
  deletedId: string;
  /** A member of at least two groups. */
  groupMemberId: string;
  /** The group with the most members. */
  populatedGroupId: string;
  /** A group with no members. */
  emptyGroupId: string;
}

/** A flattened view of one main-workspace user, for test expectations. */
export interface ClockifyUser {
  id: string;
  email: string;
  name: string;
  accountStatus: AccountStatus;
  membershipStatus: MembershipStatus;
  roles: string[];
  groupIds: string[];
}

/** What one `mutate()` changed, by user id. */
export interface ClockifyMutationLog {
  generation: number;
  joined: string[];
  /** Removed from the workspace entirely: gone from every list. */
  removed: string[];
  /** Membership set to INACTIVE. */
  deactivated: string[];
  /** Made WORKSPACE_ADMIN. */
  promoted: string[];
  /** A pending invite that became an ACTIVE member with a registered account. */
  inviteAccepted: string[];
  groupMoves: { userId: string; fromGroupId: string; toGroupId: string }[];
}

export interface ClockifyTenant {
  seed: number;
  /** How many times `mutate()` has run. */
  generation: number;
  /** The main workspace, the one `settings()` syncs. */
  workspaceId: string;
  /** The owner's key: sees both workspaces and syncs everything. */
  adminKey: string;
  /** A regular member's key: valid, but 403 on users and groups. */
  memberKey: string;
  /** API key → user id. */
  apiKeys: Record<string, string>;
  accounts: Map<string, ClockifyAccount>;
  /** [main workspace, second workspace]. */
  workspaces: ClockifyWorkspace[];
  fixtures: ClockifyFixtures;
  /** How many people of the roster slice this tenant has used, so joiners are new people. */
  rosterDrawn: number;
  mutations: ClockifyMutationLog[];
  /** The main workspace. */
  readonly workspace: ClockifyWorkspace;
  /** Every member of the main workspace, whatever their statuses (what a full sync must return). */
  readonly users: ClockifyUser[];
  /** The main workspace's user groups. */
  readonly groups: ClockifyGroup[];
}
