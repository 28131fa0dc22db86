/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a Clockify account for a roster person,
 * a workspace membership, an API key.
 */

import { Buffer } from "node:buffer";

import type { Person, Random } from "../_kit/index.ts";
import type { AccountStatus, ClockifyAccount, ClockifyMember, ClockifyRate, MembershipStatus } from "./tenant-types.ts";

/** The product name the shared roster knows this simulator by. */
export const PRODUCT = "clockify";
/** Clockify's picture for users who never uploaded one. */
const DEFAULT_PICTURE = "https://img.clockify.me/no-user-image.png";

/** Clockify keys look like base64 of a UUID string ("MTQ4ZTk2ZGEtMmRl…"). */
export function newApiKey(rng: Random): string {
  return Buffer.from(rng.uuid()).toString("base64");
}

function rate(rng: Random, probability: number, from: number, to: number, currency: string): ClockifyRate | null {
  return rng.chance(probability) ? { amount: rng.int(from, to) * 100, currency } : null;
}

export function newAccount(rng: Random, person: Person, workspaceId: string, status: AccountStatus): ClockifyAccount {
  const american = person.timeZone.startsWith("America/");
  return {
    id: rng.objectId(new Date(person.hiredAt)),
    email: person.email,
    name: status === "NOT_REGISTERED" ? person.email : person.fullName,
    status,
    profilePicture: rng.chance(0.3) ? `https://img.clockify.me/${rng.hex(24)}.png` : DEFAULT_PICTURE,
    activeWorkspace: workspaceId,
    defaultWorkspace: workspaceId,
    timeZone: person.timeZone,
    weekStart: american ? "SUNDAY" : "MONDAY",
    timeFormat: american ? "HOUR12" : "HOUR24",
    dateFormat: american ? "MM/DD/YYYY" : "DD/MM/YYYY",
    personKey: person.key,
  };
}

export function newMember(rng: Random, userId: string, status: MembershipStatus, currency: string): ClockifyMember {
  return {
    userId,
    status,
    hourlyRate: rate(rng, 0.6, 20, 150, currency),
    costRate: rate(rng, 0.25, 15, 90, currency),
    roles: [],
  };
}
