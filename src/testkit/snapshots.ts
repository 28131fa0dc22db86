/**
 * @module
 * A connector's public surface as committed snapshots (STYLE.md habit 2): what `baton-<name>
 * config` and `baton-<name> capabilities` print is kept beside the connector as
 * `config_schema.json` and `baton_capabilities.json`, so a changed flag or resource type shows
 * up in review. Regenerate with `UPDATE_SNAPSHOTS=1` after a deliberate change.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, test } from "node:test";
import { runConnectorCommand } from "../cli/connector-command.ts";
import { captureStream } from "../cli/io.ts";
import { EXIT_CODES, type ConnectorDefinition } from "../core/index.ts";

/** `folder`: the connector's folder, e.g. `new URL(".", import.meta.url)` from a test beside it. */
export function describeSurfaceSnapshots(definition: ConnectorDefinition, folder: URL): void {
  describe(`baton-${definition.name} public surface snapshots`, () => {
    for (const [subcommand, file] of [
      ["config", "config_schema.json"],
      ["capabilities", "baton_capabilities.json"],
    ] as const) {
      test(`${file} is what \`baton-${definition.name} ${subcommand}\` prints`, async () => {
        const stdout = captureStream();
        const stderr = captureStream();
        const code = await runConnectorCommand(definition, [subcommand], { stdout, stderr, env: {} });
        assert.equal(code, EXIT_CODES.ok, stderr.text());
        const path = new URL(file, folder);
        if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(path, stdout.text());
        assert.equal(
          stdout.text(),
          readFileSync(path, "utf8"),
          `${file} is out of date: rerun with UPDATE_SNAPSHOTS=1 and review the diff`,
        );
      });
    }
  });
}
