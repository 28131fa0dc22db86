/**
 * @module
 * Reading how long a server wants us to wait. None of the four APIs documents rate-limit headers
 * (apis/*.md), so this reads every common spelling, as Baton's `pkg/ratelimit/http.go` does:
 * `Retry-After` (RFC 9110: delta seconds or an HTTP date) and the `*-Reset` / `*-Remaining`
 * families, whose reset is relative seconds, epoch seconds or epoch milliseconds depending on
 * the vendor.
 */

const RESET_HEADERS = ["x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"] as const;
const REMAINING_HEADERS = ["x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"] as const;

// A relative reset larger than ~31 years is not one: numbers above these are absolute times.
const EPOCH_SECONDS_FLOOR = 1e9;
const EPOCH_MILLIS_FLOOR = 1e12;

const NUMBER = /^\d+(\.\d+)?$/;

/** `Retry-After` in milliseconds from `nowMs`; undefined when absent or unreadable. */
export function _retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (NUMBER.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The first reset header, in milliseconds from `nowMs`; its form is detected from its size. */
export function _resetMs(headers: Headers, nowMs: number): number | undefined {
  for (const name of RESET_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value === undefined || !NUMBER.test(value)) continue;
    const n = Number(value);
    if (n >= EPOCH_MILLIS_FLOOR) return Math.max(0, Math.round(n - nowMs));
    if (n >= EPOCH_SECONDS_FLOOR) return Math.max(0, Math.round(n * 1000 - nowMs));
    return Math.round(n * 1000);
  }
  return undefined;
}

/** The first remaining-requests header, or undefined. */
export function _remaining(headers: Headers): number | undefined {
  for (const name of REMAINING_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value !== undefined && NUMBER.test(value)) return Number(value);
  }
  return undefined;
}

/**
 * How long the server asked us to wait before the next request, in ms, or undefined when it
 * did not say. `Retry-After` wins; a reset header counts on a 429 or when the remaining
 * allowance is 0 (on any other response it only describes a window that is not exhausted).
 */
export function _serverWaitMs(status: number, headers: Headers, nowMs: number): number | undefined {
  const retryAfter = _retryAfterMs(headers, nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const reset = _resetMs(headers, nowMs);
  if (reset === undefined) return undefined;
  return status === 429 || _remaining(headers) === 0 ? reset : undefined;
}

/** `850ms`, `12.5s`, `5m`, `1h 2m`: waits and timeouts in messages. */
export function _formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
