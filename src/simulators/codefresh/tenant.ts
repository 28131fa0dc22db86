/**
 * @module
 * The seeded Codefresh tenant: the main account (see `seed-main.ts`), a second and a third account
 * the owner also belongs to, a former admin who left the main account but stays in its `admins`
 * list, a user whose active account no longer exists, the API keys, and the views tests read.
 */

import { createRandom, hashSeed, referenceDateOf, rosterJoiners, rosterSlice, type Random } from "../_kit/index.ts";
import { MAIN_ACCOUNT_NAME, seedMainAccount } from "./seed-main.ts";
import { builtInTeams, newApiKey, newUser, onCalendar, PRODUCT } from "./seed-users.ts";
import type {
  CodefreshAccount,
  CodefreshServiceUser,
  CodefreshTeam,
  CodefreshTenant,
  CodefreshUser,
} from "./tenant-types.ts";

/** @default members of the main account */
export const DEFAULT_USERS = 60;
/** @default teams of the main account, the built-in `users` and `admins` included */
export const DEFAULT_GROUPS = 6;
/** Below this the fixtures (owner, admin, two invites, two plain members…) no longer fit; smaller sizes are raised. */
export const MIN_USERS = 8;
/** `users`, `admins`, two populated custom teams (one user sits in both) and an empty one. */
export const MIN_GROUPS = 5;
/** The second account, which the owner also administers. */
export const SECOND_ACCOUNT_NAME = "acme-labs";
export const THIRD_ACCOUNT_NAME = "acme-sandbox";
/** The active account of the orphan key's user: deleted, so absent from their `account` list. */
export const MISSING_ACCOUNT_NAME = "acme-legacy";

export interface CodefreshTenantOptions {
  users?: number;
  groups?: number;
  /**
   * What the tenant's dates are relative to (`SimulatorOptions.referenceDate`, `onCalendar`).
   * @default the start of the current UTC day
   */
  referenceDate?: Date;
}

/** `createdAt` is on the seed's fixed calendar, as the id; the account shows it moved to `reference`. */
function newAccount(
  rng: Random,
  name: string,
  createdAt: string,
  reference: Date,
  memberIds: string[],
  admins: string[],
): CodefreshAccount {
  const id = rng.objectId(new Date(createdAt));
  return {
    id,
    name,
    admins,
    memberIds,
    features: { teamsPermissions: true, abac: false, ssoManagement: false, gitopsArgoCd: true },
    createdAt: onCalendar(createdAt, reference),
  };
}

interface OtherAccounts {
  accounts: CodefreshAccount[];
  teams: CodefreshTeam[];
  users: CodefreshUser[];
  staleAdminId: string;
  orphanUserId: string;
  drawn: number;
}

/**
 * The second account: the owner (admin), some main members, and newcomers — one of them a former
 * main-account admin, one the orphan key's user. The third: the owner and one borrowed member.
 */
function seedOtherAccounts(
  rng: Random,
  seed: number,
  reference: Date,
  ownerId: string,
  borrowable: readonly string[],
  users: Map<string, CodefreshUser>,
  drawn: number,
): OtherAccounts {
  const newcomers = rosterJoiners(seed, PRODUCT, drawn, 4).map((person) =>
    newUser(rng, person, "new", SECOND_ACCOUNT_NAME, reference),
  );
  const [formerAdmin, orphan, ...others] = newcomers as [CodefreshUser, CodefreshUser, ...CodefreshUser[]];
  orphan.activeAccountName = MISSING_ACCOUNT_NAME;
  const borrowed = borrowable.slice(0, 3);
  for (const userId of borrowed.slice(0, 1)) {
    const user = users.get(userId);
    if (user) user.activeAccountName = SECOND_ACCOUNT_NAME;
  }
  const secondMembers = [ownerId, ...borrowed, ...newcomers.map((user) => user.id)];
  const second = newAccount(rng, SECOND_ACCOUNT_NAME, "2022-09-12T14:03:11.000Z", reference, secondMembers, [
    ownerId,
    formerAdmin.id,
  ]);
  const third = newAccount(
    rng,
    THIRD_ACCOUNT_NAME,
    "2023-11-02T08:45:00.000Z",
    reference,
    [ownerId, ...borrowed.slice(1, 2)],
    [ownerId],
  );
  const lab: CodefreshTeam = {
    id: rng.objectId(),
    name: "research",
    type: "default",
    accountId: second.id,
    tags: [],
    userIds: [ownerId, formerAdmin.id, ...others.map((user) => user.id)],
  };
  const teams = [
    ...builtInTeams(rng, second.id, second.memberIds, second.admins),
    lab,
    ...builtInTeams(rng, third.id, third.memberIds, third.admins),
  ];
  return {
    accounts: [second, third],
    teams,
    users: newcomers,
    staleAdminId: formerAdmin.id,
    orphanUserId: orphan.id,
    drawn: drawn + newcomers.length,
  };
}

