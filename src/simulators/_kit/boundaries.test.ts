import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

// DESIGN.md: "a simulator never imports a connector"; the kit is self-contained on Node built-ins.
const SIMULATORS = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KIT = join(SIMULATORS, "_kit");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

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
        if (specifier.startsWith("node:")) continue;
        assert.ok(specifier.startsWith("."), `${relative(SIMULATORS, file)} imports package "${specifier}"`);
        const target = resolve(dirname(file), specifier);
        assert.ok(target.startsWith(SIMULATORS + sep), `${relative(SIMULATORS, file)} reaches outside simulators: ${specifier}`);
      }
    }
  });

  it("keeps the kit product-agnostic: it imports nothing outside _kit", () => {
    for (const file of sources().filter((path) => path.startsWith(KIT + sep))) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith("node:")) continue;
        assert.ok(resolve(dirname(file), specifier).startsWith(KIT + sep), `${relative(SIMULATORS, file)} imports ${specifier}`);
      }
    }
  });
});
