import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";
import { captureStream } from "../io.ts";
import { runIdsync } from "../idsync.ts";
import { writeBigTenant } from "../../review/_test-big-tenant.ts";
import { tempFolder } from "../../review/_test-tenant.ts";

const GRANTS = 300_000;
/**
 * Live heap (measured after a forced collection) may grow by the bounded caches and a page
 * of rows; holding the 300,000 rows would take several hundred MiB.
 */
const MAX_LIVE_HEAP_GROWTH = 48 * 1024 * 1024;

/** Node's `gc()`, without needing --expose-gc on the test runner's command line. */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}
const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

test(`export of ${GRANTS.toLocaleString("en-US")} grants streams in bounded memory`, async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "clockify.c1z");
  const started = performance.now();
  await writeBigTenant(file, { grants: GRANTS });
  const generated = performance.now();

  const out = path.join(folder, "grants.csv");
  const stdout = captureStream();
  const stderr = captureStream();
  const gc = collector();
  gc();
  const baseline = process.memoryUsage();
  let peakLive = baseline.heapUsed;
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  let samples = 0;
  // Writing to a file awaits the stream's drain, so the timer gets its turns during the export.
  // Each sample reads the heap as it is (garbage included), then live after a collection.
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    samples++;
  }, 250);
  let code: number;
  try {
    code = await runIdsync(["export", "csv", "-f", file, "--out", out], { stdout, stderr, env: {} });
  } finally {
    clearInterval(sampler);
  }
  const exported = performance.now();
  assert.equal(code, 0, stderr.text());
  assert.equal(stderr.text(), `exported ${GRANTS.toLocaleString("en-US")} grants to ${out}\n`);
  t.diagnostic(
    `generated in ${((generated - started) / 1000).toFixed(1)} s, exported in ${((exported - generated) / 1000).toFixed(1)} s; ` +
      `${samples} samples; peak growth: live heap ${MiB(peakLive - baseline.heapUsed)}, ` +
      `heap with garbage ${MiB(peakHeap - baseline.heapUsed)}, RSS ${MiB(peakRss - baseline.rss)}`,
  );
  assert.ok(samples >= 10, `memory sampled ${samples} times during the export`);
  assert.ok(
    peakLive - baseline.heapUsed < MAX_LIVE_HEAP_GROWTH,
    `live heap grew by ${MiB(peakLive - baseline.heapUsed)}`,
  );

  // Every grant is a row, once, after the header; the file is private.
  const text = fs.readFileSync(out, "utf8");
  const lines = text.split("\r\n");
  assert.equal(lines.length, GRANTS + 2, "header, rows, and the empty string after the last CRLF");
  assert.equal(lines.at(-1), "");
  assert.equal(new Set(lines.slice(1, -1).map((line) => line.slice(line.lastIndexOf(",") + 1))).size, GRANTS);
  assert.equal(fs.statSync(out).mode & 0o777, 0o600);
});
