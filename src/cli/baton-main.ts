/**
 * @module
 * Entry point of the `baton-<name>` binaries.
 */
import { findConnector } from "../connectors/index.ts";
import { runConnectorCommand } from "./connector-command.ts";
import { processIo } from "./io.ts";
import { interruptSignal } from "./signals.ts";

export async function main(name: string): Promise<void> {
  const definition = findConnector(name);
  if (!definition) {
    process.stderr.write(`error: idsync has no connector named "${name}"\n`);
    process.exit(1);
  }
  process.exitCode = await runConnectorCommand(definition, process.argv.slice(2), processIo(interruptSignal()));
}
