/**
 * Benchmark: `idsync review -o json` on a large simulated tenant's file.
 * Usage: node bench/review.ts <connector> [users]
 *
 * The tenant is synced first; the review then runs in a child process so its time and peak
 * memory are its own. Prints one JSON line.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runIdsync } from "../src/cli/idsync.ts";
import { captureStream } from "../src/cli/io.ts";
import { syncSimulatedTenant } from "./_simulated.ts";

const MEASURE = "--measure-review";

/** Child mode: review `file` and print time and peak memory. */
async function measureReview(file: string): Promise<void> {
  const stdout = captureStream();
  const stderr = captureStream();
  const started = performance.now();
  const code = await runIdsync(["review", "-f", file, "-o", "json"], { stdout, stderr, env: {} });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`review failed (${code}): ${stderr.text()}`);
  const counts = (JSON.parse(stdout.text()) as { apps: Array<{ users: number; counts: unknown }> }).apps[0]!;
  // maxRSS is in KiB and covers the whole child: the true peak, between samples too.
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    `${JSON.stringify({ seconds: +seconds.toFixed(2), peakRssMiB, users: counts.users, findings: counts.counts })}\n`,
  );
}

async function main(): Promise<void> {
  const [first = "env0", second = "20000"] = process.argv.slice(2);
  if (first === MEASURE) return measureReview(second);
  const users = Number(second);
  const dir = mkdtempSync(join(tmpdir(), "idsync-bench-review-"));
  try {
    const file = join(dir, "sync.c1z");
    await syncSimulatedTenant({ connector: first, users }, file);
    const measured = JSON.parse(
      execFileSync(process.execPath, [import.meta.filename, MEASURE, file], { encoding: "utf8" }),
    ) as Record<string, unknown>;
    process.stdout.write(`${JSON.stringify({ bench: "review", connector: first, ...measured })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
