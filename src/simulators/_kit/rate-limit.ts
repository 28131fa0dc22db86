/**
 * @module
 * Fixed-window rate limiting per key (an API key, or whatever the product counts by, such as env0's
 * IP + method + URI). The limiter only says "over the limit, resets in N ms"; the product decides
 * the 429's headers and body, because each API words it differently.
 */

export interface RateLimitRule {
  /** Requests allowed per window and key, e.g. 50 for Clockify. */
  limit: number;
  /** Window length: 1000 for a per-second limit, 60000 for a per-minute one. */
  windowMs: number;
}

export type RateLimitVerdict =
  { allowed: true; remaining: number; resetMs: number } | { allowed: false; remaining: 0; resetMs: number };

export interface RateLimiter {
  /** Counts one request for `key` and says whether it fits in the current window. */
  take(key: string): RateLimitVerdict;
  /** Forgets every window (tests that want a clean slate). */
  reset(): void;
}

interface Window {
  startedAt: number;
  used: number;
}

/**
 * A fixed-window limiter. Each key's window opens at its first request (not on the wall-clock
 * second), so a burst from a quiet client sees exactly `limit` successes.
 * @param now injectable clock for tests.
 * @default now performance.now
 */
export function createRateLimiter(rule: RateLimitRule, now: () => number = () => performance.now()): RateLimiter {
  if (!(rule.limit > 0) || !(rule.windowMs > 0)) throw new RangeError("rate limit and window must be positive");
  const windows = new Map<string, Window>();
  return {
    take(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.startedAt >= rule.windowMs) {
        window = { startedAt: at, used: 0 };
        windows.set(key, window);
      }
      const resetMs = Math.max(0, Math.ceil(window.startedAt + rule.windowMs - at));
      if (window.used >= rule.limit) return { allowed: false, remaining: 0, resetMs };
      window.used++;
      return { allowed: true, remaining: rule.limit - window.used, resetMs };
    },
    reset() {
      windows.clear();
    },
  };
}
