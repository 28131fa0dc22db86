/**
 * @module
 * npm installs one command per `bin` entry of package.json, so each connector's `baton-<name>`
 * needs its entry and its file by hand. This says what is missing or stray, against the
 * connector registry, so a test can hold the registry to be the one truth.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConnectorDefinition } from "../src/core/index.ts";

/** The whole of `bin/baton-<name>.js`: the shared launcher, named. */
export function binFileText(name: string): string {
  return `#!/usr/bin/env node\nimport { launch } from "./_launch.js";\n\nawait launch("baton-main.ts", "${name}");\n`;
}

/** One line per problem; none when every registered connector has its command and nothing else is there. */
export function binProblems(connectors: readonly Pick<ConnectorDefinition, "name">[], root: string): string[] {
  const bin =
    (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin?: Record<string, string> }).bin ?? {};
  const commands = new Set(["idsync", ...connectors.map((connector) => `baton-${connector.name}`)]);
  const problems: string[] = [];
  for (const { name } of connectors) {
    const command = `baton-${name}`;
    const file = `bin/${command}.js`;
    if (bin[command] !== file) problems.push(`package.json "bin" has no "${command}": "${file}"`);
    if (!existsSync(join(root, file))) problems.push(`${file} is missing`);
    else if (readFileSync(join(root, file), "utf8") !== binFileText(name))
      problems.push(`${file} is not the one-line launcher of ${name}`);
  }
  for (const command of Object.keys(bin))
    if (!commands.has(command)) problems.push(`package.json "bin" has "${command}", which is no registered connector`);
  for (const file of readdirSync(join(root, "bin"))) {
    if (file.startsWith("_") || !file.endsWith(".js")) continue;
    if (!commands.has(file.replace(/\.js$/, ""))) problems.push(`bin/${file} is no registered connector's command`);
  }
  return problems;
}
