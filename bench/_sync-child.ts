/**
 * @module
 * One sync, alone in its process so that CPU time and memory peaks are its own: connector, engine
 * and store. Prints a `SyncReport` line.
 *
 * Usage: node bench/_sync-child.ts <connector> <settings-json> <file>
 */
import { findConnector } from "../src/connectors/index.ts";
import { resolveSettings, silentLogger, syncToFile } from "../src/core/index.ts";
import type { SyncReport } from "./_protocol.ts";

const [name = "", settingsJson = "{}", file = "sync.c1z"] = process.argv.slice(2);
const definition = findConnector(name);
if (!definition) throw new Error(`no connector named ${name}`);
const flags = JSON.parse(settingsJson) as Record<string, string>;
const connector = definition.create(resolveSettings(definition.settings, { connector: name, flags, env: {} }), {
  logger: silentLogger,
});

const MIB = 1024 * 1024;
let peakHeap = process.memoryUsage().heapUsed;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 10);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const summary = await syncToFile({ connector, file, logger: silentLogger });
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

const report: SyncReport = {
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  peakHeapMiB: peakHeap / MIB,
  requests: summary.requests.requests,
  retries: summary.requests.retries,
  rateLimited: summary.requests.rateLimited,
  resources: summary.stats.resources,
  grants: summary.stats.grants,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
