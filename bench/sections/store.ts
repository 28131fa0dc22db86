/**
 * @module
 * The store alone (`bench/store.ts`, in a process of its own): encoding and decoding against
 * the generated codec, the writer against plain `node:sqlite` inserts at each size, saving against the `zstd`
 * CLI. Each figure is a CPU-time median (see the script), with the target beside it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import type { BenchOptions, Section, SectionResult } from "./_section.ts";

type Line = Record<string, unknown> & { bench: string };

const COLUMNS = ["measure", "users", "idsync", "baseline", "ratio", "target"] as const;

const rate = (value: unknown): string => `${Number(value).toLocaleString("en-US")}/s`;

/** The table rows of one line `store.ts` printed. */
export function storeRows(line: Line): Record<string, string | number>[] {
  const users = Number(line["users"] ?? 0);
  switch (line.bench) {
    case "store.encode": {
      const row = (what: string, figures: { generated: number; store: number; speedup: number }) => ({
        measure: `encode ${what} (vs the generated codec)`,
        users,
        idsync: rate(figures.store),
        baseline: rate(figures.generated),
        ratio: figures.speedup,
        target: "≥ 5",
      });
      return [
        row("resources", line["resourcesPerSecond"] as { generated: number; store: number; speedup: number }),
        row("grants", line["grantsPerSecond"] as { generated: number; store: number; speedup: number }),
      ];
    }
    case "store.decode": {
      const row = (what: string, figures: { generated: number; store: number; speedup: number }) => ({
        measure: `decode ${what} (vs the generated codec)`,
        users,
        idsync: rate(figures.store),
        baseline: rate(figures.generated),
        ratio: figures.speedup,
        target: "",
      });
      return [
        row("resources", line["resourcesPerSecond"] as { generated: number; store: number; speedup: number }),
        row("grants", line["grantsPerSecond"] as { generated: number; store: number; speedup: number }),
      ];
    }
    case "store.writer": {
      const figures = line["rowsPerSecond"] as { writer: number; rawInsertsWithEncoding: number; ratio: number };
      return [
        {
          measure: "writer rows (vs raw inserts, encoding included)",
          users,
          idsync: rate(figures.writer),
          baseline: rate(figures.rawInsertsWithEncoding),
          ratio: figures.ratio,
          target: "≥ 0.8",
        },
      ];
    }
    case "store.save": {
      const ours = line["idsync"] as { compressSeconds: number; ratio: number };
      const cli = line["zstdCli"];
      const baseline =
        typeof cli === "object" && cli !== null ? (cli as { compressSeconds: number; ratio: number }) : undefined;
      return [
        {
          measure: "save: compress seconds (vs the zstd CLI)",
          users,
          idsync: ours.compressSeconds,
          baseline: baseline?.compressSeconds ?? String(cli),
          ratio: baseline ? Number((baseline.compressSeconds / ours.compressSeconds).toFixed(2)) : "",
          target: "",
        },
        {
          measure: "save: compression ratio (vs the zstd CLI)",
          users,
          idsync: ours.ratio,
          baseline: baseline?.ratio ?? String(cli),
          ratio: "",
          target: "",
        },
      ];
    }
    default:
      return [];
  }
}

export const storeSection: Section = {
  name: "store",
  async run(options: BenchOptions): Promise<SectionResult> {
    const args = [join(import.meta.dirname, "..", "store.ts"), "--users", options.sizes.join(",")];
    options.progress(`store.ts --users ${options.sizes.join(",")}…`);
    const result = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (result.status !== 0)
      throw new Error(`bench/store.ts failed: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((text) => JSON.parse(text) as Line);
    return {
      title: "The store alone",
      columns: COLUMNS,
      rows: lines.flatMap(storeRows),
      notes: [
        "Rates are per CPU second of the bench process (SQLite runs on its thread), the median of five runs after an untimed one; the writer and raw inserts are taken in turn, each on a fresh database with the same pragmas and transaction size.",
        "encode: the same rows through `toBinary` on the generated schema and through the store's encoders (the bytes are the same). decode: those bytes back through `fromBinary` on the generated schema and through the store's decoders (the models are the same). Encoding, decoding and saving use the largest size.",
        "save: idsync's own zstd against the `zstd` CLI at level 3, one thread, on the same database.",
      ],
      raw: lines,
    };
  },
};
