/**
 * @module
 * The sync section: each connector at each size, against its simulator with latency and the
 * documented rate limit, each sync in its own process. Beside our figures, the floor for the same
 * work measured in the same run (a minimal client replaying the requests the sync made, at its
 * concurrency, under the limit, parsing every body) and the rate bound (requests ÷ limit). The
 * ratio is our wall time over the larger of the two: 1.0 means nothing is left to gain.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { runChild, startChild } from "../_children.ts";
import type { FloorReport, SimulatorReport, SyncReport } from "../_protocol.ts";
import type { BenchOptions, Section, SectionResult } from "./_section.ts";

/** Groups (teams) in proportion to users, as in a company of teams of about fifty. */
export function groupsFor(users: number): number {
  return Math.max(8, Math.round(users / 50));
}

/**
 * The least time `requests` can take under a limit of `limit` per window: every full window's
 * worth beyond the first must wait for the next window (2,026 requests at 90 a second: 22 s).
 */
export function rateBound(requests: number, rule: { limit: number; windowMs: number }): number {
  return requests <= rule.limit ? 0 : Math.floor((requests - 1) / rule.limit) * rule.windowMs;
}

interface Announced {
  origin: string;
  settings: Record<string, string>;
  rateLimit: { limit: number; windowMs: number };
}

export interface SyncCell {
  connector: string;
  users: number;
  groups: number;
  sync: SyncReport;
  simulator: SimulatorReport;
  floor: FloorReport;
  rateLimit: Announced["rateLimit"];
  rateBoundMs: number;
  ratio: number;
}

async function measure(connector: string, users: number, latencyMs: number, dir: string): Promise<SyncCell> {
  const groups = groupsFor(users);
  const args = [connector, String(users), String(groups), String(latencyMs)];
  const recordedFile = join(dir, `${connector}-${users}.requests.json`);

  const simulator = startChild("_simulator-child.ts", args);
  let simulatorReport: SimulatorReport;
  let sync: SyncReport;
  let rateLimit: Announced["rateLimit"];
  try {
    const announced = await simulator.nextLine<Announced>();
    rateLimit = announced.rateLimit;
    sync = await runChild<SyncReport>("_sync-child.ts", [
      connector,
      JSON.stringify(announced.settings),
      join(dir, `${connector}-${users}.c1z`),
    ]);
    simulator.send(`report ${recordedFile}`);
    simulatorReport = await simulator.nextLine<SimulatorReport>();
  } finally {
    await simulator.stop();
  }

  // A fresh tenant from the same seed, so the floor meets the same answers and a clean rate window.
  const fresh = startChild("_simulator-child.ts", args);
  let floor: FloorReport;
  try {
    const announced = await fresh.nextLine<Announced>();
    floor = await runChild<FloorReport>("_floor-child.ts", [
      recordedFile,
      announced.origin,
      String(simulatorReport.peakInFlight),
      String(rateLimit.limit),
      String(rateLimit.windowMs),
    ]);
  } finally {
    await fresh.stop();
  }
  const rateBoundMs = rateBound(simulatorReport.recorded, rateLimit);
  return {
    connector,
    users,
    groups,
    sync,
    simulator: simulatorReport,
    floor,
    rateLimit,
    rateBoundMs,
    ratio: sync.wallMs / Math.max(floor.wallMs, rateBoundMs),
  };
}

const seconds = (ms: number): number => Number((ms / 1000).toFixed(2));
const mib = (value: number): number => Math.round(value);

export const COLUMNS = [
  "connector",
  "users",
  "wall s",
  "requests",
  "429s",
  "retries",
  "CPU s",
  "peak RSS MiB",
  "peak heap MiB",
  "floor s",
  "rate bound s",
  "ratio",
  "simulator CPU",
] as const;

export function rowOf(cell: SyncCell): Record<string, string | number> {
  return {
    connector: cell.connector,
    users: cell.users,
    "wall s": seconds(cell.sync.wallMs),
    requests: cell.sync.requests,
    "429s": cell.sync.rateLimited,
    retries: cell.sync.retries,
    "CPU s": seconds(cell.sync.cpuMs),
    "peak RSS MiB": mib(cell.sync.peakRssMiB),
    "peak heap MiB": mib(cell.sync.peakHeapMiB),
    "floor s": seconds(cell.floor.wallMs),
    "rate bound s": seconds(cell.rateBoundMs),
    ratio: Number(cell.ratio.toFixed(2)),
    "simulator CPU": `${Math.round((100 * cell.simulator.cpuMs) / cell.sync.wallMs)}%`,
  };
}

export const syncSection: Section = {
  name: "sync",
  async run(options: BenchOptions): Promise<SectionResult> {
    const dir = mkdtempSync(join(tmpdir(), "idsync-bench-"));
    const cells: SyncCell[] = [];
    try {
      for (const connector of options.connectors) {
        for (const users of options.sizes) {
          options.progress(`sync ${connector} ${users} users…`);
          const cell = await measure(connector, users, options.latencyMs, dir);
          cells.push(cell);
          options.progress(`  ${JSON.stringify(rowOf(cell))}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      title: `Sync: ${options.latencyMs} ms latency, documented rate limits`,
      columns: COLUMNS,
      rows: cells.map(rowOf),
      notes: [
        "Each sync runs in its own process: CPU is its own, peak RSS is `resourceUsage().maxRSS` at exit, peak heap is sampled every 10 ms.",
        "floor: a minimal client replays the requests the sync made (recorded by the simulator) against a fresh copy of the tenant, at the sync's peak concurrency and under the documented limit, and JSON.parses every body.",
        "rate bound: requests ÷ documented limit, in whole windows (no wait while the first window lasts). ratio: wall ÷ max(floor, rate bound); the target is ≤ 1.2 with 0 429s.",
        "simulator CPU: the simulator process's CPU time over the sync's wall time; near 100% would mean the simulator, not the sync, set the pace.",
      ],
      raw: cells,
    };
  },
};
