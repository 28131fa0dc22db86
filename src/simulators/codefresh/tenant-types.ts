/**
 * @module
 * The shape of a seeded Codefresh tenant. Field meanings follow shared/apis/codefresh.md
 * ("`GET /user`", "`GET /accounts/{accountId}/users`", "`GET /team`").
 */

/**
 * A user's `status`: `pending` is an invite not yet accepted, `new` is what an activated or normal
 * user shows (codefresh.md). The status belongs to the user, not to one account membership.
 */
export type CodefreshUserStatus = "new" | "pending";

/** One way a user signs in (`logins[]`): an identity provider, and whether it is an SSO one. */
export interface CodefreshLogin {
  idpId: string;
  /** `github`, `google`, `okta`… */
  clientType: string;
  sso: boolean;
}

/** A Codefresh user: one person, across every account they belong to. */
export interface CodefreshUser {
  id: string;
  userName: string;
  email: string;
  status: CodefreshUserStatus;
  /** Platform-level roles (`["User"]`), not the account role (codefresh.md, "How account roles are expressed"). */
  roles: string[];
  /** Absent for invitees, who never filled in a profile. */
  personal?: { firstName: string; lastName: string; companyName: string; country: string };
  /** ISO-8601: sign-up, or the invitation for a pending user; relative to the tenant's reference date. */
  registerDate: string;
  logins: CodefreshLogin[];
  hasPassword: boolean;
  /** Only on pending users: the link the invite email carries. A secret: whoever holds it can join. */
  inviteUrl?: string;
  /** The account `GET /user` reports as active for this user's keys. */
  activeAccountName: string;
  /** Key of the person in the kit's shared roster (same person, same email in the other products). */
  personKey: number;
}

export interface CodefreshAccount {
  id: string;
  name: string;
  /** User ids of the account's admins; an id here is an Admin of the account, everyone else a User. */
  admins: string[];
  /** Members in the order `GET /accounts/{id}/users` lists them, pending invites included. */
  memberIds: string[];
  features: Record<string, boolean>;
  /** ISO-8601, relative to the tenant's reference date like every date it shows. */
  createdAt: string;
}

export interface CodefreshTeam {
  id: string;
  name: string;
  /** `admin` for the built-in `admins` team, `default` for every other. */
  type: "default" | "admin";
  accountId: string;
  tags: string[];
  userIds: string[];
}

/**
 * A service account of an account, as `GET /service-users` lists it: `{_id, userName, teams:
 * [{_id}], roles}`, where `roles` holds `"Admin"` for one given the admin role
 * (codefresh-io/terraform-provider-codefresh `codefresh/cfclient/service_user.go`, `ServiceUser`
 * and `HasAdminRole`). It is no entry of `GET /accounts/{id}/users`, but `GET /team` lists it
 * among the members of its teams. ASSUMPTION: an admin service account is not in the account's
 * `admins` list (only its `roles` say so), the stricter case for a client.
 */
export interface CodefreshServiceUser {
  id: string;
  userName: string;
  accountId: string;
  /** Teams of its account it belongs to. */
  teamIds: string[];
  /** `["Admin"]` when it holds the admin role, otherwise empty. */
  roles: string[];
}

/** What an API key may do. `restricted`: its scopes exclude users and teams (403); `blocked`: 403 "unusual activity" everywhere. */
export interface CodefreshApiKey {
  userId: string;
  restricted: boolean;
  blocked: boolean;
}

/** Users and teams of the main account every test can rely on, whatever the seed and size. Ids. */
export interface CodefreshFixtures {
  /** The admin key's user: admin of the main account, member of all three accounts. */
  ownerId: string;
  /** Another admin of the main account. */
  adminId: string;
  /** A plain member (User role), status `new`, in no custom team. */
  plainUserId: string;
  /** A pending invite with the User role. */
  pendingInviteId: string;
  /** A pending invite who is in the admins list (invited as Admin). */
  pendingAdminId: string;
  /** In the main account's `admins` list but not one of its members (they left; the list kept them). */
  staleAdminId: string;
  /** A member of at least two custom teams. */
  multiTeamUserId: string;
  /** Built-in teams of the main account. */
  usersTeamId: string;
  adminsTeamId: string;
  /** A custom team with no members. */
  emptyTeamId: string;
  /** The orphan key's user: their active account is missing from their `account` list. */
  orphanUserId: string;
  /** A service account of the main account in two teams (`users` and a custom one), without the admin role. */
  serviceUserId: string;
  /** A service account of the main account with the admin role, in the `admins` team. */
  serviceAdminId: string;
}

/** What one `mutate()` changed, by user id. */
export interface CodefreshMutationLog {
  generation: number;
  joined: string[];
  /** Removed from the main account, its teams and its admins list. */
  removed: string[];
  /** Added to the admins list and the `admins` team. */
  promoted: string[];
  /** A pending invite that became an active (`new`) user. */
  inviteAccepted: string[];
  teamMoves: { userId: string; fromTeamId: string; toTeamId: string }[];
}

export interface CodefreshTenant {
  seed: number;
  /** What the tenant's dates are relative to, `mutate()`'s included (`SimulatorOptions.referenceDate`). */
  referenceDate: Date;
  /** How many times `mutate()` has run. */
  generation: number;
  users: Map<string, CodefreshUser>;
  /** [main, second, third]: the owner belongs to all three; the main one is active. */
  accounts: CodefreshAccount[];
  /** Teams of every account (each lists its own with `GET /team`). */
  teams: CodefreshTeam[];
  /** Service accounts of every account (each lists its own with `GET /service-users`). */
  serviceUsers: CodefreshServiceUser[];
  /** API key → what it is. */
  keys: Record<string, CodefreshApiKey>;
  /** The owner's key, with every scope: syncs the main account. */
  adminKey: string;
  /** The owner's key, without the scopes for users and teams: 403 there, `GET /user` works. */
  restrictedKey: string;
  /** The owner's key, restricted by Codefresh for unusual activity: 403 on every path. */
  blockedKey: string;
  /** A key whose user's active account is not in their `account` list. */
  orphanKey: string;
  fixtures: CodefreshFixtures;
  /** How many people of the roster slice this tenant has used, so joiners are new people. */
  rosterDrawn: number;
  mutations: CodefreshMutationLog[];
  /** The main account, the one `settings()` syncs. */
  readonly account: CodefreshAccount;
  /** Members of the main account, in listing order (what a full sync must return). */
  readonly members: CodefreshUser[];
  /** Teams of the main account. */
  readonly accountTeams: CodefreshTeam[];
  /** Service accounts of the main account. */
  readonly accountServiceUsers: CodefreshServiceUser[];
}
