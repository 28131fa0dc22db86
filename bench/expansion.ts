/**
 * Grant expansion of a Baton-sized graph (35,000 users, 17 groups, 100 projects, 100 roles;
 * 66,601 grants, see `src/core/sync/_expansion-graph.ts`): the graph is written into a working
 * c1z, then `expandGrants` runs on it, derived grants written through the writer. Prints one
 * JSON line: wall and CPU time, peak RSS and heap during expansion, and the derived count.
 *
 *   node bench/expansion.ts [--users N]
 *
 * Not run by the tests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { C1zWriter, expandGrants } from "../src/core/index.ts";
import { expansionGraph } from "../src/core/sync/_expansion-graph.ts";
import { sampleMemory } from "./_memory.ts";

/** Writes the graph; its objects are out of scope once this returns, so they do not count as expansion's memory. */
function writeGraph(writer: C1zWriter): void {
  const graph = expansionGraph(values.users ? { users: Number(values.users) } : {});
  writer.startSync();
  writer.putResources(graph.resources);
  writer.putEntitlements(graph.entitlements);
  for (const page of graph.grantPages()) writer.putGrants(page);
  writer.flush();
}

const { values } = parseArgs({ options: { users: { type: "string" } } });
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-bench-expansion-"));
try {
  const writer = await C1zWriter.open(path.join(folder, "graph.c1z"));
  writeGraph(writer);
  const stored = writer.countRows().grants;
  (globalThis as { gc?: () => void }).gc?.();
  const startRss = process.memoryUsage().rss;
  const memory = sampleMemory(10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await expandGrants(writer);
  const seconds = (performance.now() - started) / 1000;
  // CPU time too: on a shared machine the wall time includes waiting for a core.
  const cpu = process.cpuUsage(cpuBefore);
  const peak = memory.stop();
  process.stdout.write(
    `${JSON.stringify({
      bench: "expansion",
      storedGrants: stored,
      derivedGrants: result.derivedGrants,
      updatedGrants: result.updatedGrants,
      grantsAfter: writer.countRows().grants,
      seconds: Number(seconds.toFixed(2)),
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      rssAtStartMiB: Math.round(startRss / 1024 / 1024),
      peakRssMiB: peak.rssMiB,
      peakHeapMiB: peak.heapMiB,
    })}\n`,
  );
  writer.discard();
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}
