/**
 * @module
 * The reading benchmarks that predate the sections (`review.ts`, `export.ts`), each run in its own
 * process as before, their JSON lines shown as rows, until each becomes a section of its own.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import type { BenchOptions, Section, SectionResult } from "./_section.ts";

const RUNS: readonly string[][] = [
  ["review.ts", "env0", "20000"],
  ["review.ts", "runlayer", "20000"],
  ["export.ts"],
];

export const scriptsSection: Section = {
  name: "reading",
  async run(options: BenchOptions): Promise<SectionResult> {
    const rows: Record<string, string | number>[] = [];
    for (const [script = "", ...args] of RUNS) {
      options.progress(`${script} ${args.join(" ")}…`);
      const result = spawnSync(process.execPath, [join(import.meta.dirname, "..", script), ...args], { encoding: "utf8" });
      const figures = result.status === 0 ? result.stdout.trim() : `failed: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}`;
      rows.push({ run: [script, ...args].join(" "), figures });
    }
    return {
      title: "Reading (review, export)",
      columns: ["run", "figures"],
      rows,
      notes: ["Each run syncs its tenant (no latency), then measures the reading command in a child process."],
      raw: rows,
    };
  },
};
