/**
 * @module
 * Baton's timestamp text. Go writes `time.Now().Format("2006-01-02 15:04:05.999999999")`
 * (`pkg/dotc1z/sql_helpers.go` `sqliteTimeFormat`): local wall clock, no zone, and the
 * fraction without trailing zeros (no dot at all when it is zero). Queries compare these
 * strings bytewise, so we must write exactly that shape.
 */

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** `2025-12-17 16:31:25.057` — Baton's `sqliteTimeFormat` for `date` (millisecond precision). */
export function formatSqliteTime(date: Date): string {
  const base =
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const fraction = pad(date.getMilliseconds(), 3).replace(/0+$/, "");
  return fraction === "" ? base : `${base}.${fraction}`;
}

// Also accepts a `T` separator and a zone suffix (`Z`, `+02:00`, ` +0000 UTC`), which other
// writers of the same column have produced; without a zone the text is local time, as Go meant it.
const SQLITE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?(?:\s+[A-Z]{2,5})?$/;

/** Parses a timestamp column; undefined when the text is not a timestamp. */
export function parseSqliteTime(text: string): Date | undefined {
  const match = SQLITE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hours, minutes, seconds, fraction, zone] = match;
  // JavaScript would roll "2025-13-40" over into 2026; a field out of range is not a time.
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return undefined;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 60) return undefined;
  const ms = Number(((fraction ?? "") + "000").slice(0, 3));
  const parts = [
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
    ms,
  ] as const;
  if (zone === undefined) return new Date(...parts);
  const utc = Date.UTC(...parts);
  if (zone === "Z") return new Date(utc);
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(utc - sign * offsetMinutes * 60_000);
}
