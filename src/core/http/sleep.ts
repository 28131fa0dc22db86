/**
 * @module
 * Abort-aware waiting. A caller's AbortSignal (Ctrl-C) must end every wait at once, with the
 * caller's own reason, so the engine can tell "the user stopped us" from any API failure.
 */

/** Waits `ms`; rejects with `signal.reason` as soon as the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const _sleep: Sleep = (ms, signal) => {
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
};

/**
 * Settles like `promise`, or rejects with `signal.reason` when the signal aborts first. For
 * work that does not watch the signal itself (a body read from an injected fetch, a queue turn).
 * The abandoned promise's eventual rejection is swallowed so it cannot crash the process.
 */
export function _raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A break in long synchronous work. Signal handlers (Ctrl-C, SIGTERM) and I/O run only when
 * the event loop gets a turn, so work that checks an AbortSignal must also give it turns, or
 * the signal is not seen until the work is done.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
