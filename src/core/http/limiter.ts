/**
 * @module
 * Client-side politeness: a request-rate limiter and an in-flight bound.
 *
 * The rate limiter keeps a sliding window per limit ("at most N requests in any W ms") rather
 * than a token bucket. A bucket that starts full lets a burst of N through and then refills, so
 * within one window it can send close to 2N — which is exactly what env0's "1,000 requests per
 * 60 s" (apis/env0.md) would punish.
 *
 * What the API counts is when a request *reaches* it, and that is later than when the limiter
 * lets it go, by a lag no client controls: the request may queue behind a big page being
 * committed on the same event loop, behind the HTTP agent's own dispatch, or on the network.
 * Counting requests from the moment they were let go therefore lets a window's last requests
 * land in the next window on top of that window's own N (Runlayer saw 96 in a second against a
 * limit of 90). So a request counts from the moment it is let go until one window after its
 * answer arrived — the one moment at which it has surely reached the API. A request in flight
 * holds its place for as long as it takes. The cost is a little throughput (N per window plus
 * the requests' latency); the gain is a limit that holds however late requests land.
 */
import { _raceAbort, _sleep, type Sleep } from "./sleep.ts";

export interface RateLimitOptions {
  /**
   * At most this many requests reach the API in any one-second window (Clockify documents 50/s).
   * @default unlimited
   */
  requestsPerSecond?: number;
  /**
   * At most this many requests reach the API in any 60-second window (env0 documents 1,000/min).
   * @default unlimited
   */
  requestsPerMinute?: number;
}

/** Called once the request's answer (or its failure) has arrived; calling it again does nothing. */
export type RatePermitDone = () => void;

/**
 * "At most `limit` requests in any `spanMs` window", given how many are in flight: the answer
 * times of finished requests, oldest first, each counted until `spanMs` after it.
 */
class _Window {
  readonly #limit: number;
  readonly #spanMs: number;
  /** Never more than `limit` entries: a full window admits no one. */
  readonly #answers: number[] = [];

  constructor(limit: number, spanMs: number) {
    this.#limit = limit;
    this.#spanMs = spanMs;
  }

  /** How long until one more request fits; Infinity when only an answer can make room. */
  waitMs(now: number, inFlight: number): number {
    while (this.#answers.length > 0 && this.#answers[0]! + this.#spanMs <= now) this.#answers.shift();
    const excess = inFlight + this.#answers.length - this.#limit;
    if (excess < 0) return 0;
    // Room appears when the answer at index `excess` leaves the window; in-flight requests never do.
    const freeing = this.#answers[excess];
    return freeing === undefined ? Infinity : freeing + this.#spanMs - now;
  }

  answered(now: number): void {
    // The clock is monotonic, so answers stay sorted; max() guards an injected one that is not.
    this.#answers.push(Math.max(now, this.#answers.at(-1) ?? now));
  }
}

function _checkLimit(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(
      `rateLimit.${name} must be a whole number of at least 1 (use requestsPerMinute for slower rates), got ${value}`,
    );
  }
  return value;
}

/**
 * Hands out permission to send a request, first come first served, honouring the windows and
 * any pause (a server's `Retry-After` pauses every caller, not just the one that got the 429).
 */
export class RateLimiter {
  readonly #windows: _Window[] = [];
  readonly #now: () => number;
  readonly #sleep: Sleep;
  #pausedUntil = 0;
  #inFlight = 0;
  /** Woken by every answer: a window full of requests in flight waits for one. */
  #onAnswer: Array<() => void> = [];
  /** The queue: each acquisition waits for the previous one to take its permit. */
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * @param options.now the clock, in ms; only differences matter.
   * @default options.now performance.now (monotonic: a wall-clock jump must not open a window early)
   */
  constructor(options: RateLimitOptions & { now?: () => number; sleep?: Sleep } = {}) {
    const perSecond = _checkLimit("requestsPerSecond", options.requestsPerSecond);
    const perMinute = _checkLimit("requestsPerMinute", options.requestsPerMinute);
    if (perSecond !== undefined) this.#windows.push(new _Window(perSecond, 1000));
    if (perMinute !== undefined) this.#windows.push(new _Window(perMinute, 60_000));
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? _sleep;
  }

  /** The limiter's clock reading before which no request starts (0 when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Stops every caller from starting a request for `ms` from now (extends, never shortens). */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }

  /**
   * Resolves when a request may be sent, with the function to call once its answer (or failure)
   * is in; rejects with `signal.reason` if the caller aborts first, and then takes no permit.
   */
  acquire(signal?: AbortSignal): Promise<RatePermitDone> {
    const turn = this.#tail.then(() => this.#take(signal));
    this.#tail = turn.catch(() => undefined);
    return new Promise((resolve, reject) => {
      // A permit granted just as the caller gave up goes back unused, or it would hold a place
      // in the window for ever.
      const onAbort = (): void => {
        reject(signal?.reason);
        turn.then(
          (permit) => permit.unused(),
          () => undefined,
        );
      };
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      turn.then(
        (permit) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(() => permit.answered());
        },
        (error: unknown) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  async #take(signal: AbortSignal | undefined): Promise<_Permit> {
    for (;;) {
      // An aborted caller gives up its turn without consuming a permit.
      signal?.throwIfAborted();
      const now = this.#now();
      const wait = Math.max(this.#pausedUntil - now, ...this.#windows.map((w) => w.waitMs(now, this.#inFlight)));
      if (wait <= 0) {
        this.#inFlight++;
        return new _Permit((answered) => this.#settle(answered));
      }
      if (wait === Infinity) await _raceAbort(new Promise<void>((resolve) => this.#onAnswer.push(resolve)), signal);
      else await this.#sleep(wait, signal);
    }
  }

  /** A permit's request is over: answered, it counts for a window span from now; unused, not at all. */
  #settle(answered: boolean): void {
    this.#inFlight--;
    if (answered) {
      const now = this.#now();
      for (const window of this.#windows) window.answered(now);
    }
    const waiting = this.#onAnswer;
    this.#onAnswer = [];
    for (const resume of waiting) resume();
  }
}

/** One request's place in the windows, given back exactly once. */
class _Permit {
  #settled = false;
  readonly #settle: (answered: boolean) => void;

  constructor(settle: (answered: boolean) => void) {
    this.#settle = settle;
  }

  answered(): void {
    this.#end(true);
  }

  unused(): void {
    this.#end(false);
  }

  #end(answered: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#settle(answered);
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
    if (!Number.isInteger(slots) || slots < 1)
      throw new TypeError(`maxConcurrency must be a whole number of at least 1, got ${slots}`);
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
