import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import zlib from "node:zlib";
import { InterruptedError } from "../../core/index.ts";
import { tempFolder } from "../../review/_test-tenant.ts";
import { BATON_EXPANDED, BATON_UNEXPANDED, run } from "./_test-run.ts";

const COMMANDS: string[][] = [
  ["resource-types"],
  ["resources"],
  ["entitlements"],
  ["grants"],
  ["syncs"],
  ["stats"],
  ["access", "-p", "user:1"],
  ["diff"],
  ["export", "csv"],
];

/**
 * Baton's file with a content size recorded in its frame header (Baton's writer leaves it out
 * here), `offset` bytes off the truth: the header gains the 4-byte size field.
 */
function withWrongDeclaredSize(c1z: Buffer, offset: number): Buffer {
  const frame = c1z.subarray(5);
  assert.equal(frame[4], 0x04, "a header with a window descriptor and no size");
  const size = Buffer.alloc(4);
  size.writeUInt32LE(zlib.zstdDecompressSync(frame).length + offset);
  return Buffer.concat([c1z.subarray(0, 9), Buffer.from([0x84, frame[5]!]), size, frame.subarray(6)]);
}

test("a missing file is a usage error (exit 2); a Pebble (C1Z3) or damaged one is exit 6; one clear line from every command", async (t) => {
  const folder = tempFolder(t);
  const pebble = path.join(folder, "pebble.c1z");
  fs.writeFileSync(pebble, Buffer.concat([Buffer.from("C1Z3\0", "latin1"), Buffer.from([0, 0, 0, 4, 1, 2, 3, 4])]));
  const truncated = path.join(folder, "truncated.c1z");
  fs.writeFileSync(truncated, fs.readFileSync(BATON_EXPANDED).subarray(0, 4_000));
  const trailing = path.join(folder, "trailing.c1z");
  fs.writeFileSync(trailing, Buffer.concat([fs.readFileSync(BATON_EXPANDED), Buffer.from([0, 0, 0])]));
  const wrongSize = path.join(folder, "wrong-size.c1z");
  fs.writeFileSync(wrongSize, withWrongDeclaredSize(fs.readFileSync(BATON_EXPANDED), 1));
  const cases = [
    [
      path.join(folder, "missing.c1z"),
      2,
      /^error: \S+missing\.c1z: the file does not exist\nhint: check the path given with --file\n$/,
    ],
    [
      pebble,
      6,
      /^error: \S+pebble\.c1z: is a Baton v3 \(Pebble\) c1z, which idsync does not read\nhint: re-sync it with --storage-engine sqlite\n$/,
    ],
    [
      truncated,
      6,
      /^error: \S+truncated\.c1z: is truncated or damaged \(zstd: [^\n]+\)\nhint: restore the file from a backup, or move it aside: a sync then starts a new one \(diff and review need two syncs again\)\n$/,
    ],
    [
      trailing,
      6,
      /^error: \S+trailing\.c1z: is damaged: 3 bytes follow its zstd frame \(a c1z holds one frame and nothing after it\)\nhint: restore the file from a backup, or move it aside: a sync then starts a new one \(diff and review need two syncs again\)\n$/,
    ],
    [
      wrongSize,
      6,
      /^error: \S+wrong-size\.c1z: is damaged: its zstd frame declares [\d,]+ bytes but decompresses to [\d,]+ bytes\nhint: restore the file from a backup, or move it aside: a sync then starts a new one \(diff and review need two syncs again\)\n$/,
    ],
  ] as const;
  for (const command of COMMANDS) {
    for (const [file, exitCode, message] of cases) {
      const { code, stdout, stderr } = await run([...command, "-f", file]);
      assert.equal(code, exitCode, `${command.join(" ")} ${file}`);
      assert.match(stderr, message, `${command.join(" ")} ${file}`);
      assert.equal(stdout, "");
    }
  }
});

test("unknown flags and bad -o are usage errors (exit 2); --help prints usage (exit 0)", async () => {
  for (const command of COMMANDS) {
    const unknown = await run([...command, "--bogus"]);
    assert.equal(unknown.code, 2, command.join(" "));
    assert.match(unknown.stderr, /^error: unknown flag '--bogus'\n/);
    const help = await run([command[0]!, "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, new RegExp(`^Usage: idsync ${command[0]}`));
  }
  const badOutput = await run(["resources", "-f", BATON_EXPANDED, "-o", "yaml"]);
  assert.equal(badOutput.code, 2);
  assert.equal(badOutput.stderr, 'error: -o must be console or json, got "yaml"\n');
});

test("Ctrl-C stops a long listing, export or diff: exit 130, one line, no partial --out file", async (t) => {
  const controller = new AbortController();
  controller.abort(new InterruptedError("SIGINT"));
  const { signal } = controller;
  const out = path.join(tempFolder(t), "grants.csv");
  for (const args of [
    ["grants", "-f", BATON_EXPANDED],
    ["export", "csv", "-f", BATON_EXPANDED, "--out", out],
    ["diff", BATON_UNEXPANDED, BATON_EXPANDED],
  ]) {
    const { code, stderr } = await run(args, { signal });
    assert.equal(code, 130, args.join(" "));
    assert.match(
      stderr,
      /^(note: [^\n]+\n)?error: stopped by (SIGINT; the output is incomplete|a signal before the comparison finished)\n$/,
      args.join(" "),
    );
  }
  assert.deepStrictEqual(fs.readdirSync(path.dirname(out)), [], "neither the file nor its temp file");
});
