/**
 * `npm run bench`: runs each benchmark in its own process (so memory peaks are its own) and
 * prints their JSON lines. Figures, not pass/fail: speed and memory targets are checked by
 * reading these, never by timed tests.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;
const runs: string[][] = [
  ["sync.ts", "clockify", "20000"],
  ["sync.ts", "env0", "20000"],
  ["sync.ts", "codefresh", "20000"],
  ["sync.ts", "runlayer", "20000"],
  ["sync.ts", "runlayer", "2000", "20"],
  ["review.ts", "env0", "20000"],
  ["review.ts", "runlayer", "20000"],
  ["export.ts"],
  ["store.ts"],
  ["expansion.ts"],
];

for (const [script, ...args] of runs) {
  if (!script || !existsSync(join(here, script))) continue;
  const result = spawnSync(process.execPath, [join(here, script), ...args], { encoding: "utf8" });
  if (result.status !== 0) {
    process.stdout.write(`${JSON.stringify({ bench: script, args, failed: result.stderr.trim().split("\n").slice(-3).join(" | ") })}\n`);
  } else {
    process.stdout.write(result.stdout);
  }
}
