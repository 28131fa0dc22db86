/**
 * @module
 * Test support: what a command's `--help` lists against what its parser accepts. Read from the
 * printed help (unwrapped, so a continuation line never starts with a flag) and from the options
 * handed to `parseArgs`, so a flag added to only one side shows up as a difference.
 */
import type { Command } from "./command.ts";

/** `--name`, with `-x` and `=VALUE` when it has them: `-f --file=VALUE`, `--allow-shrink`. */
export type FlagForm = string;

function form(name: string, short: string | undefined, takesValue: boolean): FlagForm {
  return `${short ? `-${short} ` : ""}--${name}${takesValue ? "=VALUE" : ""}`;
}

/**
 * The flags the help lists, one per flag line (`  -f, --file PATH   …`), sorted. A flag line has
 * its description beside it: a name alone on its line (the refused Baton flags) is no flag taken.
 */
export function helpFlags(help: string): FlagForm[] {
  const found = new Set<string>();
  for (const line of help.split("\n")) {
    const match = /^ {2,6}(?:-([A-Za-z]), )?--([a-z0-9-]+)( \S+)? {2,}\S/.exec(line);
    if (match) found.add(form(match[2]!, match[1], match[3] !== undefined));
  }
  return [...found].sort();
}

/** The flags the parser accepts, sorted. */
export function parserFlags(command: Pick<Command, "parserOptions">): FlagForm[] {
  return Object.entries(command.parserOptions)
    .map(([name, option]) => form(name, option.short, option.type === "string"))
    .sort();
}

/** The help at a width no line reaches, so no line is wrapped. */
export function unwrappedHelp(command: Pick<Command, "help">): string {
  return command.help(Number.MAX_SAFE_INTEGER);
}
