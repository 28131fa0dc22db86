/**
 * `--max-decoded-size` (or BATON_MAX_DECODED_SIZE) on every command that reads c1z files: a
 * file that decompresses to more is refused with one line naming it and the way to raise the
 * limit (exit 6); a value that is not a size is a usage error (exit 2).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { findSimulator } from "../../simulators/index.ts";
import { serveSimulator, tempDir } from "../../testkit/index.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";
import { tenantFiles } from "./_test-run.ts";

/** Each reading command, given the file to read. */
const COMMANDS: ReadonlyArray<(file: string) => string[]> = [
  (file) => ["resource-types", "-f", file],
  (file) => ["resources", "-f", file],
  (file) => ["entitlements", "-f", file],
  (file) => ["grants", "-f", file],
  (file) => ["access", "-f", file, "-p", "user:u-alice"],
  (file) => ["stats", "-f", file],
  (file) => ["syncs", "-f", file],
  (file) => ["diff", file],
  (file) => ["diff", file, file],
  (file) => ["export", "json", "-f", file],
  (file) => ["review", "-f", file],
  (file) => ["explore", "-f", file],
];

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runIdsync(args, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("every reading command refuses a file over --max-decoded-size or BATON_MAX_DECODED_SIZE: one line, exit 6", async (t) => {
  const { twoSyncs: file } = await tenantFiles(t);
  const refusal = new RegExp(
    `^error: ${escape(file)}: decompresses to [\\d.]+ KiB \\(its zstd frame says so\\), more than the 64 KiB limit\\n` +
      "hint: raise the limit with --max-decoded-size \\(BATON_MAX_DECODED_SIZE\\) if the file is expected to be this large\\n$",
  );
  for (const command of COMMANDS) {
    for (const [args, env] of [
      [[...command(file), "--max-decoded-size", "64KiB"], {}],
      [command(file), { BATON_MAX_DECODED_SIZE: "64k" }],
    ] as const) {
      const { code, stdout, stderr } = await run([...args], env);
      assert.equal(code, 6, `${args.join(" ")}: ${stderr}`);
      assert.match(stderr, refusal, args.join(" "));
      assert.equal(stdout, "");
    }
  }
});

test("a limit above the file's size reads it; a flag beats the variable; a bare number counts MiB", async (t) => {
  const { twoSyncs: file } = await tenantFiles(t);
  assert.equal((await run(["stats", "-f", file, "--max-decoded-size", "20GiB"])).code, 0);
  assert.equal((await run(["stats", "-f", file, "--max-decoded-size", "1"])).code, 0, "1 MiB is room enough");
  assert.equal(
    (await run(["stats", "-f", file, "--max-decoded-size", "1"], { BATON_MAX_DECODED_SIZE: "64KiB" })).code,
    0,
  );
  assert.equal((await run(["stats", "-f", file], { BATON_MAX_DECODED_SIZE: "1.5M" })).code, 0);
});

test("a --max-decoded-size that is not a size is a usage error naming the flag and its variable (exit 2)", async (t) => {
  const { twoSyncs: file } = await tenantFiles(t);
  for (const value of ["lots", "0", "10PB", "-5", "2048TiB"]) {
    const { code, stderr } = await run(["stats", "-f", file, `--max-decoded-size=${value}`]);
    assert.equal(code, 2, `${value}: ${stderr}`);
    assert.match(
      stderr,
      /^error: --max-decoded-size \(BATON_MAX_DECODED_SIZE\) .*must be a size: MiB, or a number with a unit such as 512MiB or 20GiB/m,
      value,
    );
  }
});

test("serve --once applies --max-decoded-size to the file each sync reads first", async (t) => {
  const clockify = await serveSimulator(t, findSimulator("clockify")!);
  const dir = tempDir(t);
  const config = path.join(dir, "serve.json");
  const { "api-key": apiKey, ...settings } = clockify.settings;
  fs.writeFileSync(config, JSON.stringify({ out: dir, connectors: [{ name: "clockify", every: "1h", settings }] }));
  const env = { BATON_CLOCKIFY_API_KEY: apiKey! };
  const once = (extra: string[] = []) =>
    run(["serve", "--config", config, "--once", "--log-format", "json", ...extra], env);

  assert.equal((await once()).code, 0);
  const before = fs.readFileSync(path.join(dir, "clockify.c1z"));
  const refused = await once(["--max-decoded-size", "64KiB"]);
  assert.equal(refused.code, 6, refused.stderr);
  assert.match(
    refused.stdout,
    /^clockify: failed \(unsupported-file\): \S+clockify\.c1z: decompresses to [\d.]+ KiB \(its zstd frame says so\), more than the 64 KiB limit\n$/,
  );
  assert.ok(fs.readFileSync(path.join(dir, "clockify.c1z")).equals(before));
  assert.equal((await once(["--max-decoded-size", "1GiB"])).code, 0);
});
