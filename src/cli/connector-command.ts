/**
 * @module
 * Turns a connector definition into a Baton-style command: `baton-<name> [flags]` syncs into
 * `--file`; `capabilities` and `config` print the connector's public surface; `--help`
 * explains every flag and its environment variable. `idsync sync <name>` runs the same code.
 */
import {
  capabilitiesJson,
  checkFileToWrite,
  checkFolderToWrite,
  ConfigError,
  EXIT_CODES,
  exitCodeFor,
  resolveSettings,
  resolveSettingsWithSources,
  settingsSchema,
  syncToFile,
  type ConnectorDefinition,
  type ConnectorDeps,
} from "../core/index.ts";
import { notSupportedHelp, refuseUnsupportedBatonFlags } from "./baton-flags-not-supported.ts";
import { defineCommand } from "./command.ts";
import {
  decodeLimit,
  globalFlags,
  HARNESS_FLAGS,
  resourceTypesToSync,
  serviceFlags,
  withHttpTimeout,
} from "./global-flags.ts";
import { runServiceCommand, type ServiceHooks } from "./service-command.ts";
import type { CliIo } from "./io.ts";
import { createProgressDisplay } from "./progress.ts";
import { failureJson, printError, summaryJson, summaryLine } from "./report.ts";
import { createRunLogger, logFormatFor, logRunStart } from "./run-log.ts";
import { VERSION } from "./version.ts";
import { settingConstraints, settingFlags } from "./setting-flags.ts";

/**
 * The connector's command, declared from its settings, Baton's general flags and service mode's:
 * its `--help` and its parser both come from those three declarations.
 */
