/**
 * @module
 * One generation of change in the instance, for diffs between two syncs: three joiners (two Users,
 * one Developer who has not signed in yet), one leaver deleted with their assignments, one User
 * made Helpdesk, one User deactivated. Fixtures are never touched, so tests can rely on them at
 * every generation.
 */

import { applyMutation, createRandom, daysBefore, hashSeed, rosterJoiners } from "../_kit/index.ts";
import { CREATED_DAYS_AGO, newUser, orgAssignment, PRODUCT, sortAssignments } from "./seed.ts";
import type { RunlayerMutationLog, RunlayerTenant, RunlayerUser } from "./tenant-types.ts";

const JOINERS = 3;

/** Applies generation `tenant.generation + 1`. Deterministic: same seed, same generation, same change. */
export function mutateRunlayerTenant(tenant: RunlayerTenant): RunlayerMutationLog {
  const generation = tenant.generation + 1;
  const rng = createRandom(hashSeed(tenant.seed, PRODUCT, "mutate", generation));
  const fixtureIds = new Set<string>(Object.values(tenant.fixtures));
  const rolesOf = new Map<string, string[]>();
  for (const assignment of tenant.assignments)
    rolesOf.set(assignment.user_id, [...(rolesOf.get(assignment.user_id) ?? []), assignment.role]);
  // A plain User: active, only the User role, not a fixture. Leavers and role changes come from these.
  const isPlain = (user: RunlayerUser): boolean =>
    !fixtureIds.has(user.id) && user.is_active && (rolesOf.get(user.id) ?? []).join() === "user";
  const log: RunlayerMutationLog = { generation, joined: [], removed: [], deactivated: [], promoted: [] };

  const joiners = rosterJoiners(tenant.seed, PRODUCT, tenant.rosterDrawn, JOINERS);
  tenant.rosterDrawn += joiners.length;
  // Joiners arrive after everyone the seed created (at least 30 days before the reference date), a
  // day per generation, and never after the reference date: from the 29th on, the day before it.
  const createdAt = daysBefore(tenant.referenceDate, Math.max(1, CREATED_DAYS_AGO.newest - generation));
  applyMutation<RunlayerUser>({
    rng,
    members: [...tenant.users],
    joiners,
    eligible: isPlain,
    join: (person) => {
      const developer = log.joined.length === JOINERS - 1;
      const user = newUser(rng, person, tenant.referenceDate, { createdAt, signIn: developer ? "never" : "recent" });
      tenant.users.push(user);
      tenant.assignments.push(orgAssignment(user.id, developer ? "developer" : "user"));
      log.joined.push(user.id);
      return user;
    },
    leave: (user) => {
      tenant.users.splice(tenant.users.indexOf(user), 1);
      tenant.assignments = tenant.assignments.filter((assignment) => assignment.user_id !== user.id);
      log.removed.push(user.id);
    },
    changeRole: (user) => {
      tenant.assignments.push(orgAssignment(user.id, "helpdesk"));
      log.promoted.push(user.id);
    },
  });

  const touched = new Set([...log.joined, ...log.removed, ...log.promoted]);
  const deactivatable = tenant.users.filter((user) => isPlain(user) && !touched.has(user.id));
  const deactivated = deactivatable.length > 0 ? rng.pick(deactivatable) : undefined;
  if (deactivated) {
    deactivated.is_active = false;
    log.deactivated.push(deactivated.id);
  }

  sortAssignments(
    tenant.assignments,
    tenant.roles.map((role) => role.key),
    tenant.users,
  );
  tenant.generation = generation;
  tenant.mutations.push(log);
  return log;
}
