/**
 * Runs one directory sync through the real command line harness, as a separate process, so
 * tests can kill or interrupt it mid-sync. Usage: node _sync-child.ts <base-url> <api-key> <file>
 */
import { runConnectorCommand } from "../../src/cli/connector-command.ts";
import { processIo } from "../../src/cli/io.ts";
import { interruptSignal } from "../../src/cli/signals.ts";
import { directoryDefinition } from "./_directory-connector.ts";

const [baseUrl, apiKey, file] = process.argv.slice(2) as [string, string, string];
process.exitCode = await runConnectorCommand(
  directoryDefinition,
  ["--base-url", baseUrl, "--api-key", apiKey, "-f", file, "--log-format", "json", "--workers", "1"],
  processIo(interruptSignal()),
  { command: "directory-sync" },
);