export function connectorCommand(definition: ConnectorDefinition, command = `baton-${definition.name}`) {
  return defineCommand({
    name: command,
    summary: definition.description,
    title: `${command} — ${definition.description}`,
    usage: ["[flags]", "capabilities", "config"],
    description: "Without an argument, syncs into --file (default sync.c1z).",
    arguments: [
      { name: "capabilities", description: "print what the connector can do (Baton's JSON)" },
      { name: "config", description: "print the settings schema (no values)" },
    ],
    flags: {},
    sections: [
      {
        title: `${definition.displayName} settings (flag, or the environment variable shown; BATON_<SETTING> also works):`,
        flags: settingFlags(definition.settings, definition.name),
        notes: settingConstraints(definition.settings, definition.name),
      },
      {
        title: "General flags:",
        flags: { ...settingFlags(globalFlags, definition.name, { file: "f" }), ...HARNESS_FLAGS },
      },
      {
        title: "ConductorOne service mode (a client id runs the connector for ConductorOne instead of writing --file):",
        flags: settingFlags(serviceFlags, definition.name),
        variables: {
          BATON_C1_API_HOST: "host[:port] to reach ConductorOne at, instead of the client id's host",
          BATON_HOST_ID: "this connector's name in ConductorOne (default: the host name)",
          NODE_EXTRA_CA_CERTS: "a PEM file of CA certificates to trust besides the system's",
        },
      },
    ],
    // Two spaces after the colon: wrapped lines continue under the first code.
    footer: [
      ...notSupportedHelp(),
      "",
      "Exit codes:  0 ok, 2 bad settings, 3 authentication failed, 4 permission denied, 5 API failure, 6 unreadable c1z file, 7 sync stopped by a guard, 9 disk full (the message names the folder), 130 interrupted (the next run starts over).",
    ].join("\n"),
    async run({ values, positionals }, io, deps: ConnectorCommandOptions["deps"] & object) {
      if (values["version"]) {
        // Cobra's version line, which Baton's connectors print (spf13/cobra command.go, the default VersionTemplate).
        io.stdout.write(`${command} version ${VERSION}\n`);
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
      if (service.clientId !== undefined)
        return await runServiceCommand(definition, { flags, service, io, hooks: deps });
      if (service.clientSecret !== undefined) {
        throw new ConfigError("--client-secret (BATON_CLIENT_SECRET) is set but --client-id (BATON_CLIENT_ID) is not", {
          setting: "client-id",
          hint: "service mode needs both; for a one-shot sync into --file, unset BATON_CLIENT_SECRET",
        });
      }
      return await sync(definition, flags, io, deps);
    },
  });
}

export interface ConnectorCommandOptions {
  /**
   * The command as the user typed it, for `--help`, `--version` and error hints.
   * @default `baton-<name>`
   * @example "idsync sync clockify"
   */
  command?: string;
  /** What tests inject into the connector and service mode: HTTP tuning, fake clocks, CAs. */
  deps?: Partial<Omit<ConnectorDeps, "logger">> & ServiceHooks;
}

/** Runs one connector command and returns its exit code; never throws. */
export async function runConnectorCommand(
  definition: ConnectorDefinition,
  argv: readonly string[],
  io: CliIo,
  options: ConnectorCommandOptions = {},
): Promise<number> {
  const command = connectorCommand(definition, options.command);
  try {
    refuseUnsupportedBatonFlags(
      argv.filter((argument) => !(argument.replace(/^--|=.*$/g, "") in command.parserOptions)),
      command.name,
    );
    return await command.run(argv, io, options.deps ?? {});
  } catch (error) {
    // A sync that failed before it started (bad settings, a path) still ends its stdout with the
    // JSON summary under json logs, as one that failed later does, so cron wrappers parse one shape.
    if (
      !summarized.has(error as object) &&
      !looksLikeServiceMode(argv, io) &&
      logFormatFor(rawLogFormat(argv, io), io) === "json"
    ) {
      io.stdout.write(`${failureJson(definition.name, rawFile(argv, io), 0, error)}\n`);
    }
    printError(io.stderr, error);
    return exitCodeFor(error);
  }
}

/** Errors whose JSON summary `sync` has written already. */
const summarized = new WeakSet<object>();

/** The value of `--name V` / `--name=V` (or `-short V`) as typed, for when the flags could not be parsed. */
function rawFlag(argv: readonly string[], name: string, short?: string): string | undefined {
  for (const [index, argument] of argv.entries()) {
    if (argument === `--${name}` || (short !== undefined && argument === `-${short}`)) return argv[index + 1];
    if (argument.startsWith(`--${name}=`)) return argument.slice(name.length + 3);
  }
  return undefined;
}

function rawLogFormat(argv: readonly string[], io: CliIo): string | undefined {
  const chosen = rawFlag(argv, "log-format") ?? io.env["BATON_LOG_FORMAT"];
  return chosen === "json" || chosen === "console" ? chosen : undefined;
}

function rawFile(argv: readonly string[], io: CliIo): string {
  return rawFlag(argv, "file", "f") ?? io.env["BATON_FILE"] ?? "sync.c1z";
}

function looksLikeServiceMode(argv: readonly string[], io: CliIo): boolean {
  return rawFlag(argv, "client-id") !== undefined || (io.env["BATON_CLIENT_ID"] ?? "") !== "";
}

async function sync(
  definition: ConnectorDefinition,
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
  deps: Partial<Omit<ConnectorDeps, "logger">>,
): Promise<number> {
  // Settings first, so a secret is registered for redaction before anything can log it.
  const { values: settings, sources } = resolveSettingsWithSources(definition.settings, {
    connector: definition.name,
    flags,
    env: io.env,
  });
  const general = resolveSettings(globalFlags, { connector: definition.name, flags, env: io.env });
  const json = logFormatFor(general.logFormat, io) === "json";
  // The log writes through the progress display, which clears its live line before each log line.
  const progress = createProgressDisplay(definition.name, io.stderr);
  const logger = createRunLogger(definition.name, general, io, progress.logStream);
  logRunStart(logger, { mode: "sync", file: general.file, sources });
  const startedAt = Date.now();
  const resourceTypeIds = resourceTypesToSync(definition, general.syncResourceTypes);
  try {
    // Before the first request: a path that cannot work fails now, in one line, not after the sync.
    checkFileToWrite(general.file, { setting: "file", readsExisting: true });
    if (general.c1zTempDir) checkFolderToWrite(general.c1zTempDir, { setting: "c1z-temp-dir" });
    const connector = definition.create(settings, { ...withHttpTimeout(deps, general), logger });
    if (general.skipFullSync) {
      // Baton would record an empty full sync here; in a file that keeps the previous sync for
      // diff and review, an empty full sync reads as "everyone left". So check and write nothing.
      await connector.validate({ logger, signal: io.signal ?? new AbortController().signal });
      progress.stop();
      io.stdout.write(
        `${definition.name}: --skip-full-sync: the credentials work; nothing synced, ${general.file} left as it was\n`,
      );
      return EXIT_CODES.ok;
    }
    const summary = await syncToFile({
      connector,
      file: general.file,
      logger,
      onProgress: (event) => progress.update(event),
      ...(general.c1zTempDir ? { tempDir: general.c1zTempDir } : {}),
      ...decodeLimit(general.maxDecodedSize),
      ...(general.workers ? { concurrency: general.workers } : {}),
      ...(general.allowShrink ? { allowShrink: true } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      ...(resourceTypeIds ? { scope: { resourceTypeIds }, partial: true } : {}),
    });
    progress.stop();
    io.stdout.write(`${json ? summaryJson(summary) : summaryLine(summary)}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    progress.stop();
    // A machine reading stdout learns the outcome there too; the error line still goes to stderr.
    if (json) {
      io.stdout.write(`${failureJson(definition.name, general.file, Date.now() - startedAt, error)}\n`);
      if (typeof error === "object" && error !== null) summarized.add(error);
    }
    throw error;
  }
}
