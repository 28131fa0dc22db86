/**
 * @module
 * One generation of change in the main organization, for diffs between two syncs: three joiners
 * (two active members, one invite; the first put in a team and made Viewer of the default
 * project), one leaver removed from the organization, its teams and its projects, one role
 * change, one move between teams. Fixtures are never touched, so tests can rely on them at
 * every generation.
 */

import { applyMutation, createRandom, hashSeed, rosterJoiners, type Random } from "../_kit/index.ts";
import { newPerson, PRODUCT } from "./seed-accounts.ts";
import type { Env0Membership, Env0MutationLog, Env0Team, Env0Tenant } from "./tenant-types.ts";

const JOINERS = 3;

function moveBetweenTeams(
  rng: Random,
  teams: readonly Env0Team[],
  isPlain: (userId: string) => boolean,
): Env0MutationLog["teamMoves"] {
  const candidates = teams.flatMap((from) => from.memberIds.filter(isPlain).map((userId) => ({ userId, from })));
  if (candidates.length === 0) return [];
  const { userId, from } = rng.pick(candidates);
  const targets = teams.filter((team) => team !== from && !team.memberIds.includes(userId));
  if (targets.length === 0) return [];
  const to = rng.pick(targets);
  from.memberIds = from.memberIds.filter((id) => id !== userId);
  to.memberIds.push(userId);
  return [{ userId, fromTeamId: from.id, toTeamId: to.id }];
}

/** Applies generation `tenant.generation + 1`. Deterministic: same seed, same generation, same change. */
export function mutateEnv0Tenant(tenant: Env0Tenant): Env0MutationLog {
  const generation = tenant.generation + 1;
  const rng = createRandom(hashSeed(tenant.seed, PRODUCT, "mutate", generation));
  const organization = tenant.organization;
  const fixtureIds = new Set<string>(Object.values(tenant.fixtures));
  const byId = new Map(organization.members.map((member) => [member.userId, member]));
  const isPlain = (userId: string): boolean => {
    const member = byId.get(userId);
    return !fixtureIds.has(userId) && member?.status === "Active" && member.role === "User";
  };
  // Teams the step may touch: never the empty-team fixture, so it stays empty.
  const teams = organization.teams.filter((team) => team.id !== tenant.fixtures.emptyTeamId);
  const log: Env0MutationLog = { generation, joined: [], removed: [], roleChanges: [], teamMoves: [] };

  const joiners = rosterJoiners(tenant.seed, PRODUCT, tenant.rosterDrawn, JOINERS);
  tenant.rosterDrawn += joiners.length;
  const report = applyMutation<Env0Membership>({
    rng,
    members: [...organization.members],
    joiners,
    eligible: (member) => isPlain(member.userId),
    join: (person) => {
      const invited = log.joined.length === JOINERS - 1;
      const created = newPerson(rng, person, tenant.referenceDate, { invited });
      tenant.people.set(created.userId, created);
      const member: Env0Membership = { userId: created.userId, role: "User", status: invited ? "Invited" : "Active" };
      organization.members.push(member);
      log.joined.push(created.userId);
      return member;
    },
    leave: (member) => {
      organization.members.splice(organization.members.indexOf(member), 1);
      for (const team of organization.teams) team.memberIds = team.memberIds.filter((id) => id !== member.userId);
      for (const project of organization.projects)
        project.users = project.users.filter((assignment) => assignment.userId !== member.userId);
      const elsewhere = tenant.organizations.some((other) =>
        other.members.some((candidate) => candidate.userId === member.userId),
      );
      if (!elsewhere) tenant.people.delete(member.userId);
      log.removed.push(member.userId);
    },
    changeRole: (member) => {
      const to = rng.pick(["Admin", ...organization.roles.map((role) => role.id)]);
      log.roleChanges.push({ userId: member.userId, from: member.role, to });
      member.role = to;
    },
  });

  const firstJoiner = report.joined[0];
  if (firstJoiner && teams.length > 0) rng.pick(teams).memberIds.push(firstJoiner.userId);
  log.teamMoves = moveBetweenTeams(rng, teams, isPlain);
  const defaultProject = organization.projects.find((project) => project.id === tenant.fixtures.defaultProjectId);
  if (firstJoiner && defaultProject)
    defaultProject.users.push({ id: rng.uuid(), userId: firstJoiner.userId, role: "Viewer" });
  tenant.generation = generation;
  tenant.mutations.push(log);
  return log;
}
