/**
 * @module
 * A small structured logger with Baton's shapes: zap-style JSON lines (`level`, `ts`, `msg`) for
 * machines, `HH:MM:SS LEVEL msg key=value` for people. Every line passes through `redact` as
 * the last step, whatever produced it, so a secret cannot reach the stream by any field path.
 */
import { _consoleLine, _jsonLine } from "./_format.ts";
import { redact } from "./secrets.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "console";
export type LogFields = Readonly<Record<string, unknown>>;

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The levels, least to most severe (for flag parsing and validation). */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export interface Logger {
  /** The least severe level this logger writes. */
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (after this logger's own fields). */
  child(fields: LogFields): Logger;
  /** Whether a line at `level` would be written; lets callers skip building costly fields. */
  enabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  /**
   * The least severe level written.
   * @default "info"
   */
  level?: LogLevel;
  /**
   * `json`: one object per line, as Baton's zap logger writes. `console`: readable lines.
   * @default "json"
   */
  format?: LogFormat;
  /**
   * Where lines go. Stdout is left for command output.
   * @default process.stderr
   */
  stream?: NodeJS.WritableStream;
  /** Fields added to every line, e.g. `{ connector: "clockify" }`. */
  fields?: LogFields;
  /**
   * The clock, in epoch milliseconds. For tests.
   * @default Date.now
   */
  now?: () => number;
}

interface _Sink {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly stream: NodeJS.WritableStream;
  readonly now: () => number;
}

class _Logger implements Logger {
  readonly #sink: _Sink;
  readonly #fields: LogFields;

  constructor(sink: _Sink, fields: LogFields) {
    this.#sink = sink;
    this.#fields = fields;
  }

  get level(): LogLevel {
    return this.#sink.level;
  }

  enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[this.#sink.level];
  }

  debug(msg: string, fields?: LogFields): void {
    this.#write("debug", msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.#write("info", msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.#write("warn", msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.#write("error", msg, fields);
  }

  child(fields: LogFields): Logger {
    return new _Logger(this.#sink, { ...this.#fields, ...fields });
  }

  #write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (!this.enabled(level)) return;
    const all = fields === undefined ? this.#fields : { ...this.#fields, ...fields };
    const render = this.#sink.format === "json" ? _jsonLine : _consoleLine;
    let line: string;
    try {
      line = render(level, this.#sink.now(), String(msg), all);
    } catch (error) {
      // A field that cannot be rendered (a throwing getter or toJSON) must not take the sync down.
      line = render(level, this.#sink.now(), String(msg), {
        logError: `fields could not be rendered: ${String(error)}`,
      });
    }
    // The final pass: whatever the renderer produced, no registered secret leaves this function.
    this.#sink.stream.write(`${redact(line)}\n`);
  }
}

/** Creates a logger writing to `stream` (stderr by default). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const format = options.format ?? "json";
  if (!(level in LEVEL_RANK))
    throw new TypeError(`unknown log level "${String(level)}"; expected one of ${LOG_LEVELS.join(", ")}`);
  if (format !== "json" && format !== "console")
    throw new TypeError(`unknown log format "${String(format)}"; expected json or console`);
  const sink: _Sink = { level, format, stream: options.stream ?? process.stderr, now: options.now ?? Date.now };
  return new _Logger(sink, options.fields ?? {});
}

/** A logger that drops everything: the default wherever a logger is optional. */
export const silentLogger: Logger = Object.freeze({
  level: "error" as const,
  debug(): void {},
  info(): void {},
  warn(): void {},
  error(): void {},
  child(): Logger {
    return silentLogger;
  },
  enabled(): boolean {
    return false;
  },
});
