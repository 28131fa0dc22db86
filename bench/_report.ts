/**
 * @module
 * A benchmark run as JSON and as markdown tables.
 */
import type { SectionResult } from "./sections/index.ts";

export interface BenchRun {
  /** ISO-8601 start of the run. */
  date: string;
  node: string;
  cores: number;
  cpu: string;
  /** 1, 5 and 15-minute load averages when the run started and ended: the machine may be shared. */
  loadBefore: number[];
  loadAfter: number[];
  options: { sizes: number[]; connectors: string[]; latencyMs: number; sections: string[] };
  sections: SectionResult[];
}

function table(result: SectionResult): string {
  const cell = (value: string | number | undefined): string => String(value ?? "").replace(/\|/g, "\\|");
  const lines = [`| ${result.columns.join(" | ")} |`, `|${result.columns.map(() => "---").join("|")}|`];
  for (const row of result.rows) lines.push(`| ${result.columns.map((column) => cell(row[column])).join(" | ")} |`);
  return lines.join("\n");
}

export function renderMarkdown(run: BenchRun, options: { header: boolean }): string {
  const parts: string[] = [];
  if (options.header) {
    parts.push(
      `# Benchmark, ${run.date}`,
      `${run.cores} cores (${run.cpu}), Node ${run.node}, load ${run.loadBefore.join(" ")} at the start and ${run.loadAfter.join(" ")} at the end (1, 5, 15 min).`,
    );
  }
  for (const result of run.sections)
    parts.push(`## ${result.title}`, table(result), result.notes.map((note) => `- ${note}`).join("\n"));
  return `${parts.join("\n\n")}\n`;
}
