/**
 * The reading commands on a large file: `stats`, `grants`, `access`, `review` and `export csv`
 * on a synthetic tenant of `--users` users (`_reading-tenant.ts`: written through the store,
 * seeded, so every run reads the same rows), each command in a process of its own with its
 * output going to a file. Prints one JSON line per command: rows it covers, wall and CPU time
 * (the median of `--runs` runs, by CPU), rows per CPU second and peak RSS.
 *
 *   node bench/reading.ts [--users N] [--runs N] [--file PATH (reused when present)]
 *
 * Not run by the tests.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeReadingTenant, type ReadingTenant } from "./_reading-tenant.ts";

export interface ReadingCell {
  command: string;
  users: number;
  /** What the command goes through: grants for `grants` and `export`, users for `review`… */
  rows: number | undefined;
  rowsAre: string;
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
  outputBytes: number;
}

interface ChildFigures {
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
  bytes: number;
}

/** The commands measured, with the rows each one goes through. */
function commands(
  file: string,
  tenant: ReadingTenant,
  folder: string,
): Array<{ command: string; args: string[]; rows: number | undefined; rowsAre: string }> {
  return [
    {
      command: "stats",
      args: ["stats", "-f", file, "-o", "json"],
      rows: tenant.users + tenant.grants,
      rowsAre: "resources and grants",
    },
    { command: "grants", args: ["grants", "-f", file, "-o", "json"], rows: tenant.grants, rowsAre: "grants" },
    // One principal: a lookup, so its time, not a rate, is the figure.
    {
      command: "access",
      args: ["access", "-f", file, "-p", tenant.samplePrincipal, "-o", "json"],
      rows: undefined,
      rowsAre: "one user's access",
    },
    { command: "review", args: ["review", "-f", file, "-o", "json"], rows: tenant.users, rowsAre: "users" },
    {
      command: "export",
      args: ["export", "csv", "-f", file, "--out", path.join(folder, "export.csv")],
      rows: tenant.grants,
      rowsAre: "grants",
    },
  ];
}

function runCommand(args: readonly string[], out: string): ChildFigures {
  const child = path.join(import.meta.dirname, "_reading-child.ts");
  return JSON.parse(
    execFileSync(process.execPath, [child, out, ...args], { encoding: "utf8", maxBuffer: 1 << 20 }),
  ) as ChildFigures;
}

/**
 * Writes (or reuses) the file, then measures each command `runs` times and keeps, per command,
 * the run with the median CPU time.
 */
export async function measureReading(options: {
  users: number;
  runs: number;
  folder: string;
  file?: string;
  progress?: (line: string) => void;
}): Promise<ReadingCell[]> {
  const file = options.file ?? path.join(options.folder, `reading-${options.users}.c1z`);
  const tenantFile = `${file}.tenant.json`;
  let tenant: ReadingTenant;
  if (fs.existsSync(file) && fs.existsSync(tenantFile)) {
    tenant = JSON.parse(fs.readFileSync(tenantFile, "utf8")) as ReadingTenant;
  } else {
    options.progress?.(`writing a ${options.users}-user file…`);
    tenant = await writeReadingTenant(file, options.users);
    fs.writeFileSync(tenantFile, JSON.stringify(tenant));
  }
  const cells: ReadingCell[] = [];
  for (const { command, args, rows, rowsAre } of commands(file, tenant, options.folder)) {
    options.progress?.(`idsync ${command} on ${options.users} users…`);
    const out = path.join(options.folder, `${command}.out`);
    const runs = Array.from({ length: options.runs }, () => runCommand(args, out)).sort((a, b) => a.cpuMs - b.cpuMs);
    fs.rmSync(out, { force: true });
    const median = runs[runs.length >> 1]!;
    const exported = path.join(options.folder, "export.csv");
    const outputBytes = command === "export" ? fs.statSync(exported).size : median.bytes;
    fs.rmSync(exported, { force: true });
    cells.push({
      command,
      users: options.users,
      rows,
      rowsAre,
      wallMs: median.wallMs,
      cpuMs: median.cpuMs,
      peakRssMiB: median.peakRssMiB,
      outputBytes,
    });
  }
  return cells;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "100000" },
      runs: { type: "string", default: "3" },
      file: { type: "string" },
    },
  });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-bench-reading-"));
  try {
    const cells = await measureReading({
      users: Number(values.users),
      runs: Number(values.runs),
      folder,
      ...(values.file ? { file: values.file } : {}),
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    for (const cell of cells) {
      const rowsPerCpuSecond = cell.rows === undefined ? undefined : Math.round((cell.rows * 1000) / cell.cpuMs);
      process.stdout.write(`${JSON.stringify({ bench: `reading.${cell.command}`, ...cell, rowsPerCpuSecond })}\n`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
