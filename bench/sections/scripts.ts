/**
 * @module
 * Benchmarks written as scripts of their own (`review.ts`, `export.ts`, `expansion.ts`: each
 * also runs alone), each run in its own process so its memory peak is its own, their JSON lines
 * shown as rows.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import type { BenchOptions, Section, SectionResult } from "./_section.ts";

function scriptSection(name: string, title: string, runs: readonly string[][], note: string): Section {
  return {
    name,
    async run(options: BenchOptions): Promise<SectionResult> {
      const rows: Record<string, string | number>[] = [];
      for (const [script = "", ...args] of runs) {
        options.progress(`${script} ${args.join(" ")}…`);
        const result = spawnSync(process.execPath, [join(import.meta.dirname, "..", script), ...args], {
          encoding: "utf8",
        });
        const figures =
          result.status === 0
            ? result.stdout.trim()
            : `failed: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}`;
        rows.push({ run: [script, ...args].join(" "), figures });
      }
      return { title, columns: ["run", "figures"], rows, notes: [note], raw: rows };
    },
  };
}

export const scriptsSection = scriptSection(
  "synced-reading",
  "Reading synced tenants (review, export)",
  [
    ["review.ts", "env0", "20000"],
    ["review.ts", "runlayer", "20000"],
    ["export.ts", "--grants", "100000"],
    ["export.ts"],
  ],
  "Each review run syncs its tenant (no latency), then measures the review in a child process; export.ts writes a file of 100,000 and one of 1,000,000 grants and exports each, which shows whether its memory stays flat.",
);

export const expansionSection = scriptSection(
  "expansion",
  "Grant expansion",
  [["expansion.ts"]],
  "expansion.ts: a Baton-sized graph (66,601 grants expanding to 418,389).",
);
