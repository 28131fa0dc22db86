/**
 * Two promises of a whole sync through the command line: a known secret appears in no output,
 * log or file (even when the API echoes it back), and checkpoints are written at least every
 * 10 seconds of sync time as well as at every phase end.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { zstdDecompressSync } from "node:zlib";
import { C1zWriter, EXIT_CODES, parseState, runEngine, silentLogger } from "../../src/core/index.ts";
import { runConnectorCommand } from "../../src/cli/connector-command.ts";
import { captureStream } from "../../src/cli/io.ts";
import { FAST_HTTP, tempDir } from "../../src/testkit/index.ts";
import { startDirectoryServer } from "./_directory-api.ts";
import { directoryConnector, directoryDefinition } from "./_directory-connector.ts";

test("a whole sync with a known secret leaves it in no output, log or file", async (t) => {
  const api = await startDirectoryServer(undefined, "sk-live-0f9e8d7c6b5a4938");
  t.after(() => api.close());
  // The API echoes the key in an error body on the way, as some APIs do.
  api.script("/users", { status: 503, body: JSON.stringify({ error: `key ${api.apiKey} is throttled` }) });
  const dir = tempDir(t);
  const file = join(dir, "sync.c1z");
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(
    directoryDefinition,
    ["-f", file, "--log-level", "debug", "--log-format", "json"],
    { stdout, stderr, env: { BATON_DIRECTORY_API_KEY: api.apiKey, BATON_BASE_URL: api.origin } },
    { command: "directory-sync", deps: { http: FAST_HTTP } },
  );
  assert.equal(code, EXIT_CODES.ok, stderr.text());
  const summary = JSON.parse(stdout.text()) as { status: string; resources: Record<string, number>; file: string };
  assert.equal(summary.status, "ok");
  assert.deepEqual(summary.resources, { group: 4, org: 2, role: 2, team: 6, user: 25 });
  assert.equal(summary.file, file);
  assert.match(stderr.text(), /"level":"debug"/);
  assert.match(stderr.text(), /\[REDACTED\]/, "the echoed key was logged, redacted");

  const texts: Record<string, string> = { stdout: stdout.text(), stderr: stderr.text() };
  texts["c1z"] = zstdDecompressSync(readFileSync(file).subarray(5)).toString("latin1");
  for (const name of readdirSync(dir)) texts[name] = readFileSync(join(dir, name)).toString("latin1");
  for (const [where, text] of Object.entries(texts)) {
    assert.ok(!text.includes(api.apiKey), `the key appeared in ${where}`);
    assert.ok(!text.includes(Buffer.from(api.apiKey).toString("base64")), `the key's base64 appeared in ${where}`);
  }
});

test("checkpoints land at least every 10 s of sync time and at every phase end", async (t) => {
  const api = await startDirectoryServer();
  t.after(() => api.close());
  const writer = await C1zWriter.open(join(tempDir(t), "sync.c1z"));
  t.after(() => writer.discard());
  writer.startSync();
  const tokens: string[] = [];
  const store = new Proxy(writer, {
    get(target, property) {
      if (property === "setSyncToken") {
        return (token: string) => {
          tokens.push(token);
          target.setSyncToken(token);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  // Each look at the clock moves it 4 s on: a checkpoint is due every third page.
  let clock = 0;
  const connector = directoryConnector(
    { apiKey: api.apiKey, baseUrl: api.origin },
    { logger: silentLogger, http: FAST_HTTP },
  );
  const result = await runEngine({ connector, store, concurrency: 1, now: () => (clock += 4_000) });

  const states = tokens.map((token) => parseState(token)!);
  // Each phase is announced by a checkpoint taken the moment the previous one ended.
  const phaseStarts = states.filter((s, i) => i === 0 || states[i - 1]!.phase !== s.phase);
  assert.deepEqual(
    phaseStarts.map((s) => s.phase),
    ["resources", "entitlements", "grants", "expansion", "done"],
  );
  for (const start of phaseStarts) assert.equal(start.pageToken, undefined);
  const midPhase = states.filter((s) => s.phase === "resources" && s.pagesCommitted > 0);
  assert.ok(midPhase.length >= 3, `checkpoints inside the resources phase: ${midPhase.length}`);
  assert.equal(states.at(-1)!.phase, "done");
  // Between two checkpoints at most three pages (12 s of this clock) were committed.
  for (let i = 1; i < states.length; i++) {
    assert.ok(states[i]!.pagesCommitted - states[i - 1]!.pagesCommitted <= 3);
  }
  assert.equal(result.pages, states.at(-1)!.pagesCommitted);
});
