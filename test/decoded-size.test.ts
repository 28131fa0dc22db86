/**
 * A connector reads its previous file before syncing into it: a previous file that is damaged
 * (bytes after its zstd frame) or that decompresses to more than --max-decoded-size stops the
 * sync with one line (exit 6) before the tenant is read, and leaves the file as it was.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { captureStream } from "../src/cli/io.ts";
import { clockify } from "../src/connectors/clockify/index.ts";
import { EXIT_CODES } from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { FAST_HTTP, serveSimulator, tempDir } from "../src/testkit/index.ts";

async function syncer(t: TestContext) {
  const served = await serveSimulator(t, findSimulator("clockify")!, { seed: 7, users: 30 });
  const folder = tempDir(t);
  const file = join(folder, "clockify.c1z");
  const sync = async (extra: string[] = [], env: Record<string, string> = {}) => {
    const args = [
      ...Object.entries(served.settings).flatMap(([name, value]) => [`--${name}`, value]),
      "-f",
      file,
      "--log-format",
      "json",
      ...extra,
    ];
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runConnectorCommand(clockify, args, { stdout, stderr, env }, { deps: { http: FAST_HTTP } });
    return { code, stderr: stderr.text() };
  };
  assert.equal((await sync()).code, EXIT_CODES.ok);
  return { folder, file, sync };
}

/** The lines a refusal prints after the connector's log lines: the error and its hint. */
const errorLines = (stderr: string): string =>
  stderr
    .split("\n")
    .filter((line) => /^(error|hint): /.test(line))
    .join("\n");

test("a previous file with bytes after its frame stops the sync (exit 6) and stays as it was", async (t) => {
  const { folder, file, sync } = await syncer(t);
  const damaged = Buffer.concat([fs.readFileSync(file), Buffer.from("tail")]);
  fs.writeFileSync(file, damaged);
  const outcome = await sync();
  assert.equal(outcome.code, EXIT_CODES.badFile, outcome.stderr);
  assert.equal(
    errorLines(outcome.stderr),
    `error: ${file}: is damaged: 4 bytes follow its zstd frame (a c1z holds one frame and nothing after it)\nhint: restore the file from a backup, or move it aside: a sync then starts a new one (diff and review need two syncs again)`,
  );
  assert.ok(fs.readFileSync(file).equals(damaged), "the file is as it was");
  assert.deepStrictEqual(fs.readdirSync(folder), ["clockify.c1z"], "no working database, lock or temp file is left");
});

test("a previous file over --max-decoded-size or BATON_MAX_DECODED_SIZE stops the sync (exit 6) and stays as it was", async (t) => {
  const { folder, file, sync } = await syncer(t);
  const before = fs.readFileSync(file);
  for (const [extra, env] of [
    [["--max-decoded-size", "64KiB"], {}],
    [[], { BATON_MAX_DECODED_SIZE: "64KiB" }],
  ] as const) {
    const outcome = await sync([...extra], env);
    assert.equal(outcome.code, EXIT_CODES.badFile, outcome.stderr);
    assert.match(
      errorLines(outcome.stderr),
      /^error: \S+clockify\.c1z: decompresses to [\d.]+ KiB \(its zstd frame says so\), more than the 64 KiB limit\nhint: raise the limit with --max-decoded-size \(BATON_MAX_DECODED_SIZE\)/,
    );
    assert.ok(fs.readFileSync(file).equals(before), "the file is as it was");
    assert.deepStrictEqual(fs.readdirSync(folder), ["clockify.c1z"]);
  }
  assert.equal((await sync(["--max-decoded-size", "1GiB"])).code, EXIT_CODES.ok, "a higher limit syncs");
});

test("a --max-decoded-size that is not a size is refused (exit 2)", async (t) => {
  const { sync } = await syncer(t);
  const outcome = await sync(["--max-decoded-size", "big"]);
  assert.equal(outcome.code, EXIT_CODES.invalidConfig, outcome.stderr);
  assert.match(outcome.stderr, /^error: --max-decoded-size \(BATON_MAX_DECODED_SIZE\) must be a size/m);
});
