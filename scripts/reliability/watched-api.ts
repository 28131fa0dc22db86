/**
 * @module
 * A simulator served on 127.0.0.1 behind a counter, so a scenario can act at a given request:
 * arm its faults once validation is over, or signal the connector's process once the sync is
 * reading the tenant. Counting at the socket is all the runner needs to see of the sync.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { serve, type Simulator } from "../../src/simulators/index.ts";

export interface WatchedApi {
  origin: string;
  /** The simulator answering; swapped for a fresh one so that a run meets only its own history. */
  simulator: Simulator;
  /** Requests that reached the server so far. */
  readonly requests: number;
  /** Calls `action` as the `after + 1`th request from now arrives, before it is answered. */
  at(after: number, action: () => void): void;
  /** Added to every answer from now on (0 to stop). */
  delayMs: number;
  close(): Promise<void>;
}

export async function watchSimulator(first: Simulator): Promise<WatchedApi> {
  let simulator = first;
  let requests = 0;
  let delayMs = 0;
  const pending: Array<{ at: number; action: () => void }> = [];
  const served = await serve(async (request) => {
    requests++;
    for (const due of pending.filter((entry) => entry.at === requests)) due.action();
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: request.signal });
    return simulator.handler(request);
  });
  return {
    origin: served.origin,
    get simulator() {
      return simulator;
    },
    set simulator(next: Simulator) {
      simulator = next;
    },
    get requests() {
      return requests;
    },
    get delayMs() {
      return delayMs;
    },
    set delayMs(value: number) {
      delayMs = value;
    },
    at(after, action) {
      pending.push({ at: requests + after + 1, action });
    },
    close: () => served.close(),
  };
}