/**
 * The service accounts: two in the main account (a CI robot in the `users` team and a custom
 * one; a release robot with the admin role, in the `admins` team) and one in the second account.
 * Their own random stream, so adding them moved no other id of the tenant.
 */
function seedServiceUsers(
  rng: Random,
  main: CodefreshAccount,
  teams: readonly CodefreshTeam[],
  second: CodefreshAccount,
): CodefreshServiceUser[] {
  const teamOf = (accountId: string, name: string | undefined, type: string = "default"): string[] => {
    const team = teams.find(
      (candidate) =>
        candidate.accountId === accountId && candidate.type === type && (name === undefined || candidate.name === name),
    );
    return team ? [team.id] : [];
  };
  const custom = teams.find(
    (team) => team.accountId === main.id && team.type === "default" && team.name !== "users" && team.userIds.length > 0,
  );
  return [
    {
      id: rng.objectId(),
      userName: "ci-robot",
      accountId: main.id,
      teamIds: [...teamOf(main.id, "users"), ...(custom ? [custom.id] : [])],
      roles: [],
    },
    {
      id: rng.objectId(),
      userName: "release-robot",
      accountId: main.id,
      teamIds: teamOf(main.id, undefined, "admin"),
      roles: ["Admin"],
    },
    {
      id: rng.objectId(),
      userName: "labs-robot",
      accountId: second.id,
      teamIds: teamOf(second.id, "users"),
      roles: [],
    },
  ];
}

/** Seeds generation 0 of the tenant. Same seed and sizes, same tenant, always. */
export function createCodefreshTenant(seed: number, options: CodefreshTenantOptions = {}): CodefreshTenant {
  const userCount = Math.max(MIN_USERS, Math.floor(options.users ?? DEFAULT_USERS));
  const teamCount = Math.max(MIN_GROUPS, Math.floor(options.groups ?? DEFAULT_GROUPS));
  const referenceDate = referenceDateOf(options);
  const rng = createRandom(hashSeed(seed, PRODUCT, "tenant"));
  const main = seedMainAccount(rng.fork("main"), rosterSlice(seed, PRODUCT, userCount), teamCount, referenceDate);
  const users = new Map(main.users.map((user) => [user.id, user]));
  const others = seedOtherAccounts(
    rng.fork("others"),
    seed,
    referenceDate,
    main.ownerId,
    main.plainMemberIds,
    users,
    userCount,
  );
  for (const user of others.users) users.set(user.id, user);
  // The former admin left the main account; its admins list still names them (a stale entry).
  main.account.admins.push(others.staleAdminId);

  const teams = [...main.teams, ...others.teams];
  const serviceUsers = seedServiceUsers(
    rng.fork("service-users"),
    main.account,
    teams,
    others.accounts[0] as CodefreshAccount,
  );
  const [serviceUser, serviceAdmin] = serviceUsers as [CodefreshServiceUser, CodefreshServiceUser];

  const keys = rng.fork("keys");
  const [adminKey, restrictedKey, blockedKey, orphanKey] = [
    newApiKey(keys),
    newApiKey(keys),
    newApiKey(keys),
    newApiKey(keys),
  ];
  return {
    seed,
    referenceDate,
    generation: 0,
    users,
    accounts: [main.account, ...others.accounts],
    teams,
    serviceUsers,
    keys: {
      [adminKey]: { userId: main.ownerId, restricted: false, blocked: false },
      [restrictedKey]: { userId: main.ownerId, restricted: true, blocked: false },
      [blockedKey]: { userId: main.ownerId, restricted: false, blocked: true },
      [orphanKey]: { userId: others.orphanUserId, restricted: false, blocked: false },
    },
    adminKey,
    restrictedKey,
    blockedKey,
    orphanKey,
    fixtures: {
      ownerId: main.ownerId,
      adminId: main.adminId,
      plainUserId: main.plainUserId,
      pendingInviteId: main.pendingInviteId,
      pendingAdminId: main.pendingAdminId,
      staleAdminId: others.staleAdminId,
      multiTeamUserId: main.multiTeamUserId,
      usersTeamId: (main.teams[0] as CodefreshTeam).id,
      adminsTeamId: (main.teams[1] as CodefreshTeam).id,
      emptyTeamId: (main.teams.at(-1) as CodefreshTeam).id,
      orphanUserId: others.orphanUserId,
      serviceUserId: serviceUser.id,
      serviceAdminId: serviceAdmin.id,
    },
    rosterDrawn: others.drawn,
    mutations: [],
    get account() {
      return this.accounts[0] as CodefreshAccount;
    },
    get members() {
      return this.account.memberIds.map((id) => this.users.get(id) as CodefreshUser);
    },
    get accountTeams() {
      return this.teams.filter((team) => team.accountId === this.account.id);
    },
    get accountServiceUsers() {
      return this.serviceUsers.filter((serviceUser) => serviceUser.accountId === this.account.id);
    },
  };
}

export { MAIN_ACCOUNT_NAME };
