import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { envVarName } from "./index.ts";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const HOME = join(ROOT, "src", "core", "config", "env-names.ts");
/** A template literal starting a BATON_ name, spelled in two halves so this file does not match. */
const HAND_BUILT = "`BATON_" + "${";

/** Every TypeScript file of the project outside node_modules. */
function projectSources(): string[] {
  return ["src", "test", "bench", "scripts"].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => join(ROOT, folder, file)),
  );
}

describe("envVarName", () => {
  it("prefixes the connector and upper-snakes the flag name", () => {
    assert.equal(envVarName("api-key", "clockify"), "BATON_CLOCKIFY_API_KEY");
    assert.equal(envVarName("api-key-secret", "env0"), "BATON_ENV0_API_KEY_SECRET");
    assert.equal(envVarName("workspace-id", "my-app"), "BATON_MY_APP_WORKSPACE_ID");
  });

  it("gives Baton's unprefixed name without a connector", () => {
    assert.equal(envVarName("api-key"), "BATON_API_KEY");
    assert.equal(envVarName("max-decoded-size"), "BATON_MAX_DECODED_SIZE");
  });

  it("keeps a placeholder as it is", () => {
    assert.equal(envVarName("<NAME>", "clockify"), "BATON_CLOCKIFY_<NAME>");
    assert.equal(envVarName("<NAME>"), "BATON_<NAME>");
  });

  it("is the only place that builds a BATON_ name from parts", () => {
    const copies = projectSources()
      .filter((file) => file !== HOME && readFileSync(file, "utf8").includes(HAND_BUILT))
      .map((file) => relative(ROOT, file));
    assert.deepEqual(copies, [], "build the variable's name with envVarName instead");
  });
});
