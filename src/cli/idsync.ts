/**
 * @module
 * The `idsync` command: the connectors' syncs plus everything that reads c1z files.
 */
import { ConfigError, EXIT_CODES, exitCodeFor } from "../core/index.ts";
import { CONNECTORS, findConnector } from "../connectors/index.ts";
import { accessCommand } from "./commands/access.ts";
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
import { printError } from "./report.ts";
import { interruptSignal } from "./signals.ts";
import { VERSION } from "./version.ts";
import { printHelp } from "./help.ts";

export interface IdsyncCommand {
  name: string;
  /** One line for `idsync --help`. */
  summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

function syncUsage(): string {
  const width = Math.max(...CONNECTORS.map((c) => c.name.length)) + 3;
  return [
    `Usage: idsync sync <${CONNECTORS.map((c) => c.name).join("|")}> [flags]`,
    "",
    "Syncs one connector into a c1z file, as its baton-<name> binary does.",
    "",
    ...CONNECTORS.map((c) => `  ${c.name.padEnd(width)}${c.description}`),
    "",
    "Run `idsync sync <name> --help` for that connector's settings and flags.",
    "",
  ].join("\n");
}

async function syncCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const names = CONNECTORS.map((c) => c.name).join(", ");
  if (name === "--help" || name === "-h") {
    printHelp(io.stdout, syncUsage());
    return EXIT_CODES.ok;
  }
  if (!name || name.startsWith("-")) throw new ConfigError("name the connector to sync", { hint: `idsync sync <${names}> [flags]` });
  const definition = findConnector(name);
  if (!definition) throw new ConfigError(`no connector named "${name}"`, { hint: `choose one of ${names}` });
  return runConnectorCommand(definition, rest, io, { command: `idsync sync ${definition.name}` });
}

export const COMMANDS: IdsyncCommand[] = [
  { name: "demo", summary: "sync four simulated tenants twice and summarise them (no account needed)", run: demoCommand },
  { name: "sync", summary: "sync a connector into a c1z file (idsync sync <name> --help)", run: syncCommand },
  { name: "serve", summary: "sync connectors on a schedule; serve /healthz, /readyz, /status, /metrics", run: serveCommand },
  { name: "simulate", summary: "serve the simulated APIs on 127.0.0.1", run: simulateCommand },
  { name: "resource-types", summary: "list a c1z's resource types (user, group, role…)", run: resourceTypesCommand },
  { name: "resources", summary: "list resources; users with email, status, account type, last login", run: resourcesCommand },
  { name: "entitlements", summary: "list what can be granted, on which resources", run: entitlementsCommand },
  { name: "grants", summary: "list who holds which entitlement, and how", run: grantsCommand },
  { name: "access", summary: "everything one principal holds, directly and through groups", run: accessCommand },
  { name: "syncs", summary: "list the syncs in a c1z file", run: syncsCommand },
  { name: "stats", summary: "count a sync's resources, entitlements, grants and users", run: statsCommand },
  { name: "diff", summary: "what changed between two syncs (one file's last two, or two files)", run: diffCommand },
  { name: "review", summary: "access-review findings: admins, pending invites, dormant accounts, admin changes", run: reviewCommand },
  { name: "export", summary: "one row per grant as CSV or JSON, across c1z files", run: exportCommand },
  { name: "explore", summary: "a read-only web page on 127.0.0.1 to click through who has what", run: exploreCommand },
];

export function idsyncUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  return [
    `idsync ${VERSION} — who has access to what, from Codefresh, env0, Clockify and Runlayer, into Baton c1z files`,
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
    io.stdout.write(`idsync ${VERSION}\n`);
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
