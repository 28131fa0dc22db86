/**
 * @module
 * Codefresh's answers as the API sends them (only the fields read), and the compact records the
 * connector keeps instead. `GET /accounts/{id}/users` and `GET /team` are single bare arrays with no
 * paging (shared/apis/codefresh.md), so a large account arrives in one body: each item is cut down
 * to a few strings the moment the body is parsed, and the full objects — `inviteUrl` among them,
 * a secret — are garbage as soon as the request returns.
 */

// ── API shapes ────────────────────────────────────────────────────────────────

/** One entry of `GET /user`'s `account` list. The id comes as `id` (Terraform provider) or `_id` (Go SDK). */
export interface ApiAccount {
  _id?: string;
  id?: string;
  name?: string;
  /** User ids: a user is an account Admin exactly when their id is here (codefresh.md). */
  admins?: string[];
}

/** `GET /user`: the key's user and every account they belong to. */
export interface ApiCurrentUser {
  _id?: string;
  userName?: string;
  activeAccountName?: string;
  account?: ApiAccount[];
}

/** One item of `GET /accounts/{id}/users`. `roles` holds platform roles, not the account role: ignored. */
export interface ApiMember {
  _id?: string;
  userName?: string;
  email?: string;
  /** `pending`: invited, not yet accepted; `new`: an activated user; other values are treated as active. */
  status?: string;
  personal?: { firstName?: string; lastName?: string } | null;
  register_date?: string;
  logins?: Array<{ sso?: boolean } | null> | null;
  /** Present on pending users. A secret: never copied out of this shape. */
  inviteUrl?: string;
}

/** One item of `GET /team`. `type` is `default` or `admin`; `users` are `{_id, userName, email}`. */
export interface ApiTeam {
  _id?: string;
  name?: string;
  type?: string;
  tags?: string[] | null;
  users?: Array<{ _id?: string } | null> | null;
}

/**
 * One item of `GET /service-users`: a service account of the key's account. `teams` are the teams
 * it belongs to, `roles` holds `"Admin"` when it has the admin role (terraform-provider-codefresh
 * `codefresh/cfclient/service_user.go`: `ServiceUser`, `HasAdminRole`). It has no email and is no
 * entry of `GET /accounts/{id}/users`.
 */
export interface ApiServiceUser {
  _id?: string;
  userName?: string;
  teams?: Array<{ _id?: string } | null> | null;
  roles?: string[] | null;
}

// ── compact records ───────────────────────────────────────────────────────────

/** The account the key acts on. */
export interface ActiveAccount {
  id: string;
  name: string;
  admins: ReadonlySet<string>;
  /**
   * The key's own user (`GET /user` `_id`, the id `GET /accounts/{id}/users` lists members by:
   * terraform-provider-codefresh `codefresh/cfclient/user.go` `User.ID`, and
   * `current_account.go`, which reads members' `_id` for the same account). A member of the
   * account, or one of its service accounts when the key is a service account's.
   */
  userId?: string;
}

/** What the connector keeps of one member: no invite link, no profile blobs. */
export interface MemberRecord {
  id: string;
  userName: string;
  email: string;
  status: string;
  firstName?: string;
  lastName?: string;
  registeredAt?: string;
  /** Signs in through an SSO identity provider (a `logins` entry with `sso: true`). ASSUMPTION: what `sso` means. */
  sso: boolean;
  /** Set on a service account (`GET /service-users`); absent on a member of `GET /accounts/{id}/users`. */
  service?: ServiceAccountFacts;
}

export interface ServiceAccountFacts {
  /** Holds the admin role (`roles` contains `"Admin"`). */
  admin: boolean;
  /** The teams it belongs to, as `GET /service-users` lists them. */
  teamIds: string[];
}

export interface TeamRecord {
  id: string;
  name: string;
  type: string;
  tags: string[];
  memberIds: string[];
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** The id of an account entry, from `id` or `_id`, whichever is present. */
export function accountIdOf(account: ApiAccount): string | undefined {
  return text(account.id) ?? text(account._id);
}

/**
 * The entry of `user.account` named by `user.activeAccountName`, as the Terraform provider picks
 * it; undefined when there is no active name or no entry of that name (a deleted account, a key
 * of a user removed from it).
 */
export function pickActiveAccount(user: ApiCurrentUser): ActiveAccount | undefined {
  const name = text(user.activeAccountName);
  if (name === undefined) return undefined;
  const entry = (Array.isArray(user.account) ? user.account : []).find((account) => account !== null && typeof account === "object" && account.name === name);
  const id = entry && accountIdOf(entry);
  if (!entry || id === undefined) return undefined;
  const admins = Array.isArray(entry.admins) ? entry.admins.filter((admin): admin is string => typeof admin === "string") : [];
  const userId = text(user._id);
  return { id, name, admins: new Set(admins), ...(userId === undefined ? {} : { userId }) };
}

/** The compact record of one member, or undefined when the item has no `_id` to name it by. */
export function toMemberRecord(member: ApiMember): MemberRecord | undefined {
  const id = text(member._id);
  if (id === undefined) return undefined;
  const record: MemberRecord = {
    id,
    userName: text(member.userName) ?? "",
    email: text(member.email) ?? "",
    status: text(member.status) ?? "",
    sso: Array.isArray(member.logins) && member.logins.some((login) => login?.sso === true),
  };
  const firstName = text(member.personal?.firstName);
  const lastName = text(member.personal?.lastName);
  const registeredAt = text(member.register_date);
  if (firstName !== undefined) record.firstName = firstName;
  if (lastName !== undefined) record.lastName = lastName;
  if (registeredAt !== undefined) record.registeredAt = registeredAt;
  return record;
}

/** The compact record of one team, or undefined when the item has no `_id`. Members without an id are skipped. */
export function toTeamRecord(team: ApiTeam): TeamRecord | undefined {
  const id = text(team._id);
  if (id === undefined) return undefined;
  const memberIds = (Array.isArray(team.users) ? team.users : []).flatMap((user) => {
    const userId = text(user?._id);
    return userId === undefined ? [] : [userId];
  });
  const tags = (Array.isArray(team.tags) ? team.tags : []).filter((tag): tag is string => typeof tag === "string");
  return { id, name: text(team.name) ?? id, type: text(team.type) ?? "default", tags, memberIds };
}

/** Codefresh's admin role value in a service account's `roles` (the Terraform provider's `HasAdminRole`). */
export const SERVICE_ADMIN_ROLE = "Admin";

/** The compact record of one service account, or undefined when the item has no `_id`. */
export function toServiceUserRecord(serviceUser: ApiServiceUser): MemberRecord | undefined {
  const id = text(serviceUser._id);
  if (id === undefined) return undefined;
  const teamIds = (Array.isArray(serviceUser.teams) ? serviceUser.teams : []).flatMap((team) => {
    const teamId = text(team?._id);
    return teamId === undefined ? [] : [teamId];
  });
  const admin = Array.isArray(serviceUser.roles) && serviceUser.roles.includes(SERVICE_ADMIN_ROLE);
  return { id, userName: text(serviceUser.userName) ?? "", email: "", status: "", sso: false, service: { admin, teamIds: [...new Set(teamIds)] } };
}
