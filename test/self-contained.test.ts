/**
 * A fresh clone must pass `npm test` with nothing beside it: no source, test, script or bench
 * file may reach a path outside the repository (a sibling folder of design notes or fixtures
 * exists on one machine, not in a clone). What the tests need lives in the repository, e.g.
 * test/fixtures/baton-sdk/.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { test } from "node:test";

const ROOT = resolve(import.meta.dirname, "..");
const SCANNED_FOLDERS = ["src", "test", "bench", "bin", "scripts", ".ci", "deploy"];
const SCANNED_ROOT_FILES = ["package.json", "tsconfig.json", "eslint.config.js", "buf.gen.yaml", "buf.yaml"];
const SCANNED_NAME = /\.(ts|js|mjs|cjs|json|ya?ml|sh)$|^run$/;
const SKIPPED = new Set(["node_modules", "gen", "fixtures"]);

function filesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : filesUnder(full);
    return SCANNED_NAME.test(entry.name) ? [full] : [];
  });
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== "..");
}

/**
 * Relative paths in `text` (a file in `fileDir`) that lead out of `root`: string literals such
 * as `"../../shared/x"`, and runs of `".."` arguments as in `join(dirname, "..", "..")`, both
 * taken relative to the file's own folder, as `import.meta.dirname` code takes them.
 */
function pathsLeaving(text: string, fileDir: string, root: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/["'`]((?:\.\/)?(?:\.\.\/)+[^"'`\s]*)["'`]/g)) {
    if (!isInside(root, resolve(fileDir, match[1]!))) found.push(match[1]!);
  }
  for (const match of text.matchAll(/(["'])\.\.\1(?:\s*,\s*(["'])\.\.\2)*/g)) {
    const ups = match[0].split(",").length;
    if (!isInside(root, resolve(fileDir, ...Array<string>(ups).fill("..")))) found.push(match[0]);
  }
  return found;
}

test("the detector finds the kinds of path a fresh clone does not have", () => {
  const review = join(ROOT, "src", "review");
  assert.deepEqual(
    pathsLeaving(`path.resolve(import.meta.dirname, "../../../shared/fixtures/baton-sdk")`, review, ROOT),
    ["../../../shared/fixtures/baton-sdk"],
  );
  assert.equal(pathsLeaving(`join(import.meta.dirname, "..", "..", "..", "x")`, review, ROOT).length, 1);
  assert.deepEqual(pathsLeaving(`import { x } from "../core/index.ts"; join(dir, "..", "..")`, review, ROOT), []);
});

test("no file of the repository reaches a path outside it", () => {
  const files = [
    ...SCANNED_FOLDERS.flatMap((folder) => filesUnder(join(ROOT, folder))),
    ...SCANNED_ROOT_FILES.map((name) => join(ROOT, name)).filter((file) =>
      statSync(file, { throwIfNoEntry: false })?.isFile(),
    ),
  ].filter((file) => file !== import.meta.filename); // this file's own samples above leave on purpose
  assert.ok(files.length > 100, `scanned only ${files.length} files`);
  const leaving = files.flatMap((file) =>
    pathsLeaving(readFileSync(file, "utf8"), dirname(file), ROOT).map((found) => `${relative(ROOT, file)}: ${found}`),
  );
  assert.deepEqual(leaving, []);
});

test("Baton's fixtures the tests read are in the repository", () => {
  for (const name of ["expansion.unexpanded.c1z", "expansion.expanded.c1z", "README.md", "LICENSE", "NOTICE"]) {
    assert.ok(statSync(join(ROOT, "test", "fixtures", "baton-sdk", name), { throwIfNoEntry: false })?.isFile(), name);
  }
});
