/**
 * @module
 * Aligned text tables for the console. Column widths come from the content of the first
 * rows (so output can stream), are capped per column, and shrink to fit a terminal. Ids are
 * never cut: a reader pastes them into the next command (`access -p`, `grants -e`), so a
 * narrow terminal shortens names and wraps text instead. Columns empty in every row are left
 * out when the table is small enough to be seen whole before printing.
 */
import type { Sink } from "./sink.ts";

export interface Column {
  header: string;
  /** Widest the column gets; ids are never cut, so this applies to other columns. @default 48 */
  max?: number;
  /** The column holds ids: printed whole, never cut or shrunk for the terminal. */
  id?: boolean;
  /** Long cells go on over more lines, broken at spaces, instead of being cut with "…". */
  wrap?: boolean;
  align?: "left" | "right";
}

/** A cell: its text, or its lines (each change of a diff row on its own line). */
export type Cell = string | readonly string[];

/** Rows read before widths are fixed; later rows are cut to those widths. */
const SAMPLE_ROWS = 500;
const GAP = "  ";
const MIN_WIDTH = 6;

/** C0 and C1 control characters, as `clean` replaces them. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters (a newline in a display name, or a terminal escape) never reach the terminal. */
export function clean(text: string): string {
  return text.replace(/[\t\n\r]/g, " ").replace(CONTROL_CHARACTERS, "\ufffd");
}

const length = (text: string): number => (/[\ud800-\udfff]/.test(text) ? Array.from(text).length : text.length);

/** `text` cut at the end with "…" to at most `width` characters. */
export function fit(text: string, width: number): string {
  if (length(text) <= width) return text;
  if (width <= 1) return "…".slice(0, width);
  return `${Array.from(text)
    .slice(0, width - 1)
    .join("")}…`;
}

/**
 * `text` over lines of at most `width`, broken at spaces. A word longer than the width (an id
 * in a sentence) gets a line of its own, whole: cutting it would make it useless.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line === "") line = word;
    else if (length(line) + 1 + length(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

const linesOf = (cell: Cell | undefined): string[] =>
  typeof cell === "string" ? [clean(cell)] : cell ? cell.map(clean) : [""];

export class TableWriter {
  readonly #sink: Sink;
  readonly #columns: Column[];
  readonly #terminalWidth: number | undefined;
  #pending: string[][][] | undefined = [];
  #widths: number[] = [];
  /** The columns printed, by index: all, or those with something in them. */
  #shown: number[] = [];

  /** `terminalWidth`: the width to fit, on a terminal; undefined when piped. */
  constructor(sink: Sink, columns: Column[], terminalWidth?: number) {
    this.#sink = sink;
    this.#columns = columns;
    this.#terminalWidth = terminalWidth;
  }

  async add(cells: readonly Cell[]): Promise<void> {
    const row = this.#columns.map((_, index) => linesOf(cells[index]));
    if (this.#pending) {
      this.#pending.push(row);
      if (this.#pending.length >= SAMPLE_ROWS) await this.#release(false);
      return;
    }
    await this.#sink.write(this.#lines(row));
  }

  /** Writes what is left, then `footer` (the count line) when given. */
  async end(footer?: string): Promise<void> {
    if (this.#pending) await this.#release(true);
    if (footer !== undefined) await this.#sink.write(`${footer}\n`);
  }

  /** `whole`: every row is in hand, so a column empty in all of them can be left out. */
  async #release(whole: boolean): Promise<void> {
    const rows = this.#pending ?? [];
    this.#pending = undefined;
    const filled = (index: number) => rows.some((row) => row[index]!.some((line) => line !== ""));
    this.#shown = this.#columns
      .map((_, index) => index)
      .filter((index) => !whole || rows.length === 0 || filled(index));
    this.#widths = this.#measure(rows);
    await this.#sink.write(this.#lines(this.#columns.map((column) => [column.header])));
    for (const row of rows) await this.#sink.write(this.#lines(row));
  }

  #measure(rows: string[][][]): number[] {
    const widths = this.#columns.map((column, index) => {
      let widest = length(column.header);
      for (const row of rows) for (const line of row[index]!) widest = Math.max(widest, length(line));
      return column.id ? widest : Math.min(widest, column.max ?? 48);
    });
    if (this.#terminalWidth) {
      // A wrapped column keeps room for its longest word, which it never breaks.
      const floor = this.#columns.map((column, index) => {
        const least = Math.max(MIN_WIDTH, Math.min(length(column.header), 12));
        if (!column.wrap) return least;
        let longest = 0;
        for (const row of rows)
          for (const line of row[index]!) for (const word of line.split(" ")) longest = Math.max(longest, length(word));
        return Math.max(least, Math.min(longest, widths[index]!));
      });
      let total = this.#shown.reduce((sum, index) => sum + widths[index]!, 0) + GAP.length * (this.#shown.length - 1);
      while (total > this.#terminalWidth) {
        let widest = -1;
        for (const index of this.#shown) {
          if (this.#columns[index]!.id || widths[index]! <= floor[index]!) continue;
          if (widest < 0 || widths[index]! > widths[widest]!) widest = index;
        }
        if (widest < 0) break;
        widths[widest]!--;
        total--;
      }
    }
    return widths;
  }

  /** One row as text: a line per line of its tallest cell. */
  #lines(row: readonly string[][]): string {
    const cells = this.#shown.map((index) => {
      const column = this.#columns[index]!;
      const width = this.#widths[index]!;
      const lines = row[index]!;
      if (column.id) return lines;
      if (column.wrap) return lines.flatMap((line) => wrap(line, width));
      return lines.map((line) => fit(line, width));
    });
    const height = Math.max(...cells.map((lines) => lines.length));
    const last = cells.length - 1;
    let text = "";
    for (let line = 0; line < height; line++) {
      const parts = cells.map((lines, position) => {
        const column = this.#columns[this.#shown[position]!]!;
        const width = this.#widths[this.#shown[position]!]!;
        const part = lines[line] ?? "";
        if (column.align === "right") return part.padStart(width);
        // No trailing spaces after the last column.
        return position === last ? part : part + " ".repeat(Math.max(0, width - length(part)));
      });
      text += `${parts.join(GAP).trimEnd()}\n`;
    }
    return text;
  }
}
