/**
 * @module
 * How every connector command opens its log: one logger built the same way for a one-shot sync
 * and for service mode, and the same first line for all four connectors, so a log shipper (or
 * a person reading a cron mail) finds which connector, version, mode and file a run is about
 * without knowing the product.
 */
import { resolve } from "node:path";
import { createLogger, type LogFormat, type Logger, type LogLevel, type SettingSource } from "../core/index.ts";
import type { CliIo } from "./io.ts";
import { VERSION } from "./version.ts";

/** `console` on a terminal, `json` otherwise (cron, CI, a container), as Baton does. */
export function logFormatFor(chosen: string | undefined, io: CliIo): LogFormat {
  return (chosen as LogFormat | undefined) ?? (io.stderr.isTTY ? "console" : "json");
}

/** `stream` defaults to stderr; a sync passes the progress display's, which clears its live line before each log line. */
export function createRunLogger(
  connector: string,
  general: { logLevel: string; logFormat?: string | undefined },
  io: CliIo,
  stream: NodeJS.WritableStream = io.stderr,
): Logger {
  return createLogger({
    level: general.logLevel as LogLevel,
    format: logFormatFor(general.logFormat, io),
    stream,
    fields: { connector },
  });
}

export interface RunStart {
  /** `sync`: one sync into a file. `service`: runs ConductorOne's tasks until stopped. */
  mode: "sync" | "service";
  /** The c1z a one-shot sync writes, as given; logged as an absolute path. */
  file?: string;
  /** Where each of the connector's settings came from. */
  sources: readonly SettingSource[];
}

/**
 * The first line of every run. Settings are named by where they came from (`flag`, `env` with
 * the variable's name, `default`), never with their values: a key id is no secret, but given in the wrong setting
 * it may be one.
 */
export function logRunStart(logger: Logger, start: RunStart): void {
  // Grouped by origin, so that a secret setting's name is a value, not a key the logger masks.
  const settings: Record<string, string[]> = {};
  for (const source of start.sources) {
    if (source.origin === "unset") continue;
    (settings[source.origin] ??= []).push(
      source.origin === "env" && source.envVar !== undefined ? source.envVar : source.name,
    );
  }
  logger.info("connector starting", {
    version: VERSION,
    mode: start.mode,
    ...(start.file !== undefined ? { file: resolve(start.file) } : {}),
    settings,
    node: process.version,
  });
}
