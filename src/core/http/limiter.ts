/**
 * @module
 * Client-side politeness: a request-rate limiter and an in-flight bound.
 *
 * The rate limiter keeps a sliding window per limit ("at most N requests in any W ms") rather
 * than a token bucket. A bucket that starts full lets a burst of N through and then refills, so
 * within one window it can send close to 2N — which is exactly what env0's "1,000 requests per
 * 60 s" (apis/env0.md) would punish. The window log is exact and costs one number per allowed
 * request (50 for Clockify's 50/s, 1,000 for env0's per-minute limit).
 */
import { _raceAbort, _sleep, type Sleep } from "./sleep.ts";

export interface RateLimitOptions {
  /**
   * At most this many requests start in any one-second window (Clockify documents 50/s).
   * @default unlimited
   */
  requestsPerSecond?: number;
  /**
   * At most this many requests start in any 60-second window (env0 documents 1,000/min).
   * @default unlimited
   */
  requestsPerMinute?: number;
}

/** "At most `limit` events in any `spanMs` window", as a ring of the last `limit` start times. */
class _Window {
  readonly #limit: number;
  readonly #spanMs: number;
  readonly #starts: number[] = [];
  #next = 0;

  constructor(limit: number, spanMs: number) {
    this.#limit = limit;
    this.#spanMs = spanMs;
  }

  /** How long until one more start fits. */
  waitMs(now: number): number {
    if (this.#starts.length < this.#limit) return 0;
    // When full, #next points at the oldest start.
    return Math.max(0, this.#starts[this.#next]! + this.#spanMs - now);
  }

  record(now: number): void {
    if (this.#starts.length < this.#limit) this.#starts.push(now);
    else this.#starts[this.#next] = now;
    this.#next = (this.#next + 1) % this.#limit;
  }
}

function _checkLimit(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`rateLimit.${name} must be a whole number of at least 1 (use requestsPerMinute for slower rates), got ${value}`);
  }
  return value;
}

/**
 * Hands out permission to start a request, first come first served, honouring the windows and
 * any pause (a server's `Retry-After` pauses every caller, not just the one that got the 429).
 */
export class RateLimiter {
  readonly #windows: _Window[] = [];
  readonly #now: () => number;
  readonly #sleep: Sleep;
  #pausedUntil = 0;
  /** The queue: each acquisition waits for the previous one to take its permit. */
  #tail: Promise<void> = Promise.resolve();

  constructor(options: RateLimitOptions & { now?: () => number; sleep?: Sleep } = {}) {
    const perSecond = _checkLimit("requestsPerSecond", options.requestsPerSecond);
    const perMinute = _checkLimit("requestsPerMinute", options.requestsPerMinute);
    if (perSecond !== undefined) this.#windows.push(new _Window(perSecond, 1000));
    if (perMinute !== undefined) this.#windows.push(new _Window(perMinute, 60_000));
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? _sleep;
  }

  /** Epoch ms before which no request starts (0 when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Stops every caller from starting a request for `ms` from now (extends, never shortens). */
  pauseFor(ms: number): void {
    this.pauseUntil(this.#now() + ms);
  }

  pauseUntil(epochMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, epochMs);
  }

  /** Resolves when a request may start; rejects with `signal.reason` if the caller aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#tail.then(() => this.#take(signal));
    this.#tail = turn.catch(() => undefined);
    return _raceAbort(turn, signal);
  }

  async #take(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      // An aborted caller gives up its turn without consuming a permit.
      signal?.throwIfAborted();
      const now = this.#now();
      const wait = Math.max(this.#pausedUntil - now, ...this.#windows.map((w) => w.waitMs(now)));
      if (wait <= 0) {
        for (const window of this.#windows) window.record(now);
        return;
      }
      await this.#sleep(wait, signal);
    }
  }
}

/**
 * Rate limiters shared by every client of one API in a process. A client given a pool takes the
 * limiter of its origin and limits from it instead of making its own, so several syncs of the
 * same tenant running at once (service mode runs up to `--task-concurrency` tasks) stay under
 * the API's rate together, not each on its own.
 */
export class RateLimiterPool {
  readonly #limiters = new Map<string, RateLimiter>();

  /** The limiter for `origin` with these limits, made on first use. */
  limiterFor(origin: string, limits: RateLimitOptions, make: () => RateLimiter): RateLimiter {
    const key = `${origin} ${limits.requestsPerSecond ?? "-"}/s ${limits.requestsPerMinute ?? "-"}/min`;
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = make();
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }
}

/** Bounds how many requests are in flight; waiters are served in arrival order. */
export class _Semaphore {
  #available: number;
  readonly #waiters: Array<{ grant: () => void }> = [];

  constructor(slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new TypeError(`maxConcurrency must be a whole number of at least 1, got ${slots}`);
    this.#available = slots;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.#available > 0) {
      this.#available--;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: (): void => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.#releaser());
        },
      };
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next waiter so nobody can overtake the queue.
      const next = this.#waiters.shift();
      if (next !== undefined) next.grant();
      else this.#available++;
    };
  }
}
