/**
 * @module
 * One generation of change in the main workspace, for diffs between two syncs: three joiners (two
 * members, one invite, one of them put in a group), one leaver removed, one member deactivated, one
 * promotion to WORKSPACE_ADMIN, one pending invite accepted, one move between groups.
 * Fixtures are never touched, so tests can rely on them at every generation.
 */

import { applyMutation, createRandom, hashSeed, personAt, rosterJoiners, type Random } from "../_kit/index.ts";
import { newAccount, newMember, PRODUCT } from "./seed-accounts.ts";
import type { ClockifyGroup, ClockifyMember, ClockifyMutationLog, ClockifyTenant } from "./tenant-types.ts";

const JOINERS = 3;

function removeEverywhere(tenant: ClockifyTenant, userId: string): void {
  const workspace = tenant.workspace;
  workspace.members.splice(
    workspace.members.findIndex((member) => member.userId === userId),
    1,
  );
  for (const group of workspace.groups) {
    group.userIds = group.userIds.filter((id) => id !== userId);
    group.teamManagerIds = group.teamManagerIds.filter((id) => id !== userId);
  }
  for (const project of workspace.projects) project.memberIds = project.memberIds.filter((id) => id !== userId);
  const elsewhere = tenant.workspaces.some((workspace) => workspace.members.some((member) => member.userId === userId));
  if (!elsewhere) tenant.accounts.delete(userId);
}

function moveBetweenGroups(
  rng: Random,
  groups: readonly ClockifyGroup[],
  isPlain: (userId: string) => boolean,
): ClockifyMutationLog["groupMoves"] {
  const candidates = groups.flatMap((from) => from.userIds.filter(isPlain).map((userId) => ({ userId, from })));
  if (candidates.length === 0) return [];
  const { userId, from } = rng.pick(candidates);
  const targets = groups.filter((group) => group !== from && !group.userIds.includes(userId));
  if (targets.length === 0) return [];
  const to = rng.pick(targets);
  from.userIds = from.userIds.filter((id) => id !== userId);
  to.userIds.push(userId);
  return [{ userId, fromGroupId: from.id, toGroupId: to.id }];
}

/** Applies generation `tenant.generation + 1`. Deterministic: same seed, same generation, same change. */
export function mutateClockifyTenant(tenant: ClockifyTenant): ClockifyMutationLog {
  const generation = tenant.generation + 1;
  const rng = createRandom(hashSeed(tenant.seed, PRODUCT, "mutate", generation));
  const workspace = tenant.workspace;
  const fixtureIds = new Set<string>(Object.values(tenant.fixtures));
  // Indexed once: the checks below run per member, and tenants reach tens of thousands of users.
  const memberById = new Map(workspace.members.map((member) => [member.userId, member]));
  const isPlain = (userId: string): boolean => {
    const member = memberById.get(userId);
    return (
      !fixtureIds.has(userId) &&
      member?.status === "ACTIVE" &&
      member.roles.length === 0 &&
      tenant.accounts.get(userId)?.status === "ACTIVE"
    );
  };
  // Groups the step may touch: never the empty-group fixture, so it stays empty.
  const groups = workspace.groups.filter((group) => group.id !== tenant.fixtures.emptyGroupId);
  const log: ClockifyMutationLog = {
    generation,
    joined: [],
    removed: [],
    deactivated: [],
    promoted: [],
    inviteAccepted: [],
    groupMoves: [],
  };

  const joiners = rosterJoiners(tenant.seed, PRODUCT, tenant.rosterDrawn, JOINERS);
  tenant.rosterDrawn += joiners.length;
  const report = applyMutation<ClockifyMember>({
    rng,
    members: [...workspace.members],
    joiners,
    eligible: (member) => isPlain(member.userId),
    join: (person) => {
      const invited = log.joined.length === JOINERS - 1;
      const account = newAccount(rng, person, workspace.id, invited ? "NOT_REGISTERED" : "ACTIVE");
      tenant.accounts.set(account.id, account);
      const member = newMember(rng, account.id, invited ? "PENDING" : "ACTIVE", workspace.currency);
      workspace.members.push(member);
      log.joined.push(account.id);
      return member;
    },
    leave: (member) => {
      removeEverywhere(tenant, member.userId);
      log.removed.push(member.userId);
    },
    changeRole: (member) => {
      member.roles.push({ role: "WORKSPACE_ADMIN", entityIds: [] });
      log.promoted.push(member.userId);
    },
  });

  const firstJoiner = report.joined[0];
  if (firstJoiner && groups.length > 0) rng.pick(groups).userIds.push(firstJoiner.userId);

  const deactivatable = workspace.members.filter(
    (member) => isPlain(member.userId) && !log.joined.includes(member.userId),
  );
  const toDeactivate = deactivatable.length > 0 ? rng.pick(deactivatable) : undefined;
  if (toDeactivate) {
    toDeactivate.status = "INACTIVE";
    log.deactivated.push(toDeactivate.userId);
  }

  const invites = workspace.members.filter(
    (member) =>
      member.status === "PENDING" &&
      !fixtureIds.has(member.userId) &&
      !log.joined.includes(member.userId) &&
      tenant.accounts.get(member.userId)?.status === "NOT_REGISTERED",
  );
  const accepted = invites.length > 0 ? rng.pick(invites) : undefined;
  const acceptedAccount = accepted && tenant.accounts.get(accepted.userId);
  if (accepted && acceptedAccount) {
    accepted.status = "ACTIVE";
    acceptedAccount.status = "ACTIVE";
    acceptedAccount.name = personAt(tenant.seed, acceptedAccount.personKey).fullName;
    log.inviteAccepted.push(accepted.userId);
  }

  log.groupMoves = moveBetweenGroups(rng, groups, isPlain);
  tenant.generation = generation;
  tenant.mutations.push(log);
  return log;
}
