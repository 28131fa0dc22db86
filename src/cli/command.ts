/**
 * @module
 * One declaration per command. A command says once what it takes — its usage lines, its
 * flags (type, short alias, value name, description, default, allowed choices, environment
 * variable), its arguments and a word of explanation — and `defineCommand` derives from that
 * both its `--help` text (wrapped to the terminal, at most 100 columns) and its parser (node's
 * `parseArgs`, strict, every parser error one ConfigError line with a hint). A flag cannot be
 * parsed without being listed in the help, nor listed without being parsed.
 *
 * How to declare a command:
 *
 * ```ts
 * export const statsCommand = defineCommand({
 *   name: "idsync stats",                       // as typed; idsync's own commands start "idsync "
 *   summary: "count a sync's resources…",       // the line `idsync --help` shows
 *   usage: ["[-f FILE] [--sync-id ID] [-o console|json]"],
 *   description: "Count a sync's resources…",   // prose, one line per paragraph: it is wrapped
 *   flags: {
 *     ...READ_FLAGS,                            // shared flag sets are plain objects
 *     top: { type: "string", value: "N", description: "show the N largest", default: "10" },
 *     format: { type: "string", value: "F", description: "layout", choices: ["wide", "narrow"] },
 *   },
 *   async run({ values, positionals, given }, io) { … return EXIT_CODES.ok; },
 * });
 * ```
 *
 * Rules the parser applies, so commands need not:
 * - `-h, --help` is added (last in the untitled flags) unless declared; it prints the help.
 * - `default` is applied when the flag is not given (`given` says which flags were typed).
 * - `choices` are checked here, the error naming them; `list: true` takes them comma-separated.
 * - A command that declares no `arguments` refuses any (`unexpected argument "x"`); one whose
 *   usage lines say all there is to say about them declares `arguments: []`.
 * - A flag with `env` is a setting: its variable, check and default belong to the settings
 *   resolution (core/config), so it takes neither `default` nor `choices` here; say them in `notes`.
 *
 * `sections` group further flags under a heading (the connectors' settings, service mode);
 * a flag may appear in more than one section with its own description, if its type agrees.
 *
 * Moving a command written as a usage string plus `parseArgs` options onto this: each option
 * becomes a flag with the words its usage line had (`value` is the placeholder, a default or
 * choices the usage named go in `default`/`choices`); the usage text's first paragraph becomes
 * `usage` and `description`; `if (values.help)` and the stray-argument check go; the exported
 * `xCommand` is the `defineCommand` result, listed in `COMMANDS` (idsync.ts). The help test then
 * checks its help against its parser.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, EXIT_CODES, choiceText } from "../core/index.ts";
import { helpWidth, wrapHelp } from "./help.ts";
import type { CliIo } from "./io.ts";

/** One flag. */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  /** A one-letter alias: `f` gives `-f`. */
  readonly short?: string;
  /** The value's name in the help: `PATH` shows `--file PATH`. String flags only. */
  readonly value?: string;
  /** What the flag does, for the help; one line, it is wrapped. */
  readonly description: string;
  /** The value when the flag is not given, applied by the parser and shown in the help. */
  readonly default?: string;
  /** The only values accepted; the parser checks them and names them in its error. */
  readonly choices?: readonly string[];
  /**
   * The value is a comma-separated list of `choices`, parsed to an array.
   * @default false
   */
  readonly list?: boolean;
  /**
   * The flag may be repeated; its value is an array in the order given.
   * @default false
   */
  readonly multiple?: boolean;
  /** The environment variable that sets it when the flag is not given (a setting's). */
  readonly env?: string;
  /** Further notes for the help's brackets, before the choices and default ("required"). */
  readonly notes?: readonly string[];
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** A positional argument, listed in the help before the flags. */
export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
}

