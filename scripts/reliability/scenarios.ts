/**
 * @module
 * The scenarios of docs/reliability.md, one row each, as data: adding a row is one entry here.
 * Faults are in the simulators' short form (`kind[:number][*times|%every][@path]`,
 * src/simulators/_kit/faults.ts) and are armed once the connector has validated its key, so they
 * land in the sync itself. Without a path they hit whatever requests come next; `@{list}` aims one
 * at the connector's member list, `@{paged-list}` at a list its paged tenant has two pages of, so
 * the failing request (and the message naming it) is the same in every run.
 */

import type { FaultSpec } from "../../src/simulators/index.ts";

export type StopSignal = "SIGKILL" | "SIGTERM";

export interface Scenario {
  /** The row's name. */
  name: string;
  /** What the run does, for the document's list of scenarios. */
  does: string;
  /** Faults armed after validation. */
  faults?: readonly (FaultSpec | string)[];
  /** Flags added to the command line. */
  flags?: Readonly<Record<string, string>>;
  /**
   * The most one attempt may take, in milliseconds, before it is retried.
   * @default 60_000, as in production
   */
  attemptTimeoutMs?: number;
  /** Sync the subject's paged tenant, whose lists have a second page. */
  paged?: boolean;
  /** Run with a well-formed key the API refuses. */
  refusedKey?: boolean;
  /** Damage the previous file this way first (a damage name of src/testkit/damage.ts). */
  damagePrevious?: string;
  /** Run the connector as its own process and send it this signal mid-sync; then run again. */
  stop?: { signal: StopSignal; tenantChanges?: boolean };
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "clean sync", does: "no fault: the reference every other run is compared with" },
  {
    name: "429 burst",
    does: "the next 3 requests answered 429 in the product's own shape (`Retry-After` 1 s)",
    faults: ["rate-limit*3"],
  },
  { name: "5xx transient", does: "the next 3 requests answered 503", faults: ["server-error:503*3"] },
  {
    name: "5xx persistent",
    does: "every request to the member list answered 500",
    faults: ["server-error:500%1@{list}"],
  },
  {
    name: "slow",
    does: "the next 3 answers 1 s late, past the 0.5 s each attempt may take",
    faults: ["slow:1000*3"],
    attemptTimeoutMs: 500,
  },
  {
    name: "hang",
    does: "every request to the member list accepted and never answered, with `--http-timeout-seconds 1`",
    faults: ["hang%1@{list}"],
    flags: { "http-timeout-seconds": "1" },
  },
  {
    name: "dropped connection",
    does: "the next 2 connections closed before any byte, then one after 40 bytes of its body",
    faults: ["drop*2", "drop:40*1"],
  },
  { name: "malformed JSON", does: "the member list's answer cut in half", faults: ["malformed-json*1@{list}"] },
  {
    name: "repeated page",
    does: "the paged list's second request answered with the first one's body, as a stale cache would (on the paged tenant)",
    faults: [{ kind: "repeat-page", every: 2, times: 1, path: "{paged-list}" }],
    paged: true,
  },
  {
    name: "changed page",
    does: "the paged list's next 2 pages come back with their items rotated, as if rows moved between calls (on the paged tenant)",
    faults: ["change-page*2@{paged-list}"],
    paged: true,
  },
  {
    name: "empty member list",
    does: "every answer of the member list an empty last page, as a misrouted proxy or a broken API would give",
    faults: ["empty-list%1@{list}"],
  },
  { name: "refused key (401)", does: "a well-formed key the API does not know", refusedKey: true },
  {
    name: "SIGKILL mid-sync, rerun",
    does: "the connector's process killed with SIGKILL once it is reading the tenant; then run again",
    stop: { signal: "SIGKILL" },
  },
  {
    name: "SIGKILL, tenant changed, rerun",
    does: "as above, and the tenant changes (joiners, leavers, role changes) before the rerun",
    stop: { signal: "SIGKILL", tenantChanges: true },
  },
  {
    name: "SIGTERM mid-sync, rerun",
    does: "the connector's process sent SIGTERM once it is reading the tenant; then run again",
    stop: { signal: "SIGTERM" },
  },
  {
    name: "damaged previous file",
    does: "the previous file's compressed stream cut short before the sync",
    damagePrevious: "truncate-file",
  },
];
