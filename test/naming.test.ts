/**
 * The naming rule of docs/naming.md, checked over the tree's imports: a module only tests use is
 * `_test-<what>.ts` and nothing shipped imports one; any other `_` module is used, outside tests,
 * benchmarks and scripts, only by its own folder. The rule is checked on a small made-up tree
 * first, so a check that finds nothing is known to be able to find something.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, posix, resolve } from "node:path";
import { test } from "node:test";

const ROOT = resolve(import.meta.dirname, "..");
const CODE_FOLDERS = ["src", "bin", "bench", "scripts", "test"];
const SKIPPED = new Set(["node_modules", "gen", "fixtures", "results"]);
const CODE_NAME = /\.(ts|js)$/;
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

/** Repository-relative paths (with `/`) of the code files under `folder`. */
function codeFilesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(ROOT, folder), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : codeFilesUnder(path);
    return CODE_NAME.test(entry.name) ? [path] : [];
  });
}

const isTest = (file: string): boolean => file.startsWith("test/") || /\.(test|chaos)\.ts$/.test(file);
const isTestHelper = (file: string): boolean => basename(file).startsWith("_test-");
/** Tests, test helpers and the conformance kit: code that runs only under `npm test`. */
const isTestCode = (file: string): boolean => isTest(file) || isTestHelper(file) || file.startsWith("src/testkit/");
/** What runs when idsync runs; benchmarks and scripts sit on top of it, like tests. */
const isShipped = (file: string): boolean => (file.startsWith("src/") || file.startsWith("bin/")) && !isTestCode(file);
const isInside = (folder: string, file: string): boolean => file.startsWith(`${folder}/`);

/** What the files of `sources` (path → text) break of the rule, one line each. */
function namingProblems(sources: ReadonlyMap<string, string>): string[] {
  const importers = new Map<string, string[]>();
  for (const [file, text] of sources) {
    for (const [, specifier] of text.matchAll(RELATIVE_IMPORT)) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier!));
      importers.set(target, [...(importers.get(target) ?? []), file]);
    }
  }
  const problems: string[] = [];
  for (const file of sources.keys()) {
    const users = importers.get(file) ?? [];
    const shippedUsers = users.filter(isShipped);
    if (isTestHelper(file)) {
      for (const user of shippedUsers)
        problems.push(`${file} is a test helper, yet ${user} imports it: rename it without _test-`);
    } else if (file.startsWith("src/") && !isTestCode(file) && users.length > 0 && users.every(isTestCode)) {
      problems.push(
        `${file} is imported by tests only: name it _test-<what>.ts (_test-support.ts for a folder's one helper)`,
      );
    } else if (basename(file).startsWith("_")) {
      for (const user of shippedUsers) {
        if (!isInside(dirname(file), user))
          problems.push(
            `${file} is private to ${dirname(file)}/, yet ${user} imports it: import the folder's index.ts, or drop the _`,
          );
      }
    }
  }
  return problems.sort();
}

test("the rule finds a test helper without _test-, a shipped import of one, and a _ module used from another folder", () => {
  const tree = new Map([
    ["src/a/test-client.ts", "export const client = 1;"],
    ["src/a/client.test.ts", 'import { client } from "./test-client.ts";'],
    ["src/b/_test-support.ts", "export const help = 1;"],
    ["src/b/index.ts", 'export { help } from "./_test-support.ts";'],
    ["src/c/_private.ts", "export const inner = 1;"],
    ["src/c/index.ts", 'export { inner } from "./_private.ts";'],
    ["src/d/user.ts", 'import { inner } from "../c/_private.ts";'],
    ["bench/measure.ts", 'import { inner } from "../src/c/_private.ts";'],
  ]);
  assert.deepEqual(namingProblems(tree), [
    "src/a/test-client.ts is imported by tests only: name it _test-<what>.ts (_test-support.ts for a folder's one helper)",
    "src/b/_test-support.ts is a test helper, yet src/b/index.ts imports it: rename it without _test-",
    "src/c/_private.ts is private to src/c/, yet src/d/user.ts imports it: import the folder's index.ts, or drop the _",
  ]);
});

test("every file of the tree follows the naming rule", () => {
  const files = CODE_FOLDERS.flatMap(codeFilesUnder);
  assert.ok(files.length > 100, `found the tree's code (${files.length} files)`);
  const sources = new Map(files.map((file) => [file, readFileSync(join(ROOT, ...file.split("/")), "utf8")]));
  assert.deepEqual(namingProblems(sources), []);
});