/** Flags (and variables that are no flag) under a heading of their own. */
export interface FlagSection {
  readonly title?: string;
  /** Prose under the heading. */
  readonly text?: string;
  readonly flags: FlagSpecs;
  /** Environment variables that steer the command but are no flag: name (no `$`) → description. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Lines after the section's flags, e.g. which flags go together. */
  readonly notes?: readonly string[];
}

export interface CommandDeclaration<
  F extends FlagSpecs = FlagSpecs,
  S extends readonly FlagSection[] = readonly FlagSection[],
> {
  /** The command as typed, e.g. `idsync stats` or `baton-clockify`. */
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** A line before the usage (the program and what it is), when the help starts with one. */
  readonly title?: string;
  /** What follows the name on each usage line; `""` for the bare command. */
  readonly usage: readonly string[];
  /** Prose under the usage; one line per paragraph. */
  readonly description?: string;
  readonly arguments?: readonly ArgumentSpec[];
  /** The flags listed right after the arguments, without a heading. */
  readonly flags: F;
  readonly sections?: S;
  /** Text after the flags. */
  readonly footer?: string;
  /**
   * The hint of the error for an argument the command does not take.
   * @default "run `<name> --help` for the flags"
   */
  readonly strayArgumentHint?: string;
}

type _FlagValue<S extends FlagSpec> = S extends { readonly type: "boolean" }
  ? boolean
  : S extends { readonly multiple: true }
    ? string[]
    : S extends { readonly list: true }
      ? string[]
      : string;

/** The parsed values of a flag set: set when given or defaulted, else undefined. */
export type FlagValues<F extends FlagSpecs> = {
  -readonly [K in keyof F]: F[K] extends { readonly default: string } ? _FlagValue<F[K]> : _FlagValue<F[K]> | undefined;
};

// Every flag of the sections, the first declaration of a name winning (as the parser takes it):
// intersecting two specs of one flag with different descriptions would type its value as never.
type _SectionFlags<S extends readonly FlagSection[]> = S extends readonly [
  infer H extends FlagSection,
  ...infer T extends readonly FlagSection[],
]
  ? H["flags"] & Omit<_SectionFlags<T>, keyof H["flags"]>
  : S extends readonly []
    ? Record<never, FlagSpec>
    : FlagSpecs;
type _AllFlags<F extends FlagSpecs, S extends readonly FlagSection[]> = F & Omit<_SectionFlags<S>, keyof F>;

export interface Parsed<V> {
  values: V & { help?: boolean | undefined };
  positionals: string[];
  /** The flags the user typed, as opposed to those defaulted. */
  given: ReadonlySet<string>;
}

export interface Command<V = Record<string, unknown>, X extends unknown[] = []> {
  readonly name: string;
  readonly summary: string;
  readonly declaration: CommandDeclaration;
  /** The options handed to `parseArgs`: exactly what the parser accepts. */
  readonly parserOptions: NonNullable<ParseArgsConfig["options"]>;
  /** The `--help` text, wrapped to `width`. */
  help(width?: number): string;
  /** Parses `argv`, throwing a ConfigError on a bad flag; with `--help`, nothing else is checked. */
  parse(argv: readonly string[]): Parsed<V>;
  /** Parses and runs; `--help` prints the help and returns 0. Errors are thrown to the caller. */
  run(argv: readonly string[], io: CliIo, ...extra: X): Promise<number>;
}

/** `-f, --file PATH`, or `    --sync-id ID` beside flags that have a short alias. */
function flagHead(name: string, spec: FlagSpec, padShort: boolean): string {
  const alias = spec.short ? `-${spec.short}, ` : padShort ? "    " : "";
  const value = spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : "";
  return `  ${alias}--${name}${value}`;
}

function flagText(spec: FlagSpec): string {
  const notes = [...(spec.notes ?? [])];
  if (spec.choices)
    notes.push(spec.list ? `comma-separated, any of ${spec.choices.join(", ")}` : choiceText(spec.choices));
  if (spec.default !== undefined) notes.push(`default ${spec.default}`);
  // Brackets, since descriptions often end in a parenthesis of their own.
  return [spec.description, notes.length > 0 ? `[${notes.join("; ")}]` : "", spec.env ? `($${spec.env})` : ""]
    .filter(Boolean)
    .join(" ");
}

