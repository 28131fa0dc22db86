/**
 * Grant expansion of a Baton-sized graph (35,000 users, 17 groups, 100 projects, 100 roles;
 * 66,601 grants, see `src/core/sync/_expansion-graph.ts`). Each run writes the graph into a
 * working c1z in one child process and leaves it unfinished, as a sync does before it expands;
 * a second child resumes that sync and runs `expandGrants` on it, derived grants written
 * through the writer. The second child does nothing else, so its CPU time and peak RSS
 * (`resourceUsage().maxRSS`) are expansion's own: on a shared machine the wall time also counts
 * waiting for a core, CPU time does not. Prints one JSON line: the median of `--runs` runs, and
 * every run's figures.
 *
 *   node bench/expansion.ts [--users N] [--runs N]
 *
 * Not run by the tests.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { C1zWriter, expandGrants } from "../src/core/index.ts";
import { expansionGraph } from "../src/core/sync/_expansion-graph.ts";
import { sampleMemory } from "./_memory.ts";

interface RunFigures {
  storedGrants: number;
  derivedGrants: number;
  updatedGrants: number;
  grantsAfter: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

const MiB = (bytes: number): number => Math.round(bytes / 1024 / 1024);

/** Child 1: writes the graph into `target`'s working database and leaves the sync unfinished. */
async function writeGraph(target: string, users: number | undefined): Promise<void> {
  const writer = await C1zWriter.open(target);
  const graph = expansionGraph(users === undefined ? {} : { users });
  writer.startSync();
  writer.putResources(graph.resources);
  writer.putEntitlements(graph.entitlements);
  for (const page of graph.grantPages()) writer.putGrants(page);
  writer.abandon();
}

/** Child 2: resumes the unfinished sync and expands it; prints the figures. */
async function expand(target: string): Promise<void> {
  const writer = await C1zWriter.open(target);
  const sync = writer.findResumableSync();
  if (!sync) throw new Error(`${target} holds no unfinished sync to expand`);
  writer.resumeSync(sync.id);
  const storedGrants = writer.countRows().grants;
  const memory = sampleMemory(10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await expandGrants(writer);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const sampled = memory.stop();
  const figures: RunFigures = {
    storedGrants,
    derivedGrants: result.derivedGrants,
    updatedGrants: result.updatedGrants,
    grantsAfter: writer.countRows().grants,
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    // maxRSS is in KiB: the process's true peak, between samples too.
    peakRssMiB: MiB(process.resourceUsage().maxRSS * 1024),
    peakHeapMiB: sampled.heapMiB,
  };
  writer.discard();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string" },
      runs: { type: "string", default: "3" },
      "write-graph": { type: "string" },
      expand: { type: "string" },
    },
  });
  const users = values.users === undefined ? undefined : Number(values.users);
  if (values["write-graph"]) return writeGraph(values["write-graph"], users);
  if (values.expand) return expand(values.expand);

  const runs: RunFigures[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-bench-expansion-"));
    try {
      const target = path.join(folder, "graph.c1z");
      const child = (...args: string[]): string =>
        execFileSync(process.execPath, [import.meta.filename, ...args], { encoding: "utf8" });
      child("--write-graph", target, ...(users === undefined ? [] : ["--users", String(users)]));
      runs.push(JSON.parse(child("--expand", target)) as RunFigures);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }
  const first = runs[0]!;
  process.stdout.write(
    `${JSON.stringify({
      bench: "expansion",
      runs: runs.length,
      storedGrants: first.storedGrants,
      derivedGrants: first.derivedGrants,
      updatedGrants: first.updatedGrants,
      grantsAfter: first.grantsAfter,
      medianSeconds: median(runs.map((run) => run.seconds)),
      medianCpuSeconds: median(runs.map((run) => run.cpuSeconds)),
      medianPeakRssMiB: median(runs.map((run) => run.peakRssMiB)),
      medianPeakHeapMiB: median(runs.map((run) => run.peakHeapMiB)),
      cpuSeconds: runs.map((run) => run.cpuSeconds),
      peakRssMiB: runs.map((run) => run.peakRssMiB),
    })}\n`,
  );
}

await main();
