/**
 * @module
 * The reading commands on a large file (`bench/reading.ts`): `stats`, `grants`, `access`,
 * `review` and `export csv` on a synthetic tenant at each size, each command in its own process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { measureReading, type ReadingCell } from "../reading.ts";
import type { BenchOptions, Section, SectionResult } from "./_section.ts";

/** Runs per command; the one with the median CPU time is shown. */
const RUNS = 3;

const COLUMNS = [
  "command",
  "users",
  "rows",
  "rows are",
  "wall s",
  "CPU s",
  "rows per CPU s",
  "peak RSS MiB",
  "output MiB",
] as const;

export function readingRow(cell: ReadingCell): Record<string, string | number> {
  return {
    command: cell.command,
    users: cell.users,
    rows: cell.rows ?? "–",
    "rows are": cell.rowsAre,
    "wall s": Number((cell.wallMs / 1000).toFixed(2)),
    "CPU s": Number((cell.cpuMs / 1000).toFixed(2)),
    "rows per CPU s": cell.rows === undefined ? "–" : Math.round((cell.rows * 1000) / cell.cpuMs),
    "peak RSS MiB": Math.round(cell.peakRssMiB),
    "output MiB": Number((cell.outputBytes / 1024 / 1024).toFixed(1)),
  };
}

export const readingSection: Section = {
  name: "reading",
  async run(options: BenchOptions): Promise<SectionResult> {
    const folder = mkdtempSync(join(tmpdir(), "idsync-bench-reading-"));
    const cells: ReadingCell[] = [];
    try {
      for (const users of options.sizes) {
        cells.push(...(await measureReading({ users, runs: RUNS, folder, progress: options.progress })));
        rmSync(join(folder, `reading-${users}.c1z`), { force: true });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return {
      title: "Reading: stats, grants, access, review and export on a synthetic tenant",
      columns: COLUMNS,
      rows: cells.map(readingRow),
      notes: [
        "The file is written through the store from a seeded generator (bench/_reading-tenant.ts): users with emails, statuses and last logins, some pending invites, disabled accounts and API keys; a group per fifty users, each person in one to three; eight roles, one held by each user; one group in twenty holding a role, expanded to its members.",
        "Each command runs in its own process with its output going to a file (`-o json` where it has one; `export csv --out`); wall, CPU and peak RSS (`resourceUsage().maxRSS`) are that process's from the command's start (the CLI's modules already loaded; peak RSS is the whole process's), from the run with the median CPU time of three.",
        "rows per CPU s: the rows the command goes through over its CPU time; `access` answers for one user, so its time is the figure.",
      ],
      raw: cells,
    };
  },
};
