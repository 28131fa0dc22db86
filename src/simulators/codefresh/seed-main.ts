/**
 * @module
 * Seeds the main account: the owner (the admin key's user), other admins, a pending invite invited
 * as Admin, plain pending invites, plain members, the built-in `users` and `admins` teams and
 * custom teams (one empty, one user in two of them).
 */

import { DEPARTMENT_NAMES, dealer, type Person, type Random } from "../_kit/index.ts";
import { builtInTeams, newUser, onCalendar } from "./seed-users.ts";
import type { CodefreshAccount, CodefreshTeam, CodefreshUser } from "./tenant-types.ts";

export const MAIN_ACCOUNT_NAME = "acme-corp";

/** Everyone of the main account, sorted into the roles and statuses the tenant must show. */
interface Cast {
  owner: Person;
  admins: Person[];
  pendingAdmin: Person;
  pendingInvites: Person[];
  /** Active plain members; the first is in no custom team, the second is in two. */
  plain: Person[];
}

function castPeople(rng: Random, people: readonly Person[]): Cast {
  const { share, take, one, rest } = dealer(rng, people);
  const owner = one();
  const admins = take(share(0.05, 1));
  const pendingAdmin = one();
  const pendingInvites = take(share(0.08, 1));
  return { owner, admins, pendingAdmin, pendingInvites, plain: rest() };
}

function customTeams(
  rng: Random,
  accountId: string,
  count: number,
  people: readonly Person[],
  users: Map<Person, CodefreshUser>,
  cast: Cast,
): CodefreshTeam[] {
  const names = rng.shuffle(DEPARTMENT_NAMES);
  const teams: CodefreshTeam[] = Array.from({ length: count }, (_, index) => ({
    id: rng.objectId(),
    name: names[index] ?? `team-${index + 1}`,
    type: "default",
    accountId,
    tags: index % 3 === 0 ? ["department"] : [],
    userIds: [],
  }));
  // The last team stays empty: a team without members is legal and must sync as such.
  const populated = teams.slice(0, -1);
  const idOf = (person: Person): string => (users.get(person) as CodefreshUser).id;
  const joined = new Map(teams.map((team) => [team, new Set<string>()]));
  const join = (team: CodefreshTeam, userId: string): void => {
    const members = joined.get(team) as Set<string>;
    if (members.has(userId)) return;
    members.add(userId);
    team.userIds.push(userId);
  };
  const loner = cast.plain[0];
  for (const person of people) {
    if (person === loner) continue;
    const own = populated.find((team) => team.name === person.department);
    if (own && rng.chance(0.85)) join(own, idOf(person));
    if (rng.chance(0.1)) join(rng.pick(populated), idOf(person));
  }
  const fillers = cast.plain.slice(1).map(idOf);
  for (const team of populated) if (team.userIds.length === 0) join(team, rng.pick(fillers));
  const multiTeam = cast.plain[1] as Person;
  for (const team of populated.slice(0, 2)) join(team, idOf(multiTeam));
  return teams;
}

export interface MainAccountSeed {
  account: CodefreshAccount;
  users: CodefreshUser[];
  teams: CodefreshTeam[];
  ownerId: string;
  adminId: string;
  plainUserId: string;
  pendingInviteId: string;
  pendingAdminId: string;
  multiTeamUserId: string;
  /** Plain active members who are no fixture, in listing order: safe to borrow or mutate. */
  plainMemberIds: string[];
}

/** `reference`: the tenant's reference date, which the seed's calendar is moved to (`onCalendar`). */
export function seedMainAccount(
  rng: Random,
  people: readonly Person[],
  teamCount: number,
  reference: Date,
): MainAccountSeed {
  const cast = castPeople(rng.fork("cast"), people);
  const ids = rng.fork("ids");
  const accountId = ids.objectId(new Date(Date.UTC(2019, 4, 14)));
  const createdAt = onCalendar("2019-05-14T09:12:40.000Z", reference);
  const pending = new Set([cast.pendingAdmin, ...cast.pendingInvites]);
  const users = new Map(
    people.map((person) => [
      person,
      newUser(ids, person, pending.has(person) ? "pending" : "new", MAIN_ACCOUNT_NAME, reference),
    ]),
  );
  const idOf = (person: Person): string => (users.get(person) as CodefreshUser).id;
  // Members are listed in roster order, not cast order, so a listing gives no role away.
  const memberIds = people.map(idOf);
  const adminIds = [cast.owner, ...cast.admins, cast.pendingAdmin].map(idOf);
  const account: CodefreshAccount = {
    id: accountId,
    name: MAIN_ACCOUNT_NAME,
    admins: adminIds,
    memberIds,
    features: { teamsPermissions: true, abac: true, ssoManagement: true, gitopsArgoCd: false },
    createdAt,
  };
  const teams = [
    ...builtInTeams(ids, accountId, memberIds, adminIds),
    ...customTeams(rng.fork("teams"), accountId, teamCount - 2, people, users, cast),
  ];
  // A Set, not `includes`: tenants reach tens of thousands of members.
  const plain = new Set(cast.plain.slice(2));
  return {
    account,
    users: [...users.values()],
    teams,
    ownerId: idOf(cast.owner),
    adminId: idOf(cast.admins[0] as Person),
    plainUserId: idOf(cast.plain[0] as Person),
    pendingInviteId: idOf(cast.pendingInvites[0] as Person),
    pendingAdminId: idOf(cast.pendingAdmin),
    multiTeamUserId: idOf(cast.plain[1] as Person),
    plainMemberIds: people.filter((person) => plain.has(person)).map(idOf),
  };
}
