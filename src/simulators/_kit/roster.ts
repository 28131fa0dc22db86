/**
 * @module
 * One company's people, shared by every simulator. The four products draw overlapping slices of the
 * same roster for the same seed, so the same person (same email) shows up in several products, as in
 * a real company, and cross-app reports have something to find (DESIGN.md, "The simulators").
 *
 * Every person is computed from (seed, key) alone, so any slice is cheap, and emails are unique by
 * construction: a seeded permutation maps each key to a distinct first/last name pair, and the rare
 * key beyond the number of pairs gets a numeric suffix (`maria.silva2`), as real directories do.
 */

import { COMPANY_DOMAIN, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, PERSONAL_DOMAINS, TIME_ZONES } from "./names.ts";
import { createRandom, hashSeed } from "./random.ts";

export interface Person {
  /** Position in the company roster; the same person has the same key in every product. */
  key: number;
  firstName: string;
  lastName: string;
  /** "First Last". */
  fullName: string;
  /** Unique across the company; most are on `acme-corp.example`, a few on a personal domain. */
  email: string;
  /** The email's local part (`maria.silva`), unique too, handy as a login name. */
  username: string;
  /** Signed up with a private address rather than the company one. */
  personalEmail: boolean;
  department: string;
  title: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** ISO-8601 UTC, between 2016 and 2024. */
  hiredAt: string;
}

/** Share of each product's people that come from the common pool everyone draws from. */
export const SHARED_PERCENT = 70;
const PERSONAL_EMAIL_PROBABILITY = 0.07;
/** Roster keys are interleaved in lanes: lane 0 is the common pool, the others belong to products. */
const LANES = 16;
const HIRED_FROM = new Date(Date.UTC(2016, 0, 1));
const HIRED_TO = new Date(Date.UTC(2025, 0, 1));

const NAME_PAIRS = FIRST_NAMES.length * LAST_NAMES.length;
/** Feistel networks need an even number of bits; cycle-walking maps the result back into range. */
const HALF_BITS = Math.ceil(Math.ceil(Math.log2(NAME_PAIRS)) / 2);
const HALF_MASK = (1 << HALF_BITS) - 1;

function mix(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed-dependent bijection on [0, NAME_PAIRS): 4-round Feistel plus cycle-walking. */
function permuteNamePair(seed: number, index: number): number {
  let value = index;
  do {
    let left = value >>> HALF_BITS;
    let right = value & HALF_MASK;
    for (let round = 0; round < 4; round++) {
      const next = (left ^ mix(seed ^ Math.imul(round + 1, 0x9e3779b9) ^ Math.imul(right, 0x85ebca6b))) & HALF_MASK;
      left = right;
      right = next;
    }
    value = (left << HALF_BITS) | right;
  } while (value >= NAME_PAIRS);
  return value;
}

function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The person at one roster key. Pure: the same (seed, key) always gives the same person. */
export function personAt(seed: number, key: number): Person {
  if (!Number.isSafeInteger(key) || key < 0)
    throw new RangeError(`roster key must be a non-negative integer, got ${key}`);
  const pair = permuteNamePair(hashSeed(seed, "roster-names"), key % NAME_PAIRS);
  const cycle = Math.floor(key / NAME_PAIRS);
  const firstName = FIRST_NAMES[pair % FIRST_NAMES.length] as string;
  const lastName = LAST_NAMES[Math.floor(pair / FIRST_NAMES.length)] as string;
  const username = `${slug(firstName)}.${slug(lastName)}${cycle > 0 ? String(cycle + 1) : ""}`;

  const rng = createRandom(hashSeed(seed, "roster-person", key));
  const personalEmail = rng.chance(PERSONAL_EMAIL_PROBABILITY);
  const department = rng.pick(DEPARTMENTS);
  return {
    key,
    firstName,
    lastName,
    fullName: `${firstName} ${lastName}`,
    email: `${username}@${personalEmail ? rng.pick(PERSONAL_DOMAINS) : COMPANY_DOMAIN}`,
    username,
    personalEmail,
    department: department.name,
    title: rng.pick(department.titles),
    timeZone: rng.pick(TIME_ZONES),
    hiredAt: rng.dateBetween(HIRED_FROM, HIRED_TO).toISOString(),
  };
}

/** The first `count` people of the common pool: the company's core, whom every product shares. */
export function peopleFor(seed: number, count: number): Person[] {
  return Array.from({ length: count }, (_, index) => personAt(seed, index * LANES));
}

/** Which lane a product's own people live in (1..LANES-1). Distinct for the four products; a test pins it. */
export function productLane(product: string): number {
  return 1 + (hashSeed("roster-lanes", product) % (LANES - 1));
}

function sharedCount(count: number): number {
  // Integer arithmetic: 0.7 * 60 in floating point is 42.00000000000001, whose ceiling is 43.
  return Math.floor((count * SHARED_PERCENT + 99) / 100);
}

/**
 * The `count` people a product holds: the first ~70% come from the common pool (so they overlap
 * with every other product of the same seed), the rest are people only this product has.
 * Growing `count` only ever adds people, which is what `rosterJoiners` relies on.
 */
export function rosterSlice(seed: number, product: string, count: number): Person[] {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`roster count must be a non-negative integer, got ${count}`);
  const shared = sharedCount(count);
  const lane = productLane(product);
  const own = Array.from({ length: count - shared }, (_, index) => personAt(seed, index * LANES + lane));
  return [...peopleFor(seed, shared), ...own];
}

/**
 * The next `count` people a product would hire after having drawn `drawn` of its slice: new to the
 * product, drawn from the same roster, so a joiner may already exist in another product.
 */
export function rosterJoiners(seed: number, product: string, drawn: number, count: number): Person[] {
  const before = new Set(rosterSlice(seed, product, drawn).map((person) => person.key));
  return rosterSlice(seed, product, drawn + count).filter((person) => !before.has(person.key));
}
