/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a person with an Auth0-style user id,
 * an organization API key, key credentials, and dates relative to a fixed "now".
 */

import type { Person, Random } from "../_kit/index.ts";
import type { Env0ApiKey, Env0Person } from "./tenant-types.ts";

/** The product name the shared roster knows this simulator by. */
export const PRODUCT = "env0";

/**
 * The moment the tenant is seeded "at". Fixed, so the same seed gives the same bytes on every day;
 * "stale" and "older than 90 days" are measured from here.
 */
export const REFERENCE_NOW = Date.UTC(2025, 5, 1);
const DAY_MS = 86_400_000;

/** An ISO-8601 UTC moment between `fromDays` and `toDays` days before REFERENCE_NOW. */
export function daysAgo(rng: Random, fromDays: number, toDays: number = fromDays): string {
  const newest = REFERENCE_NOW - Math.min(fromDays, toDays) * DAY_MS;
  const oldest = REFERENCE_NOW - Math.max(fromDays, toDays) * DAY_MS - DAY_MS;
  return rng.dateBetween(new Date(oldest), new Date(newest)).toISOString();
}

function digits(rng: Random, count: number): string {
  let out = String(rng.int(1, 9));
  while (out.length < count) out += String(rng.int(0, 9));
  return out;
}

/** How someone signed up decides their Auth0 user id; invitees who never did carry an `email|` id. */
function userIdFor(rng: Random, invited: boolean): string {
  if (invited) return `email|${rng.hex(24)}`;
  const draw = rng.next();
  if (draw < 0.6) return `google-oauth2|${digits(rng, 21)}`;
  if (draw < 0.88) return `auth0|${rng.hex(24)}`;
  return `github|${digits(rng, 8)}`;
}

export type SignIn = "recent" | "stale" | "never";

/** A person for a roster entry. An invitee is as bare as the sheet's example: id, email, name = email. */
export function newPerson(rng: Random, person: Person, options: { invited?: boolean; signIn?: SignIn } = {}): Env0Person {
  if (options.invited) return { userId: userIdFor(rng, true), email: person.email, name: person.email, personKey: person.key };
  const signIn = options.signIn ?? "recent";
  const createdAt = daysAgo(rng, 200, 1500);
  return {
    userId: userIdFor(rng, false),
    email: person.email,
    name: person.fullName,
    givenName: person.firstName,
    familyName: person.lastName,
    picture: `https://s.gravatar.com/avatar/${rng.hex(32)}?s=480&r=pg&d=identicon`,
    createdAt,
    ...(signIn === "never" ? {} : { lastLogin: signIn === "recent" ? daysAgo(rng, 0, 30) : daysAgo(rng, 181, 400) }),
    personKey: person.key,
  };
}

/** ASSUMPTION: key ids are 16 lowercase letters and digits, secrets 32; the sheet shows neither. */
export function newCredentialParts(rng: Random): { apiKeyId: string; secret: string } {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const text = (length: number): string => Array.from({ length }, () => alphabet[rng.int(0, alphabet.length - 1)]).join("");
  return { apiKeyId: text(16), secret: text(32) };
}

export interface ApiKeySpec {
  name: string;
  organizationId: string;
  role: string;
  createdBy: string;
  /** Days before REFERENCE_NOW the key was created. */
  createdDaysAgo: number;
  /** Days before REFERENCE_NOW it was last used; null when never. */
  lastUsedDaysAgo: number | null;
}

export function newApiKey(rng: Random, spec: ApiKeySpec): Env0ApiKey {
  return {
    id: rng.uuid(),
    name: spec.name,
    ...newCredentialParts(rng),
    organizationId: spec.organizationId,
    organizationRole: spec.role,
    createdAt: daysAgo(rng, spec.createdDaysAgo),
    lastUsedAt: spec.lastUsedDaysAgo === null ? null : daysAgo(rng, spec.lastUsedDaysAgo),
    createdBy: spec.createdBy,
  };
}
