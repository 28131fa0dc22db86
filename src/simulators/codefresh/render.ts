/**
 * @module
 * The JSON Codefresh sends for the current user, accounts, account members and teams, field for
 * field as in shared/apis/codefresh.md and the Terraform provider's `User`, `Login`, `Personal`,
 * `Team` and `TeamUser` shapes (codefresh/cfclient/user.go, team.go).
 */

import type {
  CodefreshAccount,
  CodefreshLogin,
  CodefreshServiceUser,
  CodefreshTeam,
  CodefreshTenant,
  CodefreshUser,
} from "./tenant-types.ts";

type Json = Record<string, unknown>;

function renderLogin(login: CodefreshLogin): Json {
  return {
    credentials: { permissions: [] },
    personalGit: false,
    permissions: [],
    idp: { _id: login.idpId, clientType: login.clientType },
    sso: login.sso,
  };
}

/**
 * An account object as `GET /user` lists it. The id comes as both `_id` and `id` with the same
 * value: the Go SDK reads one, the Terraform provider the other (codefresh.md).
 */
export function renderAccount(account: CodefreshAccount): Json {
  return {
    _id: account.id,
    id: account.id,
    name: account.name,
    admins: [...account.admins],
    features: { ...account.features },
    createdAt: account.createdAt,
  };
}

/** The fields every rendering of a user shares. */
function userCore(user: CodefreshUser): Json {
  return {
    _id: user.id,
    userName: user.userName,
    email: user.email,
    status: user.status,
    roles: [...user.roles],
    ...(user.personal ? { personal: { ...user.personal } } : {}),
    shortProfile: { userName: user.userName },
    publicProfile: { hasPassword: user.hasPassword },
    register_date: user.registerDate,
    logins: user.logins.map(renderLogin),
  };
}

/** One item of `GET /accounts/{id}/users`: pending users carry their secret `inviteUrl`. */
export function renderMember(user: CodefreshUser): Json {
  return { ...userCore(user), inviteUrl: user.inviteUrl };
}

/** `GET /user`: the key's user, with every account they belong to and the name of the active one. */
export function renderCurrentUser(tenant: CodefreshTenant, user: CodefreshUser): Json {
  const accounts = tenant.accounts.filter((account) => account.memberIds.includes(user.id));
  return {
    ...userCore(user),
    activeAccountName: user.activeAccountName,
    account: accounts.map(renderAccount),
    defaultAccount: 0,
    notifications: [],
  };
}

/**
 * One item of `GET /team`: members as `{_id, userName, email}`, its service accounts among them
 * as `{_id, userName}` (a service account has no email: `ServiceUser` in the Terraform provider's
 * `codefresh/cfclient/service_user.go` has none).
 */
export function renderTeam(tenant: CodefreshTenant, team: CodefreshTeam): Json {
  const people = team.userIds.flatMap((id) => {
    const user = tenant.users.get(id);
    return user ? [{ _id: user.id, userName: user.userName, email: user.email }] : [];
  });
  const robots = tenant.serviceUsers
    .filter((serviceUser) => serviceUser.teamIds.includes(team.id))
    .map((serviceUser) => ({ _id: serviceUser.id, userName: serviceUser.userName }));
  return {
    _id: team.id,
    name: team.name,
    type: team.type,
    account: team.accountId,
    tags: [...team.tags],
    users: [...people, ...robots],
  };
}

/** One item of `GET /service-users`: `{_id, userName, teams: [{_id}], roles}` (Terraform provider, `ServiceUser`). */
export function renderServiceUser(serviceUser: CodefreshServiceUser): Json {
  return {
    _id: serviceUser.id,
    userName: serviceUser.userName,
    teams: serviceUser.teamIds.map((id) => ({ _id: id })),
    roles: [...serviceUser.roles],
  };
}
