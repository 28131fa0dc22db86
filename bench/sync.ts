/**
 * Benchmark: one connector syncing a large simulated tenant over loopback HTTP.
 * Usage: node bench/sync.ts <connector> [users] [latency-ms]
 * Prints one JSON line: duration, requests, retries, rows, peak RSS and heap, file size.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSettings, silentLogger, syncToFile } from "../src/core/index.ts";
import { findConnector } from "../src/connectors/index.ts";
import { findSimulator, serve } from "../src/simulators/index.ts";
import { sampleMemory } from "./_memory.ts";

const [name = "clockify", usersArg = "20000", latencyArg = "0"] = process.argv.slice(2);
const definition = findConnector(name);
const simulatorDefinition = findSimulator(name);
if (!definition || !simulatorDefinition) throw new Error(`no connector or simulator named ${name}`);

const users = Number(usersArg);
const simulator = simulatorDefinition.create({ users, groups: Math.max(8, Math.round(users / 50)), latencyMs: Number(latencyArg) });
const served = await serve(simulator.handler);
const dir = mkdtempSync(join(tmpdir(), "idsync-bench-"));
try {
  const settings = resolveSettings(definition.settings, { connector: name, flags: simulator.settings(served.origin), env: {} });
  const connector = definition.create(settings, { logger: silentLogger });
  const memory = sampleMemory();
  const summary = await syncToFile({ connector, file: join(dir, "sync.c1z") });
  const peak = memory.stop();
  process.stdout.write(
    `${JSON.stringify({
      bench: "sync",
      connector: name,
      users,
      seconds: +(summary.durationMs / 1000).toFixed(2),
      requests: summary.requests.requests,
      retries: summary.requests.retries,
      resources: summary.stats.resources,
      grants: summary.stats.grants,
      peakRssMiB: peak.rssMiB,
      peakHeapMiB: peak.heapMiB,
      fileKiB: Math.round(statSync(join(dir, "sync.c1z")).size / 1024),
    })}\n`,
  );
} finally {
  await served.close();
  rmSync(dir, { recursive: true, force: true });
}
