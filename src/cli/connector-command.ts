/**
 * @module
 * Turns a connector definition into a Baton-style command: `baton-<name> [flags]` syncs into
 * `--file`; `capabilities` and `config` print the connector's public surface; `--help`
 * explains every flag and its environment variable. `idsync sync <name>` runs the same code.
 */
import {
  capabilitiesJson,
  ConfigError,
  createLogger,
  EXIT_CODES,
  exitCodeFor,
  helpFor,
  resolveSettings,
  settingsSchema,
  syncToFile,
  type ConnectorDefinition,
  type ConnectorDeps,
  type LogFormat,
  type LogLevel,
  type SettingsDeclaration,
} from "../core/index.ts";
import { parseFlags, type OptionSpec } from "./flags.ts";
import { globalFlags, HARNESS_FLAGS, serviceFlags, withHttpTimeout } from "./global-flags.ts";
import { runServiceCommand, type ServiceHooks } from "./service-command.ts";
import type { CliIo } from "./io.ts";
import { createProgressDisplay } from "./progress.ts";
import { printError, summaryLine } from "./report.ts";
import { VERSION } from "./version.ts";

function optionsFor(...declarations: SettingsDeclaration[]): OptionSpec {
  const options: OptionSpec = { ...HARNESS_FLAGS };
  for (const declaration of declarations) {
    for (const field of declaration.fields) {
      options[field.name] = { type: field.kind === "boolean" ? "boolean" : "string" };
    }
  }
  options["file"] = { type: "string", short: "f" };
  return options;
}

export function usage(definition: ConnectorDefinition, command: string): string {
  return [
    `${command} — ${definition.description}`,
    "",
    `Usage: ${command} [flags]            sync into --file (default sync.c1z)`,
    `       ${command} capabilities       print what the connector can do (Baton's JSON)`,
    `       ${command} config             print the settings schema (no values)`,
    "",
    `${definition.displayName} settings (flag, or the environment variable shown; BATON_<SETTING> also works):`,
    ...helpFor(definition.settings, definition.name),
    "",
    "General flags:",
    ...helpFor(globalFlags, definition.name),
    "  -h, --help   show this help",
    "  --version    print the version",
    "",
    "ConductorOne service mode (a client id runs the connector for ConductorOne instead of writing --file):",
    ...helpFor(serviceFlags, definition.name),
    "  $BATON_C1_API_HOST       host[:port] to reach ConductorOne at, instead of the client id's host",
    "  $BATON_HOST_ID           this connector's name in ConductorOne (default: the host name)",
    "  $NODE_EXTRA_CA_CERTS     a PEM file of CA certificates to trust besides the system's",
    "",
    "Exit codes: 0 ok, 2 bad settings, 3 authentication failed, 4 permission denied, 5 API failure,",
    "            6 unreadable c1z file, 7 sync stopped by a guard, 130 interrupted (the next run starts over).",
    "",
  ].join("\n");
}

function defaultLogFormat(io: CliIo): LogFormat {
  return io.stderr.isTTY ? "console" : "json";
}

/** Runs one connector command and returns its exit code; never throws. */
export async function runConnectorCommand(
  definition: ConnectorDefinition,
  argv: readonly string[],
  io: CliIo,
  command = `baton-${definition.name}`,
  deps: Partial<Omit<ConnectorDeps, "logger">> & ServiceHooks = {},
): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, optionsFor(definition.settings, globalFlags, serviceFlags), command);
    if (values["help"]) {
      io.stdout.write(usage(definition, command));
      return EXIT_CODES.ok;
    }
    if (values["version"]) {
      io.stdout.write(`${command} (idsync ${VERSION})\n`);
      return EXIT_CODES.ok;
    }
    const [subcommand, ...extra] = positionals;
    if (extra.length > 0 || (subcommand && !["capabilities", "config"].includes(subcommand))) {
      throw new ConfigError(`unexpected argument "${positionals.join(" ")}"`, {
        hint: `run \`${command} --help\`; settings are flags like --api-key, not arguments`,
      });
    }
    if (subcommand === "capabilities") {
      io.stdout.write(`${JSON.stringify(capabilitiesJson(definition.resourceTypes), null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    if (subcommand === "config") {
      io.stdout.write(`${JSON.stringify(settingsSchema(definition.settings, definition.name), null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    const flags = values as Record<string, string | boolean | undefined>;
    // Before anything else, so the client secret is registered for redaction first.
    const service = resolveSettings(serviceFlags, { connector: definition.name, flags, env: io.env });
    if (service.clientId !== undefined) return await runServiceCommand(definition, { flags, service, io, hooks: deps });
    if (service.clientSecret !== undefined) {
      throw new ConfigError("--client-secret (BATON_CLIENT_SECRET) is set but --client-id (BATON_CLIENT_ID) is not", {
        setting: "client-id",
        hint: "service mode needs both; for a one-shot sync into --file, unset BATON_CLIENT_SECRET",
      });
    }
    return await sync(definition, flags, io, deps);
  } catch (error) {
    printError(io.stderr, error);
    return exitCodeFor(error);
  }
}

async function sync(
  definition: ConnectorDefinition,
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
  deps: Partial<Omit<ConnectorDeps, "logger">>,
): Promise<number> {
  // Settings first, so a secret is registered for redaction before anything can log it.
  const settings = resolveSettings(definition.settings, { connector: definition.name, flags, env: io.env });
  const general = resolveSettings(globalFlags, { connector: definition.name, flags, env: io.env });
  // The log writes through the progress display, which clears its live line before each log line.
  const progress = createProgressDisplay(definition.name, io.stderr);
  const logger = createLogger({
    level: general.logLevel as LogLevel,
    format: (general.logFormat as LogFormat | undefined) ?? defaultLogFormat(io),
    stream: progress.logStream,
    fields: { connector: definition.name },
  });
  try {
    const connector = definition.create(settings, { ...withHttpTimeout(deps, general), logger });
    const summary = await syncToFile({
      connector,
      file: general.file,
      logger,
      onProgress: (event) => progress.update(event),
      ...(general.c1zTempDir ? { tempDir: general.c1zTempDir } : {}),
      ...(general.workers ? { concurrency: general.workers } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    progress.stop();
    io.stdout.write(`${summaryLine(summary)}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    progress.stop();
    throw error;
  }
}
