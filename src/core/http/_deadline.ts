/**
 * @module
 * The total time one logical request may take, across all its attempts, redirect hops and the
 * waits between them. Per-attempt timeouts alone let an API that accepts connections and never
 * answers hold a sync for attempts × timeout (8 × 60 s); the deadline bounds the whole.
 *
 * It runs on a real timer, not the client's injectable clock: a hanging socket is real time,
 * and a fake clock that moves only when something sleeps would never see it pass.
 */

/** Baton's `--http-timeout-seconds` default (`pkg/field/defaults.go`): five minutes. */
export const DEFAULT_DEADLINE_MS = 300_000;

export class _RequestDeadline {
  readonly totalMs: number;
  readonly #controller = new AbortController();
  #endsAt: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(totalMs: number) {
    this.totalMs = totalMs;
  }

  /** Aborts when the time is up; its reason is never shown (the client says what ran out). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get started(): boolean {
    return this.#endsAt !== undefined;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Starts the clock, once: when the request is first sent. Queueing for the rate limiter
   * before that is the client's own pacing, not the API being slow.
   */
  start(): void {
    if (this.#endsAt !== undefined) return;
    this.#endsAt = performance.now() + this.totalMs;
    this.#timer = setTimeout(() => this.#controller.abort(new Error("request deadline passed")), this.totalMs);
  }

  remainingMs(): number {
    return this.#endsAt === undefined ? this.totalMs : Math.max(0, this.#endsAt - performance.now());
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
