/**
 * @module
 * Casting a tenant: people are shuffled once and dealt out to the roles the seed needs (owner,
 * admins, pending invites…), each person once, the rest left as regular members. Same seed,
 * same cast.
 */
import type { Random } from "./random.ts";

export interface Dealer<T> {
  /** `fraction` of everyone, rounded, but at least `minimum`. */
  share(fraction: number, minimum: number): number;
  /** The next `count` people, never dealt before. */
  take(count: number): T[];
  /** The next person. */
  one(): T;
  /** Everyone not dealt yet. */
  rest(): T[];
}

export function dealer<T>(rng: Random, people: readonly T[]): Dealer<T> {
  const shuffled = rng.shuffle(people);
  let cursor = 0;
  const take = (count: number): T[] => shuffled.slice(cursor, (cursor += count));
  return {
    share: (fraction, minimum) => Math.max(minimum, Math.round(people.length * fraction)),
    take,
    one: () => {
      const [person] = take(1);
      if (person === undefined) throw new RangeError("the tenant is too small for the cast its seed deals");
      return person;
    },
    rest: () => shuffled.slice(cursor),
  };
}
