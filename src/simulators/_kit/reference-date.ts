/**
 * @module
 * The moment a simulated tenant's dates are laid out from. A seed says "this person signed in 3
 * days ago, that key has been unused for 150"; the reference date says ago from when. Review
 * features measure "not logged in for 90 days" against the sync's own time, so a tenant laid out
 * against today reads as a live company, while one laid out against a fixed day ages with it.
 */

import type { Random } from "./random.ts";

export const DAY_MS = 86_400_000;
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The midnight (UTC) that starts the day `ms` falls in. */
export function startOfUtcDay(ms: number): Date {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS);
}

/**
 * The reference date a tenant is seeded against: `options.referenceDate` when given, else the start
 * of the current UTC day (see `SimulatorOptions.referenceDate` for why a day and not the moment).
 * @param now the wall clock, in milliseconds; tests pass a fixed one
 * @throws RangeError when `options.referenceDate` is an invalid Date
 */
export function referenceDateOf(options: { referenceDate?: Date } = {}, now: () => number = Date.now): Date {
  const given = options.referenceDate;
  if (given === undefined) return startOfUtcDay(now());
  if (Number.isNaN(given.getTime())) throw new RangeError("referenceDate is not a valid date");
  return new Date(given.getTime());
}

/**
 * A calendar day written `YYYY-MM-DD`, as its midnight UTC: what `idsync simulate --reference-date` takes.
 * @throws SyntaxError for any other text, or a day the calendar does not have (`2025-02-30`)
 * @example parseReferenceDate("2025-06-01") // 2025-06-01T00:00:00.000Z
 */
export function parseReferenceDate(text: string): Date {
  const match = CALENDAR_DAY.exec(text);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2025-02-30 over to March 2, and maps years 0–99 to 1900–1999: read it back to refuse both.
  if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new SyntaxError(`expected a day as YYYY-MM-DD, got "${text}"`);
  }
  return date;
}

/** The moment exactly `days` days before `reference`. */
export function daysBefore(reference: Date, days: number): Date {
  return new Date(reference.getTime() - days * DAY_MS);
}

/**
 * A moment in [`toDays` + 1 days, `fromDays` days) before `reference` (either order of the two),
 * down to the millisecond: `daysAgo(rng, reference, 181, 400)` is always more than 181 days old,
 * `daysAgo(rng, reference, 0, 30)` within the last 31 days. One draw from `rng` whatever the
 * reference, so what is drawn after it (ids) does not depend on the date.
 */
export function daysAgo(rng: Random, reference: Date, fromDays: number, toDays: number = fromDays): Date {
  const newest = daysBefore(reference, Math.min(fromDays, toDays));
  const oldest = daysBefore(reference, Math.max(fromDays, toDays) + 1);
  return rng.dateBetween(oldest, newest);
}
