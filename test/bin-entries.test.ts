/**
 * Every registered connector has its `baton-<name>` command (a `bin` entry in package.json and a
 * one-line bin/baton-<name>.js), and no command is left of one that is not registered.
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { CONNECTORS } from "../src/connectors/index.ts";
import { binProblems } from "./_bin-entries.ts";

const ROOT = resolve(import.meta.dirname, "..");

test("each registered connector has its command, and only they have one", () => {
  assert.deepStrictEqual(binProblems(CONNECTORS, ROOT), []);
});

test("a connector missing from the registry or from package.json is named", () => {
  const registered = CONNECTORS.filter((connector) => connector.name !== "env0");
  assert.deepStrictEqual(binProblems([...registered, { name: "acme" }], ROOT), [
    'package.json "bin" has no "baton-acme": "bin/baton-acme.js"',
    "bin/baton-acme.js is missing",
    'package.json "bin" has "baton-env0", which is no registered connector',
    "bin/baton-env0.js is no registered connector's command",
  ]);
});
