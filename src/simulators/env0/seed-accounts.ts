/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a person with an Auth0-style user id,
 * an organization API key, key credentials. Every date is a number of days before the tenant's
 * reference date (`SimulatorOptions.referenceDate`).
 */

import { daysAgo, type Person, type Random } from "../_kit/index.ts";
import type { Env0ApiKey, Env0Person } from "./tenant-types.ts";

/** The product name the shared roster knows this simulator by. */
export const PRODUCT = "env0";

/** An ISO-8601 UTC moment between `fromDays` and `toDays` days before `reference` (see the kit's `daysAgo`). */
export function isoDaysAgo(rng: Random, reference: Date, fromDays: number, toDays: number = fromDays): string {
  return daysAgo(rng, reference, fromDays, toDays).toISOString();
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
export function newPerson(
  rng: Random,
  person: Person,
  reference: Date,
  options: { invited?: boolean; signIn?: SignIn } = {},
): Env0Person {
  if (options.invited)
    return { userId: userIdFor(rng, true), email: person.email, name: person.email, personKey: person.key };
  const signIn = options.signIn ?? "recent";
  const createdAt = isoDaysAgo(rng, reference, 200, 1500);
  return {
    userId: userIdFor(rng, false),
    email: person.email,
    name: person.fullName,
    givenName: person.firstName,
    familyName: person.lastName,
    picture: `https://s.gravatar.com/avatar/${rng.hex(32)}?s=480&r=pg&d=identicon`,
    createdAt,
    ...(signIn === "never"
      ? {}
      : { lastLogin: signIn === "recent" ? isoDaysAgo(rng, reference, 0, 30) : isoDaysAgo(rng, reference, 181, 400) }),
    personKey: person.key,
  };
}

/** ASSUMPTION: key ids are 16 lowercase letters and digits, secrets 32; the sheet shows neither. */
export function newCredentialParts(rng: Random): { apiKeyId: string; secret: string } {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const text = (length: number): string =>
    Array.from({ length }, () => alphabet[rng.int(0, alphabet.length - 1)]).join("");
  return { apiKeyId: text(16), secret: text(32) };
}

export interface ApiKeySpec {
  name: string;
  organizationId: string;
  role: string;
  createdBy: string;
  /** Days before the reference date the key was created. */
  createdDaysAgo: number;
  /** Days before the reference date it was last used; null when never. */
  lastUsedDaysAgo: number | null;
}

export function newApiKey(rng: Random, reference: Date, spec: ApiKeySpec): Env0ApiKey {
  return {
    id: rng.uuid(),
    name: spec.name,
    ...newCredentialParts(rng),
    organizationId: spec.organizationId,
    organizationRole: spec.role,
    createdAt: isoDaysAgo(rng, reference, spec.createdDaysAgo),
    lastUsedAt: spec.lastUsedDaysAgo === null ? null : isoDaysAgo(rng, reference, spec.lastUsedDaysAgo),
    createdBy: spec.createdBy,
  };
}
