/**
 * `npm ci` runs under the machine's Node, which may be older than the Node 24 the project pins
 * and runs everything under. It must install without a screenful of engine warnings.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const root = join(import.meta.dirname, "..");

test("installing on an older Node prints no engine warnings: none of ours, and npm's are not shown", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    engines?: unknown;
    devDependencies: Record<string, string>;
  };
  assert.equal(
    manifest.engines,
    undefined,
    "the runtime is the pinned `node` dev dependency, not the Node that runs npm",
  );
  assert.match(manifest.devDependencies["node"] ?? "", /^\^24\./);
  const npmrc = readFileSync(join(root, ".npmrc"), "utf8");
  // Dependencies (e.g. @connectrpc/connect-node) declare engines of their own; npm has no switch
  // for engine warnings alone, so the project's npm shows errors only.
  assert.match(npmrc, /^loglevel=error$/m);
});
