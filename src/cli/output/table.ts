/**
 * @module
 * Aligned text tables for the console. Column widths come from the content of the first
 * rows (so output can stream), are capped per column, and shrink to fit a terminal; longer
 * cells are cut with "…" (ids in the middle, where they differ least, names at the end).
 */
import type { Sink } from "./sink.ts";

export interface Column {
  header: string;
  /** Widest the column gets. @default 48 */
  max?: number;
  /** Where a long cell is cut. @default "end" */
  truncate?: "end" | "middle";
  align?: "left" | "right";
}

/** Rows read before widths are fixed; later rows are cut to those widths. */
const SAMPLE_ROWS = 500;
const GAP = "  ";
const MIN_WIDTH = 6;

/** Control characters (a newline in a display name, or a terminal escape) never reach the terminal. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(text) ? text.replace(/[\t\n\r]/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, "\ufffd") : text;
}

const length = (text: string): number => (/[\ud800-\udfff]/.test(text) ? Array.from(text).length : text.length);

export function fit(text: string, width: number, where: "end" | "middle" = "end"): string {
  if (length(text) <= width) return text;
  const chars = Array.from(text);
  if (width <= 1) return "…".slice(0, width);
  if (where === "middle") {
    const head = Math.ceil((width - 1) / 2);
    return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - (width - 1 - head)).join("")}`;
  }
  return `${chars.slice(0, width - 1).join("")}…`;
}

export class TableWriter {
  readonly #sink: Sink;
  readonly #columns: Column[];
  readonly #terminalWidth: number | undefined;
  #pending: string[][] | undefined = [];
  #widths: number[] = [];

  /** `terminalWidth`: the width to fit, on a terminal; undefined when piped. */
  constructor(sink: Sink, columns: Column[], terminalWidth?: number) {
    this.#sink = sink;
    this.#columns = columns;
    this.#terminalWidth = terminalWidth;
  }

  async add(cells: readonly string[]): Promise<void> {
    const row = this.#columns.map((_, index) => clean(cells[index] ?? ""));
    if (this.#pending) {
      this.#pending.push(row);
      if (this.#pending.length >= SAMPLE_ROWS) await this.#release();
      return;
    }
    await this.#sink.write(this.#line(row));
  }

  /** Writes what is left, then `footer` (the count line) when given. */
  async end(footer?: string): Promise<void> {
    if (this.#pending) await this.#release();
    if (footer !== undefined) await this.#sink.write(`${footer}\n`);
  }

  async #release(): Promise<void> {
    const rows = this.#pending ?? [];
    this.#pending = undefined;
    this.#widths = this.#measure(rows);
    await this.#sink.write(this.#line(this.#columns.map((column) => column.header)));
    for (const row of rows) await this.#sink.write(this.#line(row));
  }

  #measure(rows: string[][]): number[] {
    const widths = this.#columns.map((column, index) => {
      let widest = length(column.header);
      for (const row of rows) widest = Math.max(widest, length(row[index]!));
      return Math.min(widest, column.max ?? 48);
    });
    if (this.#terminalWidth) {
      const floor = this.#columns.map((column) => Math.max(MIN_WIDTH, Math.min(length(column.header), 12)));
      let total = widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1);
      while (total > this.#terminalWidth) {
        let widest = -1;
        for (const [index, width] of widths.entries()) {
          if (width > floor[index]! && (widest < 0 || width > widths[widest]!)) widest = index;
        }
        if (widest < 0) break;
        widths[widest]!--;
        total--;
      }
    }
    return widths;
  }

  #line(row: readonly string[]): string {
    const last = row.length - 1;
    const cells = row.map((cell, index) => {
      const column = this.#columns[index]!;
      const width = this.#widths[index]!;
      const text = fit(cell, width, column.truncate);
      if (column.align === "right") return text.padStart(width);
      // No trailing spaces after the last column.
      return index === last ? text : text + " ".repeat(Math.max(0, width - length(text)));
    });
    return `${cells.join(GAP).trimEnd()}\n`;
  }
}
