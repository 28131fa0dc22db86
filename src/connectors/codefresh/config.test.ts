/**
 * The connector's public surface: settings resolution, and the committed `config_schema.json` and
 * `baton_capabilities.json` snapshots (STYLE.md habit 2). A snapshot that drifts fails here; rerun
 * with `UPDATE_SNAPSHOTS=1` after a deliberate change, and review the diff.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";

import { captureStream } from "../../cli/io.ts";
import { runConnectorCommand } from "../../cli/connector-command.ts";
import { EXIT_CODES, isIdsyncError, resolveSettings } from "../../core/index.ts";
import { findConnector } from "../index.ts";
import { DEFAULT_BASE_URL } from "./config.ts";
import { codefresh } from "./index.ts";

const KEY = "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef";
const resolve = (flags: Record<string, string>, env: Record<string, string> = {}) => resolveSettings(codefresh.settings, { connector: "codefresh", flags, env });

describe("Codefresh settings", () => {
  it("needs only the key; the base URL defaults to the SaaS and takes an on-prem root", () => {
    assert.deepEqual(resolve({ "api-key": KEY }), { apiKey: KEY, baseUrl: DEFAULT_BASE_URL });
    assert.equal(resolve({}, { BATON_CODEFRESH_API_KEY: KEY, BATON_CODEFRESH_BASE_URL: "https://cf.example.com/api/" }).baseUrl, "https://cf.example.com/api/");
    assert.equal(resolve({}, { BATON_API_KEY: KEY }).apiKey, KEY, "Baton's unprefixed name works too");
    assert.equal(resolve({}, { BATON_API_KEY: "other-key", BATON_CODEFRESH_API_KEY: KEY }).apiKey, KEY, "the prefixed name wins");
  });

  it("refuses a missing key, a Bearer-prefixed key (without echoing it) and a base URL that is no URL", () => {
    const refused = (flags: Record<string, string>, pattern: RegExp) =>
      assert.throws(() => resolve(flags), (error: unknown) => isIdsyncError(error) && error.kind === "invalid-config" && pattern.test(error.message) && !error.message.includes(KEY));
    refused({}, /api-key/);
    refused({ "api-key": `Bearer ${KEY}` }, /without a "Bearer " prefix/);
    refused({ "api-key": KEY, "base-url": "g.codefresh.io/api" }, /base-url/);
  });

  it("is registered as the codefresh connector", () => {
    assert.equal(findConnector("codefresh"), codefresh);
    assert.deepEqual(codefresh.resourceTypes.map((type) => type.id), ["user", "role", "team"]);
  });
});

describe("Codefresh snapshots", () => {
  for (const [subcommand, file] of [["config", "config_schema.json"], ["capabilities", "baton_capabilities.json"]] as const) {
    it(`\`baton-codefresh ${subcommand}\` matches ${file}`, async () => {
      const stdout = captureStream();
      const code = await runConnectorCommand(codefresh, [subcommand], { stdout, stderr: captureStream(), env: {} });
      assert.equal(code, EXIT_CODES.ok);
      const path = new URL(file, import.meta.url);
      if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(path, stdout.text());
      assert.equal(stdout.text(), readFileSync(path, "utf8"), `${file} is out of date: rerun with UPDATE_SNAPSHOTS=1 and review the diff`);
    });
  }
});
