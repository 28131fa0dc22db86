/**
 * @module
 * The time `idsync serve` schedules by, passed in so tests can move it by hand: a connector that
 * syncs every six hours is tested by advancing a clock, not by waiting.
 */

/** A pending callback; cancelling one that already ran does nothing. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now. */
  setTimer(callback: () => void, ms: number): Timer;
}

/**
 * `setTimeout` fires at once for delays above 2^31-1 ms (about 24.8 days) and warns; longer
 * waits are chained in steps no longer than this.
 */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The process's clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    let handle: NodeJS.Timeout | undefined;
    const due = Date.now() + Math.max(0, ms);
    const arm = (): void => {
      const left = due - Date.now();
      handle = left > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(callback, Math.max(0, left));
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};
