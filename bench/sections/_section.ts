/**
 * @module
 * The shape every benchmark section has. `npm run bench` runs the sections asked for, prints each
 * table as it completes and writes them all to `bench/results/<date>.json` and `.md`. A new
 * section is one file here exporting a `Section`, plus one line in `bench/sections/index.ts`.
 */

export interface BenchOptions {
  /** Users per tenant, e.g. [1000, 10000, 100000]. */
  sizes: readonly number[];
  /** Connector names, e.g. ["clockify", "env0"]. */
  connectors: readonly string[];
  /** Latency the simulators add to every answer. */
  latencyMs: number;
  /** Called with a line of progress for the terminal (never written to the results). */
  progress(line: string): void;
}

export interface SectionResult {
  title: string;
  /** Column headings, in order; each row holds a value per column. */
  columns: readonly string[];
  rows: readonly Record<string, string | number>[];
  /** Sentences printed under the table: what was measured and how to read it. */
  notes: readonly string[];
  /** Machine-readable figures for the JSON file, as the section likes them. */
  raw: unknown;
}

export interface Section {
  /** Short name for `--sections`, e.g. `sync`. */
  name: string;
  run(options: BenchOptions): Promise<SectionResult>;
}
