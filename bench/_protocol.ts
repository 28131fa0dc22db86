/**
 * @module
 * What the benchmark's child processes tell the harness, one JSON line each.
 */

/** One request the simulator answered (not with a 429), as the floor client replays it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, no origin: the floor runs against a fresh simulator on another port. */
  path: string;
  headers: [string, string][];
  body?: string;
}

/** The simulator's side of one sync. */
export interface SimulatorReport {
  /** Every request it saw, 429s included. */
  requests: number;
  rateLimited: number;
  /** Requests answered with something other than a 429. */
  recorded: number;
  /** Most requests in flight at once: the concurrency the floor client uses. */
  peakInFlight: number;
  /** CPU the simulator spent serving, to show whether it kept up. */
  cpuMs: number;
}

/** The sync process's own figures. */
export interface SyncReport {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the whole process (`resourceUsage().maxRSS`). */
  peakRssMiB: number;
  /** Peak V8 heap in use, sampled every 10 ms. */
  peakHeapMiB: number;
  requests: number;
  retries: number;
  rateLimited: number;
  resources: number;
  grants: number;
}

/** The minimal client's figures for the same requests. */
export interface FloorReport {
  wallMs: number;
  requests: number;
  rateLimited: number;
  bytes: number;
}
