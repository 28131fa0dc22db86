/**
 * Export benchmark: generates a c1z with 1,000,000 grants (50,000 users, 200 groups, 20 roles)
 * and times `idsync export csv|json` on it, reporting peak RSS and heap. The export runs in a
 * child process, so the generator's memory does not count.
 *
 *   node bench/export.ts [--grants N] [--format csv|json] [--file PATH (reused when present)]
 *
 * Not run by the tests.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runIdsync } from "../src/cli/idsync.ts";
import { captureStream } from "../src/cli/io.ts";
import { writeBigTenant } from "../src/review/_test-big-tenant.ts";

const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Child mode: export `file` and print the measurements as one JSON line. */
async function measureExport(file: string, format: string, out: string): Promise<void> {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const stderr = captureStream();
  const code = await runIdsync(["export", format, "-f", file, "--out", out], {
    stdout: captureStream(),
    stderr,
    env: {},
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  sample();
  if (code !== 0) throw new Error(`export failed (${code}): ${stderr.text()}`);
  // maxRSS is in KiB: the process's true peak, between samples too.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds, peakHeap, peakRss, maxRss, bytes: fs.statSync(out).size })}\n`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      grants: { type: "string", default: "1000000" },
      format: { type: "string", default: "csv" },
      file: { type: "string" },
      "measure-export": { type: "string" },
      out: { type: "string" },
    },
  });
  if (values["measure-export"]) return measureExport(values["measure-export"], values.format, values.out!);

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-bench-export-"));
  try {
    const grants = Number(values.grants);
    const file = values.file ?? path.join(folder, "bench.c1z");
    if (!fs.existsSync(file)) {
      const started = performance.now();
      const written = await writeBigTenant(file, { grants });
      console.log(
        `generated ${written.grants.toLocaleString("en-US")} grants for ${written.users.toLocaleString("en-US")} users ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s (${MiB(fs.statSync(file).size)} c1z)`,
      );
    }
    const out = path.join(folder, `export.${values.format}`);
    const result = JSON.parse(
      execFileSync(
        process.execPath,
        [import.meta.filename, "--measure-export", file, "--format", values.format, "--out", out],
        { encoding: "utf8" },
      ),
    ) as { seconds: number; cpuSeconds: number; peakHeap: number; peakRss: number; maxRss: number; bytes: number };
    // Grants per CPU second too: on a shared machine the wall time includes waiting for a core.
    console.log(
      `export ${values.format}: ${result.seconds.toFixed(1)} s (${Math.round(grants / result.seconds).toLocaleString("en-US")} grants/s), ` +
        `${result.cpuSeconds.toFixed(1)} CPU s (${Math.round(grants / result.cpuSeconds).toLocaleString("en-US")} grants per CPU second), ` +
        `${MiB(result.bytes)} written; peak heap ${MiB(result.peakHeap)}, peak RSS ${MiB(result.maxRss)} (sampled ${MiB(result.peakRss)})`,
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

await main();
