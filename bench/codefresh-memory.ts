/**
 * @module
 * Memory benchmark: syncs a large simulated Codefresh account and reports the sync's peak heap and
 * time. The simulator runs in a child process, so the figures are the connector's, engine's and
 * store's alone. Not a test: it asserts nothing and prints figures. Run it with a capped heap to
 * show the sync fits: `--max-old-space-size` caps this process, not the simulator's.
 *
 * @example
 * node_modules/.bin/node --expose-gc bench/codefresh-memory.ts 20000 --compare
 * node_modules/.bin/node --max-old-space-size=64 bench/codefresh-memory.ts 20000
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { resolveSettings, silentLogger, syncToFile } from "../src/core/index.ts";
import { codefresh } from "../src/connectors/codefresh/index.ts";

const members = Number(process.argv[2] ?? 20_000);
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

// The simulator runs in a child process that serves on loopback, prints its settings, and exits
// when its stdin closes — that is, when this process ends, however it ends.
const simulatorUrl = new URL("../src/simulators/index.ts", import.meta.url).href;
const script = `
  const { findSimulator, serve } = await import(${JSON.stringify(simulatorUrl)});
  const simulator = findSimulator("codefresh").create({ users: ${members}, rateLimit: false });
  const served = await serve(simulator.handler);
  process.stdout.write(JSON.stringify(simulator.settings(served.origin)) + "\\n");
  process.stdin.on("end", () => process.exit(0)).resume();`;
const child = spawn(process.execPath, ["--input-type=module", "--eval", script], { stdio: ["pipe", "pipe", "inherit"] });
const settings = await new Promise<Record<string, string>>((resolve, reject) => {
  createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line) as Record<string, string>));
  child.once("exit", (code) => reject(new Error(`the simulator exited with ${code}`)));
});
const dir = mkdtempSync(join(tmpdir(), "idsync-bench-"));

try {
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peakHeap = baseline;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 2);
  const connector = codefresh.create(resolveSettings(codefresh.settings, { connector: "codefresh", flags: settings, env: {} }), { logger: silentLogger });
  const file = join(dir, "sync.c1z");
  const started = performance.now();
  const summary = await syncToFile({ connector, file, logger: silentLogger });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);

  // For comparison (with --compare): the member list as the parsed objects a naive client would keep.
  let comparison: Record<string, string> = {};
  if (process.argv.includes("--compare")) {
    const headers = { Authorization: settings["api-key"] as string };
    const user = (await (await fetch(`${settings["base-url"]}/user`, { headers })).json()) as { activeAccountName: string; account: { id: string; name: string }[] };
    const accountId = user.account.find((entry) => entry.name === user.activeAccountName)?.id as string;
    const body = await (await fetch(`${settings["base-url"]}/accounts/${accountId}/users`, { headers })).text();
    gc?.();
    const beforeParse = process.memoryUsage().heapUsed;
    const parsed = JSON.parse(body) as unknown[];
    comparison = { membersBody: mb(Buffer.byteLength(body)), membersAsParsedObjects: `${mb(process.memoryUsage().heapUsed - beforeParse)} for ${parsed.length} objects` };
  }

  console.log(JSON.stringify({
    members,
    resources: summary.stats.resourcesByType,
    grants: summary.stats.grants,
    requests: summary.requests.requests,
    seconds: Number(seconds.toFixed(2)),
    heapBaseline: mb(baseline),
    heapPeak: mb(peakHeap),
    heapPeakAboveBaseline: mb(peakHeap - baseline),
    rssPeak: mb(peakRss),
    ...comparison,
    c1z: mb(statSync(file).size),
    exactGc: gc !== undefined,
  }, null, 2));
} finally {
  child.stdin.end();
  rmSync(dir, { recursive: true, force: true });
}
