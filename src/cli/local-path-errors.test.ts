/**
 * A path a command cannot use — `-f` naming a folder, a folder missing, under a file or not
 * writable, an input file this user may not read, `export --out` onto a folder or into a
 * read-only one — is one line and a hint, exit 2, before the first API request and before any
 * output: never "unexpected failure" with a stack, never after a long sync.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { describe, it, type TestContext } from "node:test";
import { clockify } from "../connectors/clockify/index.ts";
import { EXIT_CODES } from "../core/index.ts";
import { BATON_EXPANDED, FAST_HTTP, tempDir } from "../testkit/index.ts";
import { runConnectorCommand } from "./connector-command.ts";
import { runIdsync } from "./idsync.ts";
import { captureStream } from "./io.ts";

/** Root may write any folder whatever its mode: the chmod cases cannot refuse it. */
const CHMOD_SKIP = process.getuid?.() === 0 ? "runs as root, which file modes do not stop" : false;
const API_KEY = "bG9jYWwtcGF0aHMtdGVzdC1rZXk";
const WORKSPACE = "64a687e29ae1f428e7ebe303";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** An API that counts what reaches it and refuses everything: a sync that got this far failed the check. */
async function countingApi(t: TestContext): Promise<{ baseUrl: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`,
    requests: () => requests,
  };
}

async function sync(t: TestContext, args: string[]): Promise<Outcome & { requests: number }> {
  const api = await countingApi(t);
  const stdout = captureStream();
  const stderr = captureStream();
  const env = {
    BATON_CLOCKIFY_API_KEY: API_KEY,
    BATON_CLOCKIFY_WORKSPACE_ID: WORKSPACE,
    BATON_CLOCKIFY_BASE_URL: api.baseUrl,
  };
  const code = await runConnectorCommand(
    clockify,
    [...args, "--log-format", "console", "--log-level", "error"],
    { stdout, stderr, env },
    { deps: { http: FAST_HTTP } },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text(), requests: api.requests() };
}

async function idsync(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runIdsync(args, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Exit 2, nothing on stdout, and on stderr exactly the error line and its hint. */
function assertOneLine(outcome: Outcome, error: string, hint: RegExp): void {
  assert.equal(outcome.code, EXIT_CODES.invalidConfig, outcome.stderr);
  assert.equal(outcome.stdout, "");
  const lines = outcome.stderr.split("\n");
  assert.deepEqual(lines.length, 3, `one error line and a hint, got:\n${outcome.stderr}`);
  assert.equal(lines[0], `error: ${error}`);
  assert.match(lines[1]!, hint);
  assert.ok(!outcome.stderr.includes("unexpected failure") && !outcome.stderr.includes(API_KEY));
}

/** Runs `action` while `target` has `mode`, then gives it back its rights so the test can remove it. */
async function withMode<T>(target: string, mode: number, action: () => Promise<T>): Promise<T> {
  fs.chmodSync(target, mode);
  try {
    return await action();
  } finally {
    fs.chmodSync(target, 0o700);
  }
}

function aFile(folder: string, name = "plain.txt"): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, "not a folder");
  return file;
}

describe("a connector's sync checks its paths before the first request", () => {
  it("-f naming a folder (EISDIR)", async (t) => {
    const folder = tempDir(t);
    const outcome = await sync(t, ["-f", folder]);
    assertOneLine(
      outcome,
      `cannot write ${folder}: it is a folder, and --file names the file to write`,
      /^hint: give a file path, e\.g\. --file .*sync\.c1z$/,
    );
    assert.equal(outcome.requests, 0);
  });

  it("-f in a folder that does not exist, or under a file (ENOTDIR)", async (t) => {
    const folder = tempDir(t);
    const missing = path.join(folder, "nowhere", "sync.c1z");
    const first = await sync(t, ["-f", missing]);
    assertOneLine(
      first,
      `cannot write ${missing}: the folder ${path.dirname(missing)} does not exist`,
      /^hint: create it first, or choose another --file$/,
    );
    const file = aFile(folder);
    const second = await sync(t, ["-f", path.join(file, "sync.c1z")]);
    assertOneLine(
      second,
      `cannot write ${path.join(file, "sync.c1z")}: ${file} is a file, not a folder`,
      /^hint: choose another --file$/,
    );
    assert.equal(first.requests + second.requests, 0);
    assert.deepEqual(fs.readdirSync(folder), ["plain.txt"], "no lock, working or temporary file left");
  });

  it("--c1z-temp-dir under a file", async (t) => {
    const folder = tempDir(t);
    const file = aFile(folder);
    const outcome = await sync(t, ["-f", path.join(folder, "sync.c1z"), "--c1z-temp-dir", path.join(file, "work")]);
    assertOneLine(
      outcome,
      `cannot use ${path.join(file, "work")}: ${file} is a file, not a folder`,
      /^hint: choose another --c1z-temp-dir$/,
    );
    assert.equal(outcome.requests, 0);
  });

  it(
    "-f in a folder this user may not write, where the lock file would go (EACCES)",
    { skip: CHMOD_SKIP },
    async (t) => {
      const folder = tempDir(t);
      const target = path.join(folder, "sync.c1z");
      const outcome = await withMode(folder, 0o555, () => sync(t, ["-f", target]));
      assertOneLine(
        outcome,
        `cannot write ${target}: this user may not create files in ${folder} (EACCES)`,
        /^hint: choose another --file in a folder this user can write, or give it write access to /,
      );
      assert.equal(outcome.requests, 0);
    },
  );

  it("an existing -f this user may not read, left as it was (EACCES)", { skip: CHMOD_SKIP }, async (t) => {
    const folder = tempDir(t);
    const target = path.join(folder, "sync.c1z");
    fs.copyFileSync(BATON_EXPANDED, target);
    const outcome = await withMode(target, 0o200, () => sync(t, ["-f", target]));
    assertOneLine(
      outcome,
      `cannot read ${target} (EACCES), which is read first to keep its previous sync`,
      /^hint: give this user read access to /,
    );
    assert.equal(outcome.requests, 0);
    assert.deepEqual(fs.readFileSync(target), fs.readFileSync(BATON_EXPANDED));
    assert.deepEqual(fs.readdirSync(folder), ["sync.c1z"]);
  });
});

describe("export --out is checked before a row is read", () => {
  it("onto a folder, or under a file", async (t) => {
    const folder = tempDir(t);
    const onFolder = await idsync(["export", "csv", "-f", BATON_EXPANDED, "--out", folder]);
    assertOneLine(
      onFolder,
      `cannot write ${folder}: it is a folder, and --out names the file to write`,
      /^hint: give a file path, e\.g\. --out .*access\.csv$/,
    );
    const file = aFile(folder);
    const underFile = await idsync(["export", "json", "-f", BATON_EXPANDED, "--out", path.join(file, "access.json")]);
    assertOneLine(
      underFile,
      `cannot write ${path.join(file, "access.json")}: ${file} is a file, not a folder`,
      /^hint: choose another --out$/,
    );
    assert.deepEqual(fs.readdirSync(folder), ["plain.txt"]);
  });

  it("into a folder this user may not write (EACCES)", { skip: CHMOD_SKIP }, async (t) => {
    const folder = tempDir(t);
    const out = path.join(folder, "access.csv");
    const outcome = await withMode(folder, 0o555, () => idsync(["export", "csv", "-f", BATON_EXPANDED, "--out", out]));
    assertOneLine(
      outcome,
      `cannot write ${out}: this user may not create files in ${folder} (EACCES)`,
      /^hint: choose another --out in a folder this user can write/,
    );
  });
});

describe("a reading command's -f", () => {
  it("naming a folder", async (t) => {
    const folder = tempDir(t);
    assertOneLine(
      await idsync(["stats", "-f", folder]),
      `${folder}: is a folder, not a c1z file`,
      /^hint: give --file the path of a c1z file$/,
    );
  });

  it("that this user may not read (EACCES)", { skip: CHMOD_SKIP }, async (t) => {
    const file = path.join(tempDir(t), "sync.c1z");
    fs.copyFileSync(BATON_EXPANDED, file);
    const outcome = await withMode(file, 0o200, () => idsync(["resources", "-f", file]));
    assertOneLine(outcome, `${file}: this user may not read it (EACCES)`, /^hint: give this user read access to /);
  });
});

describe("the other commands that write files", () => {
  it("idsync serve refuses, at start, a connector's file that is a folder", async (t) => {
    const folder = tempDir(t);
    const api = await countingApi(t);
    fs.mkdirSync(path.join(folder, "clockify.c1z"));
    const config = path.join(folder, "serve.json");
    const settings = { "workspace-id": WORKSPACE, "base-url": api.baseUrl };
    fs.writeFileSync(
      config,
      JSON.stringify({ out: folder, connectors: [{ name: "clockify", every: "1h", settings }] }),
    );
    const outcome = await idsync(["serve", "--config", config, "--once"], { BATON_CLOCKIFY_API_KEY: API_KEY });
    const file = path.join(folder, "clockify.c1z");
    assertOneLine(
      outcome,
      `cannot write ${file}: it is a folder, and "file" of clockify in the config names the file to write`,
      /^hint: give a file path/,
    );
    assert.equal(api.requests(), 0);
  });

  it("idsync demo and simulate c1 refuse an --out under a file", async (t) => {
    const file = aFile(tempDir(t));
    const out = path.join(file, "demo");
    assertOneLine(
      await idsync(["demo", "--out", out]),
      `cannot use ${out}: ${file} is a file, not a folder`,
      /^hint: choose another --out$/,
    );
    assertOneLine(
      await idsync(["simulate", "c1", "--out", out]),
      `cannot use ${out}: ${file} is a file, not a folder`,
      /^hint: choose another --out$/,
    );
  });
});