/** Rows of two columns, the second starting at one column for the whole block. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const column = Math.max(0, ...rows.map(([head]) => head.length)) + 2;
  return rows.map(([head, text]) => `${head.padEnd(column)}${text}`.trimEnd());
}

function flagRows(flags: FlagSpecs): Array<[string, string]> {
  const padShort = Object.values(flags).some((spec) => spec.short !== undefined);
  return Object.entries(flags).map(([name, spec]) => [flagHead(name, spec, padShort), flagText(spec)]);
}

function renderHelp(declaration: CommandDeclaration, flags: FlagSpecs): string {
  const lines: string[] = [];
  if (declaration.title) lines.push(declaration.title, "");
  declaration.usage.forEach((usage, index) =>
    lines.push(`${index === 0 ? "Usage:" : "      "} ${declaration.name}${usage ? ` ${usage}` : ""}`),
  );
  if (declaration.description) lines.push("", declaration.description);
  const first: Array<[string, string]> = [
    ...(declaration.arguments ?? []).map((argument): [string, string] => [`  ${argument.name}`, argument.description]),
    ...flagRows(flags),
  ];
  if (first.length > 0) lines.push("", ...table(first));
  for (const section of declaration.sections ?? []) {
    lines.push("");
    if (section.title) lines.push(section.title);
    if (section.text) lines.push(section.text, "");
    const variables = Object.entries(section.variables ?? {}).map(([name, text]): [string, string] => [
      `  $${name}`,
      text,
    ]);
    lines.push(
      ...table([...flagRows(section.flags), ...variables]),
      ...(section.notes ?? []).map((note) => `  ${note}`),
    );
  }
  if (declaration.footer) lines.push("", declaration.footer);
  return `${lines.join("\n")}\n`;
}

const HELP_FLAG: FlagSpec = { type: "boolean", short: "h", description: "show this help" };

/** Every flag the command takes, each once; a flag declared twice must agree on how it parses. */
function allFlags(declaration: CommandDeclaration): Record<string, FlagSpec> {
  const all: Record<string, FlagSpec> = {};
  const groups = [declaration.flags, ...(declaration.sections ?? []).map((section) => section.flags)];
  for (const flags of groups) {
    for (const [name, spec] of Object.entries(flags)) {
      const where = `${declaration.name} --${name}`;
      if (spec.env !== undefined && (spec.default !== undefined || spec.choices !== undefined)) {
        throw new TypeError(
          `${where}: a flag with a variable is a setting; its default and choices belong to its resolution, say them in notes`,
        );
      }
      if (
        spec.type === "boolean" &&
        (spec.value !== undefined || spec.default !== undefined || spec.choices !== undefined)
      ) {
        throw new TypeError(`${where}: a boolean flag takes no value, default or choices`);
      }
      if (spec.list && !spec.choices) throw new TypeError(`${where}: a list flag needs its choices`);
      const earlier = all[name];
      if (
        earlier &&
        (earlier.type !== spec.type ||
          earlier.short !== spec.short ||
          earlier.multiple !== spec.multiple ||
          earlier.list !== spec.list)
      ) {
        throw new TypeError(`${where} is declared twice, parsing differently`);
      }
      all[name] = earlier ?? spec;
    }
  }
  const shorts = Object.values(all).flatMap((spec) => (spec.short ? [spec.short] : []));
  if (new Set(shorts).size !== shorts.length) throw new TypeError(`${declaration.name}: two flags share a short alias`);
  return all;
}

/** Node's parser message, as one line: what follows the first sentence explains `--`, which only confuses. */
function parserProblem(error: unknown, command: string): ConfigError {
  const message = (error instanceof Error ? error.message : String(error)).split(/\n|\. To specify/)[0]!;
  return new ConfigError(message.replace(/^Unknown option/, "unknown flag"), {
    hint: `run \`${command} --help\` for the flags`,
  });
}

