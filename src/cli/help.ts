/**
 * @module
 * The one way a command prints its `--help`: every line wrapped to the terminal's width, and
 * to at most 100 columns (what a review diff shows), so help written as one long line per flag
 * or paragraph reads on any screen.
 */
import type { OutputStream } from "./io.ts";

/** The widest line any `--help` prints. */
export const HELP_WIDTH = 100;

/**
 * Where a wrapped line's continuation starts: under the description of a flag line
 * (`  --port N      first port…` → under `first`), else at the line's own indent.
 */
function continuationIndent(line: string): number {
  const indent = line.length - line.trimStart().length;
  const column = /^(\s*\S.*?\s{2,})\S/.exec(line);
  if (column && column[1]!.length <= HELP_WIDTH / 2) return column[1]!.length;
  return indent;
}

function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const hang = " ".repeat(continuationIndent(line));
  const lines: string[] = [];
  let current = line.slice(0, line.length - line.trimStart().length);
  let currentHasWord = false;
  // Keep the runs of spaces that align columns in the first line; wrap only at single spaces after.
  for (const word of line.trimStart().split(/(?<=\S) (?=\S)/)) {
    const candidate = currentHasWord ? `${current} ${word}` : `${current}${word}`;
    if (candidate.length > width && currentHasWord) {
      lines.push(current);
      current = `${hang}${word.trimStart()}`;
    } else {
      current = candidate;
    }
    currentHasWord = true;
  }
  lines.push(current);
  // A single word longer than the width (a URL) stays whole rather than being cut.
  return lines;
}

/** `text` with every line longer than `width` wrapped at spaces, continuations indented. */
export function wrapHelp(text: string, width = HELP_WIDTH): string {
  return text
    .split("\n")
    .flatMap((line) => wrapLine(line, width))
    .join("\n");
}

/** Below this, wrapping at the terminal's width would leave a word or two a line. */
const NARROWEST_HELP = 40;

/** The width to wrap help to: the terminal's, when `stream` is one, but never over HELP_WIDTH. */
export function helpWidth(stream: OutputStream): number {
  if (!stream.isTTY || !stream.columns) return HELP_WIDTH;
  return Math.max(NARROWEST_HELP, Math.min(HELP_WIDTH, stream.columns));
}

/** Writes a command's help, wrapped to the terminal. */
export function printHelp(stream: OutputStream, text: string): void {
  stream.write(wrapHelp(text, helpWidth(stream)));
}
