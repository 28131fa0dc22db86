/**
 * @module
 * The `idsync` command: the connectors' syncs plus everything that reads c1z files.
 */
import { ConfigError, EXIT_CODES, exitCodeFor, type ConnectorDefinition } from "../core/index.ts";
import { CONNECTORS, findConnector } from "../connectors/index.ts";
import { accessCommand } from "./commands/access.ts";
import { campaignCommand } from "./commands/campaign.ts";
import { diffCommand } from "./commands/diff.ts";
import { entitlementsCommand } from "./commands/entitlements.ts";
import { reviewCommand } from "./commands/review.ts";
import { serveCommand } from "./commands/serve.ts";
import { exportCommand } from "./commands/export.ts";
import { exploreCommand } from "./commands/explore.ts";
import { grantsCommand } from "./commands/grants.ts";
import { resourceTypesCommand } from "./commands/resource-types.ts";
import { resourcesCommand } from "./commands/resources.ts";
import { demoCommand } from "./commands/demo.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { statsCommand } from "./commands/stats.ts";
import { syncsCommand } from "./commands/syncs.ts";
import { runConnectorCommand } from "./connector-command.ts";
import { processIo, type CliIo } from "./io.ts";
import { productNames } from "./products.ts";
import { printError } from "./report.ts";
import { interruptSignal } from "./signals.ts";
import { VERSION } from "./version.ts";
import { printHelp } from "./help.ts";
import { defineCommand, type Command } from "./command.ts";

export interface IdsyncCommand {
  /** The word after `idsync`. */
  name: string;
  /** One line for `idsync --help`. */
  summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
  /** Its declaration: help and parser. */
  command: Command<unknown>;
  /** The declarations of its subcommands (`idsync campaign start`…), each with help and parser. */
  subcommands: readonly Command<unknown>[];
}

const CONNECTOR_NAMES = CONNECTORS.map((c) => c.name).join(", ");

/** `idsync sync` itself: its help. The flags after a connector's name are that connector's. */
const syncHelp = defineCommand({
  name: "idsync sync",
  summary: "sync a connector into a c1z file (idsync sync <name> --help)",
  usage: [`<${CONNECTORS.map((c) => c.name).join("|")}> [flags]`],
  description: "Syncs one connector into a c1z file, as its baton-<name> binary does.",
  arguments: CONNECTORS.map((c) => ({ name: c.name, description: c.description })),
  flags: {},
  footer: "Run `idsync sync <name> --help` for that connector's settings and flags.",
  // Reached only by `--help`: syncCommand below hands everything else to the connector.
  run: async () => EXIT_CODES.ok,
});

const syncCommand: Command<unknown> = {
  ...syncHelp,
  async run(argv, io) {
    const [name, ...rest] = argv;
    if (name === "--help" || name === "-h") return syncHelp.run(argv, io);
    if (!name || name.startsWith("-"))
      throw new ConfigError("name the connector to sync", { hint: `idsync sync <${CONNECTOR_NAMES}> [flags]` });
    const definition = findConnector(name);
    if (!definition)
      throw new ConfigError(`no connector named "${name}"`, { hint: `choose one of ${CONNECTOR_NAMES}` });
    return runConnectorCommand(definition, rest, io, { command: `idsync sync ${definition.name}` });
  },
};

function listed(command: Command<unknown> & { readonly subcommands?: readonly Command<unknown>[] }): IdsyncCommand {
  return {
    name: command.name.replace(/^idsync /, ""),
    summary: command.summary,
    run: (argv, io) => command.run(argv, io),
    command,
    subcommands: command.subcommands ?? [],
  };
}

export const COMMANDS: IdsyncCommand[] = [
  demoCommand,
  syncCommand,
  serveCommand,
  simulateCommand,
  resourceTypesCommand,
  resourcesCommand,
  entitlementsCommand,
  grantsCommand,
  accessCommand,
  syncsCommand,
  statsCommand,
  diffCommand,
  reviewCommand,
  campaignCommand,
  exportCommand,
  exploreCommand,
].map(listed);

/** `idsync --help`: the products it names are the registered connectors (`connectors` for tests). */
export function idsyncUsage(connectors: readonly ConnectorDefinition[] = CONNECTORS): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  return [
    `idsync ${VERSION} — who has access to what, from ${productNames(connectors)}, into Baton c1z files`,
    "",
    "Usage: idsync <command> [flags]",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run `idsync <command> --help` for a command's flags.",
    "",
  ].join("\n");
}

/** Runs idsync with `argv` (without node and script) and returns the exit code; never throws. */
export async function runIdsync(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    printHelp(io.stdout, idsyncUsage());
    return name ? EXIT_CODES.ok : EXIT_CODES.invalidConfig;
  }
  if (name === "--version") {
    // The form the connector binaries print (Cobra's), so one pattern reads both.
    io.stdout.write(`idsync version ${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new ConfigError(`unknown command "${name}"`, { hint: "run `idsync --help` for the commands" });
    return await command.run(rest, io);
  } catch (error) {
    printError(io.stderr, error);
    return exitCodeFor(error);
  }
}

export async function main(): Promise<void> {
  process.exitCode = await runIdsync(process.argv.slice(2), processIo(interruptSignal()));
}
