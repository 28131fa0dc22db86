/**
 * @module
 * One generation of change in the main account, for diffs between two syncs: three joiners (two
 * members, one pending invite; one of them put in a custom team), one leaver removed from the
 * account, its teams and its admins list, one promotion to Admin, one pending invite accepted, and
 * one move between custom teams. Fixtures are never touched, so tests can rely on them at every generation.
 */

import { applyMutation, createRandom, hashSeed, personAt, rosterJoiners, type Random } from "../_kit/index.ts";
import { acceptInvite, newUser, PRODUCT } from "./seed-users.ts";
import type { CodefreshMutationLog, CodefreshTeam, CodefreshTenant, CodefreshUser } from "./tenant-types.ts";

const JOINERS = 3;

function removeFromAccount(tenant: CodefreshTenant, userId: string): void {
  const account = tenant.account;
  account.memberIds = account.memberIds.filter((id) => id !== userId);
  account.admins = account.admins.filter((id) => id !== userId);
  for (const team of tenant.accountTeams) team.userIds = team.userIds.filter((id) => id !== userId);
  if (!tenant.accounts.some((candidate) => candidate.memberIds.includes(userId))) tenant.users.delete(userId);
}

function moveBetweenTeams(
  rng: Random,
  teams: readonly CodefreshTeam[],
  isPlain: (userId: string) => boolean,
): CodefreshMutationLog["teamMoves"] {
  const candidates = teams.flatMap((from) => from.userIds.filter(isPlain).map((userId) => ({ userId, from })));
  if (candidates.length === 0) return [];
  const { userId, from } = rng.pick(candidates);
  const targets = teams.filter((team) => team !== from && !team.userIds.includes(userId));
  if (targets.length === 0) return [];
  const to = rng.pick(targets);
  from.userIds = from.userIds.filter((id) => id !== userId);
  to.userIds.push(userId);
  return [{ userId, fromTeamId: from.id, toTeamId: to.id }];
}

/** Applies generation `tenant.generation + 1`. Deterministic: same seed, same generation, same change. */
export function mutateCodefreshTenant(tenant: CodefreshTenant): CodefreshMutationLog {
  const generation = tenant.generation + 1;
  const rng = createRandom(hashSeed(tenant.seed, PRODUCT, "mutate", generation));
  const account = tenant.account;
  const fixtureIds = new Set<string>(Object.values(tenant.fixtures));
  const teams = tenant.accountTeams;
  const usersTeam = teams.find((team) => team.id === tenant.fixtures.usersTeamId) as CodefreshTeam;
  const adminsTeam = teams.find((team) => team.id === tenant.fixtures.adminsTeamId) as CodefreshTeam;
  // Custom teams the step may touch: never the built-in ones, never the empty-team fixture.
  const custom = teams.filter(
    (team) => team !== usersTeam && team !== adminsTeam && team.id !== tenant.fixtures.emptyTeamId,
  );
  // Indexed once: the checks below run per member, and tenants reach tens of thousands of users.
  const admins = new Set(account.admins);
  const isPlain = (userId: string): boolean =>
    !fixtureIds.has(userId) && !admins.has(userId) && tenant.users.get(userId)?.status === "new";
  const log: CodefreshMutationLog = {
    generation,
    joined: [],
    removed: [],
    promoted: [],
    inviteAccepted: [],
    teamMoves: [],
  };

  const joiners = rosterJoiners(tenant.seed, PRODUCT, tenant.rosterDrawn, JOINERS);
  tenant.rosterDrawn += joiners.length;
  const report = applyMutation<CodefreshUser>({
    rng,
    members: tenant.members,
    joiners,
    eligible: (user) => isPlain(user.id),
    join: (person) => {
      const invited = log.joined.length === JOINERS - 1;
      const user = newUser(rng, person, invited ? "pending" : "new", account.name, tenant.referenceDate);
      tenant.users.set(user.id, user);
      account.memberIds.push(user.id);
      usersTeam.userIds.push(user.id);
      log.joined.push(user.id);
      return user;
    },
    leave: (user) => {
      removeFromAccount(tenant, user.id);
      log.removed.push(user.id);
    },
    changeRole: (user) => {
      account.admins.push(user.id);
      adminsTeam.userIds.push(user.id);
      log.promoted.push(user.id);
    },
  });

  const firstJoiner = report.joined[0];
  if (firstJoiner && custom.length > 0) rng.pick(custom).userIds.push(firstJoiner.id);

  const invites = tenant.members.filter(
    (user) => user.status === "pending" && !fixtureIds.has(user.id) && !log.joined.includes(user.id),
  );
  const accepted = invites.length > 0 ? rng.pick(invites) : undefined;
  if (accepted) {
    acceptInvite(rng, accepted, personAt(tenant.seed, accepted.personKey));
    log.inviteAccepted.push(accepted.id);
  }

  const promoted = new Set(log.promoted);
  log.teamMoves = moveBetweenTeams(rng, custom, (userId) => isPlain(userId) && !promoted.has(userId));
  tenant.generation = generation;
  tenant.mutations.push(log);
  return log;
}
