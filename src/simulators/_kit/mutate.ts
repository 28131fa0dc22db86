/**
 * @module
 * The deterministic "generation" step every product tenant uses to change between two syncs
 * (`--mutate`, DESIGN.md): joiners arrive from the shared roster, some members leave, some change
 * role. The kit picks who; the product says what leaving or a role change means in its API.
 */

import type { Random } from "./random.ts";
import type { Person } from "./roster.ts";

export interface MutationStep<M> {
  /** Seeded for this product, seed and generation, e.g. `createRandom(hashSeed(seed, "clockify", "mutate", generation))`. */
  rng: Random;
  /** The product's current members, in a stable order. */
  members: readonly M[];
  /** New people from `rosterJoiners`; each is added through `join`. */
  joiners: readonly Person[];
  /**
   * Members who leave.
   * @default 1
   */
  leavers?: number;
  /**
   * Members whose role changes.
   * @default 1
   */
  roleChanges?: number;
  /** Members the step may pick for leaving or a role change (keep test fixtures and owners out). */
  eligible(member: M): boolean;
  join(person: Person): M;
  leave(member: M): void;
  changeRole(member: M): void;
}

export interface MutationReport<M> {
  joined: M[];
  left: M[];
  changed: M[];
}

/**
 * Applies one generation of change. Leavers and role changers are distinct members, drawn from the
 * eligible ones before the joiners arrive, so a joiner never leaves in the same step.
 */
export function applyMutation<M>(step: MutationStep<M>): MutationReport<M> {
  const candidates = step.rng.shuffle(step.members.filter((member) => step.eligible(member)));
  const leaverCount = Math.min(step.leavers ?? 1, candidates.length);
  const left = candidates.slice(0, leaverCount);
  const changed = candidates.slice(leaverCount, leaverCount + (step.roleChanges ?? 1));
  for (const member of left) step.leave(member);
  for (const member of changed) step.changeRole(member);
  const joined = step.joiners.map((person) => step.join(person));
  return { joined, left, changed };
}
