/**
 * `npm run bench` refuses a mistaken flag the way the CLI does: one line naming the flag, a
 * pointer to `--help`, exit 2, and no stack trace. Nothing is measured.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

const BENCH = path.join(import.meta.dirname, "..", "bench", "run.ts");

for (const [flags, names] of [
  [["--sizes", "ten"], "--sizes"],
  [["--connectors", "acme"], "--connectors"],
  [["--sections", "nope"], "--sections"],
  [["--latency-ms=slow"], "--latency-ms"],
  [["--bogus"], "--bogus"],
  [["--latency-ms", "-1"], "--latency-ms"],
] as const) {
  test(`bench ${flags.join(" ")} is refused in one line with exit 2`, () => {
    const run = spawnSync(process.execPath, [BENCH, ...flags], { encoding: "utf8" });
    assert.equal(run.status, 2, run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, new RegExp(`^bench: .*${names}.*--help lists the flags\\)$`));
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.equal(run.stdout, "");
  });
}
