/**
 * Benchmark: one connector syncing a large simulated tenant over loopback HTTP.
 * Usage: node bench/sync.ts <connector> [users] [latency-ms]
 *
 * The simulator runs in its own process (`idsync simulate`), so the memory figures are the
 * sync's alone: connector, engine and store. Prints one JSON line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { findConnector } from "../src/connectors/index.ts";
import { resolveSettings, silentLogger, syncToFile } from "../src/core/index.ts";
import { sampleMemory } from "./_memory.ts";

const [name = "clockify", usersArg = "20000", latencyArg = "0"] = process.argv.slice(2);
const definition = findConnector(name);
if (!definition) throw new Error(`no connector named ${name}`);
const users = Number(usersArg);
const groups = Math.max(8, Math.round(users / 50));

const simulator = spawn(
  process.execPath,
  [join(import.meta.dirname, "../bin/idsync.js"), "simulate", name, "--users", String(users), "--groups", String(groups), "--latency-ms", latencyArg],
  { stdio: ["ignore", "pipe", "inherit"] },
);
let announced = "";
for await (const line of createInterface({ input: simulator.stdout })) {
  announced = line;
  break;
}
const { settings: flags } = JSON.parse(announced) as { settings: Record<string, string> };

const dir = mkdtempSync(join(tmpdir(), "idsync-bench-"));
try {
  const settings = resolveSettings(definition.settings, { connector: name, flags, env: {} });
  const connector = definition.create(settings, { logger: silentLogger });
  const memory = sampleMemory();
  const summary = await syncToFile({ connector, file: join(dir, "sync.c1z") });
  const peak = memory.stop();
  process.stdout.write(
    `${JSON.stringify({
      bench: "sync",
      connector: name,
      users,
      latencyMs: Number(latencyArg),
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
  simulator.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
