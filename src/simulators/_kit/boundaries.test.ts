import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

// DESIGN.md: "a simulator never imports a connector"; the kit is self-contained on Node built-ins.
const SIMULATORS = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KIT = join(SIMULATORS, "_kit");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/**
 * The one exception: the fake ConductorOne (c1/) speaks protobuf, so it uses the protobuf runtime and
 * the messages generated from proto/ (data definitions, no product or connector code), and its tests
 * drive it with the gRPC client library the connectors use. A hand copy of the messages would be a
 * second definition to drift from the protos.
 */
const C1 = join(SIMULATORS, "c1");
const GENERATED = resolve(SIMULATORS, "..", "core", "model", "gen");
const C1_PACKAGES = [/^@bufbuild\/protobuf(\/|$)/];
const C1_TEST_PACKAGES = [/^@connectrpc\/connect(-node)?$/];

function c1Allows(file: string, specifier: string): boolean {
  if (!file.startsWith(C1 + sep)) return false;
  if (specifier.startsWith(".")) return resolve(dirname(file), specifier).startsWith(GENERATED + sep);
  const isTest = file.endsWith(".test.ts") || file.endsWith(`${sep}_test-support.ts`);
  return [...C1_PACKAGES, ...(isTest ? C1_TEST_PACKAGES : [])].some((allowed) => allowed.test(specifier));
}

function sources(): string[] {
  return readdirSync(SIMULATORS, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(SIMULATORS, file));
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((match) => (match[1] ?? match[2]) as string);
}

describe("simulator boundaries", () => {
  it("imports only Node built-ins and files inside src/simulators", () => {
    for (const file of sources()) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith("node:") || c1Allows(file, specifier)) continue;
        assert.ok(specifier.startsWith("."), `${relative(SIMULATORS, file)} imports package "${specifier}"`);
        const target = resolve(dirname(file), specifier);
        assert.ok(
          target.startsWith(SIMULATORS + sep),
          `${relative(SIMULATORS, file)} reaches outside simulators: ${specifier}`,
        );
      }
    }
  });

  it("lets only c1/ use protobuf and the generated messages, and only its tests the gRPC client", () => {
    const c1File = join(C1, "service.ts");
    assert.equal(c1Allows(c1File, "@bufbuild/protobuf/wkt"), true);
    assert.equal(c1Allows(c1File, "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js"), true);
    assert.equal(c1Allows(c1File, "@connectrpc/connect"), false);
    assert.equal(c1Allows(c1File, "../../core/service/index.ts"), false);
    assert.equal(c1Allows(join(C1, "upload.test.ts"), "@connectrpc/connect"), true);
    assert.equal(c1Allows(join(SIMULATORS, "clockify", "api.ts"), "@bufbuild/protobuf"), false);
  });

  it("keeps the kit product-agnostic: it imports nothing outside _kit", () => {
    for (const file of sources().filter((path) => path.startsWith(KIT + sep))) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith("node:")) continue;
        assert.ok(
          resolve(dirname(file), specifier).startsWith(KIT + sep),
          `${relative(SIMULATORS, file)} imports ${specifier}`,
        );
      }
    }
  });
});
