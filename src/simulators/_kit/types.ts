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
   * The moment the tenant's dates are generated relative to (sign-ins, key use, creation,
   * invitations): a person the seed has signed in "3 days ago" signed in 3 days before it, and
   * `mutate()` dates its joiners against the same moment. Ids never depend on it.
   *
   * The default is a trade-off. Against today, the tenant reads as a live company: review features
   * measure "not logged in for 90 days" from the sync's own time, and only the users the seed
   * means to be stale are. Rounded to the day, the same seed still gives the same tenant, byte for
   * byte, all day long, so two syncs in one run compare equal; but the dates move by a day at each
   * UTC midnight, so files synced on different days differ in every date, and a test that creates
   * two tenants across midnight sees them differ. Pass a fixed date where bytes must match across
   * days (golden files) or a test compares dates; such a tenant ages instead: a year later, every
   * user of it looks stale.
   * @default the start of the current UTC day
   * @example
   * createEnv0Simulator({ seed: 1, referenceDate: new Date("2025-06-01T00:00:00Z") });
   */
  referenceDate?: Date;
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
  /**
   * Items (users, groups, assignments…) the answers went through: indexing a tenant state once,
   * then each page's own items. Tests compare it across tenant sizes to catch a per-request scan.
   */
  itemsTouched: number;
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

/**
 * Where the reliability runs (scripts/reliability, docs/reliability.md) aim their faults on this
 * product, and the tenant that gives its paged lists a second page. Product facts, so they live
 * with the product's simulator; the runs read them from the registry.
 */
export interface ReliabilityTargets {
  /** Sizes of a tenant whose paged lists span more than one page at the connector's page size. */
  pagedTenant: Pick<SimulatorOptions, "users" | "groups">;
  /** How the connector pages, in a few words, for the document ("members come 1,000 a page"). */
  paging: string;
  /** The route of the member list, where faults that name `{list}` are aimed. */
  listPath: string;
  /** The route of a list the paged tenant has two pages of, where faults that name `{paged-list}` are aimed. */
  pagedListPath: string;
  /** The settings that sync this tenant with a well-formed key the API does not know (401). */
  refusedKey(settings: Record<string, string>): Record<string, string>;
}

export interface SimulatorDefinition {
  name: string;
  create(options?: SimulatorOptions): Simulator;
  /**
   * Required of every registered simulator (the reliability runs refuse one without it); left out
   * by the one-off definitions tests wrap around a simulator.
   */
  reliability?: ReliabilityTargets;
}
