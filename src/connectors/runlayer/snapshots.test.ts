/**
 * The connector's public surface as committed snapshots (STYLE.md habit 2): `baton-runlayer config`
 * and `baton-runlayer capabilities`. A changed flag or resource type fails here until the files are
 * regenerated with `UPDATE_SNAPSHOTS=1` and the change is reviewed.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runConnectorCommand } from "../../cli/connector-command.ts";
import { captureStream } from "../../cli/io.ts";
import { EXIT_CODES } from "../../core/index.ts";
import { runlayer } from "./index.ts";

async function output(subcommand: string): Promise<string> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(runlayer, [subcommand], { stdout, stderr, env: {} });
  assert.equal(code, EXIT_CODES.ok, stderr.text());
  return stdout.text();
}

describe("baton-runlayer snapshots", () => {
  for (const [subcommand, name] of [
    ["config", "config_schema.json"],
    ["capabilities", "baton_capabilities.json"],
  ] as const) {
    test(`${name} is what \`baton-runlayer ${subcommand}\` prints`, async () => {
      const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
      const actual = await output(subcommand);
      if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(path, actual);
      assert.equal(actual, readFileSync(path, "utf8"), `${name} is stale: run with UPDATE_SNAPSHOTS=1 and review the diff`);
    });
  }
});