/** The label an error gives a flag: `-o` when it has a short alias, else `--name`. */
function flagLabel(name: string, spec: FlagSpec): string {
  return spec.short ? `-${spec.short}` : `--${name}`;
}

/** The one place choices are checked; a list comes back split. */
function checkChoices(name: string, spec: FlagSpec, value: string): string | string[] {
  const choices = spec.choices!;
  if (!spec.list) {
    if (choices.includes(value)) return value;
    throw new ConfigError(`${flagLabel(name, spec)} must be ${choiceText(choices)}, got "${value}"`);
  }
  const names = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = names.filter((item) => !choices.includes(item));
  if (names.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      `${flagLabel(name, spec)} does not know ${unknown.length > 0 ? `"${unknown.join(", ")}"` : "an empty list"}`,
      {
        hint: `name one or more of ${choices.join(", ")}`,
      },
    );
  }
  return names;
}

/**
 * Declares a command (see the module comment). Checks the declaration at import time: a
 * contradictory one is a programming error (TypeError), not a user's.
 */
export function defineCommand<
  const F extends FlagSpecs,
  const S extends readonly FlagSection[] = [],
  X extends unknown[] = [],
>(
  declaration: CommandDeclaration<F, S> & {
    run(parsed: Parsed<FlagValues<_AllFlags<F, S>>>, io: CliIo, ...extra: X): Promise<number>;
  },
): Command<FlagValues<_AllFlags<F, S>>, X> {
  const declaresHelp = [declaration.flags, ...(declaration.sections ?? []).map((section) => section.flags)].some(
    (flags) => "help" in flags,
  );
  const shown: CommandDeclaration = declaresHelp
    ? declaration
    : { ...declaration, flags: { ...declaration.flags, help: HELP_FLAG } };
  const flags = allFlags(shown);
  const parserOptions: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, spec] of Object.entries(flags)) {
    parserOptions[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  type V = FlagValues<_AllFlags<F, S>>;
  const parse = (argv: readonly string[]): Parsed<V> => {
    let result;
    try {
      result = parseArgs({
        args: [...argv],
        options: parserOptions,
        strict: true,
        allowPositionals: true,
        tokens: true,
      });
    } catch (error) {
      throw parserProblem(error, declaration.name);
    }
    const values: Record<string, unknown> = { ...result.values };
    const given = new Set(result.tokens.flatMap((token) => (token.kind === "option" ? [token.name] : [])));
    if (values["help"]) return { values: values as Parsed<V>["values"], positionals: result.positionals, given };
    for (const [name, spec] of Object.entries(flags)) {
      if (values[name] === undefined && spec.default !== undefined)
        values[name] = spec.multiple ? [spec.default] : spec.default;
      if (spec.choices && values[name] !== undefined) {
        values[name] = spec.multiple
          ? (values[name] as string[]).map((value) => checkChoices(name, spec, value))
          : checkChoices(name, spec, values[name] as string);
      }
    }
    if (!declaration.arguments && result.positionals.length > 0) {
      throw new ConfigError(`unexpected argument "${result.positionals.join(" ")}"`, {
        hint: declaration.strayArgumentHint ?? `run \`${declaration.name} --help\` for the flags`,
      });
    }
    return { values: values as Parsed<V>["values"], positionals: result.positionals, given };
  };
  const help = (width?: number): string => wrapHelp(renderHelp(shown, shown.flags), width);
  return {
    name: declaration.name,
    summary: declaration.summary,
    declaration: shown,
    parserOptions,
    help,
    parse,
    async run(argv, io, ...extra) {
      const parsed = parse(argv);
      if (parsed.values.help) {
        io.stdout.write(help(helpWidth(io.stdout)));
        return EXIT_CODES.ok;
      }
      return declaration.run(parsed, io, ...extra);
    },
  };
}
