/**
 * Benchmark: one connector syncing a large simulated tenant over loopback HTTP.
 * Usage: node bench/sync.ts <connector> [users] [latency-ms]
 *
 * Prints one JSON line: time, requests, rows, peak memory of the sync, file size.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleMemory } from "./_memory.ts";
import { syncSimulatedTenant } from "./_simulated.ts";

const [connector = "clockify", usersArg = "20000", latencyArg = "0"] = process.argv.slice(2);
const users = Number(usersArg);

const dir = mkdtempSync(join(tmpdir(), "idsync-bench-"));
try {
  const file = join(dir, "sync.c1z");
  const memory = sampleMemory();
  const summary = await syncSimulatedTenant({ connector, users, latencyMs: Number(latencyArg) }, file);
  const peak = memory.stop();
  process.stdout.write(
    `${JSON.stringify({
      bench: "sync",
      connector,
      users,
      latencyMs: Number(latencyArg),
      seconds: +(summary.durationMs / 1000).toFixed(2),
      requests: summary.requests.requests,
      retries: summary.requests.retries,
      resources: summary.stats.resources,
      grants: summary.stats.grants,
      peakRssMiB: peak.rssMiB,
      peakHeapMiB: peak.heapMiB,
      fileKiB: Math.round(statSync(file).size / 1024),
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
