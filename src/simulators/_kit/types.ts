/**
 * @module
 * The contracts every product simulator implements. A simulator is a fetch handler plus its seeded
 * tenant (STYLE.md habit 7): tests call `handler` in-process or put it behind `serve()`.
 */

import type { FaultController, FaultSpec } from "./faults.ts";

/** A fake API: one request in, one response out. No sockets involved. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** What every simulator accepts. Products document their own defaults for `users` and `groups`. */
export interface SimulatorOptions {
  /**
   * Same seed, same tenant, same bytes on the wire.
   * @default 1
   */
  seed?: number;
  /** How many people the product's main tenant holds. */
  users?: number;
  /** How many groups/teams the product's main tenant holds. */
  groups?: number;
  /**
   * Delay added to every response, with ±10% deterministic jitter.
   * @default 0
   */
  latencyMs?: number;
  /**
   * Faults armed from the start, as objects or in the short form of `parseFault` (`"server-error:503*2"`);
   * more can be added at runtime through `simulator.faults`.
   */
  faults?: readonly (FaultSpec | string)[];
  /**
   * Enforce the product's documented rate limit (429 in the product's own shape).
   * @default true
   */
  rateLimit?: boolean;
  /**
   * The clock (milliseconds) rate-limit windows are counted with. Tests pass one they move by
   * hand, so a burst lands in one window however slow the machine is.
   * @default performance.now
   */
  clock?: () => number;
  /**
   * 0 is the original tenant; N is the tenant after N calls to `mutate()`.
   * @default 0
   */
  generation?: number;
}

/** Counters tests read to assert what the simulator saw. */
export interface SimulatorStats {
  /** Every request that reached the handler, including refused and faulted ones. */
  requests: number;
  /** Request count per URL pathname (no query string). */
  byPath: Record<string, number>;
  /** Requests refused by the product's documented rate limit (faulted 429s are not counted here). */
  rateLimited: number;
}

export interface Simulator {
  /** Registry name, e.g. `"clockify"`. */
  name: string;
  handler: FetchHandler;
  faults: FaultController;
  stats(): SimulatorStats;
  /** Applies one deterministic round of joiners, leavers and role changes to the tenant. */
  mutate(): void;
  /** Connector flag name → value that syncs this tenant when the API is served at `origin`. */
  settings(origin: string): Record<string, string>;
  /** The product's seeded tenant, typed per product, so tests know what to expect. */
  tenant: unknown;
}

export interface SimulatorDefinition {
  name: string;
  create(options?: SimulatorOptions): Simulator;
}
