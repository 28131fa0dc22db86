/**
 * `--http-timeout-seconds` bounds one request in all: an API that accepts the connection and
 * never answers fails the sync in that time with one line and a hint (exit 5), after one
 * attempt, instead of holding it for attempts × the per-attempt timeout.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { captureStream } from "../src/cli/io.ts";
import { runlayer } from "../src/connectors/runlayer/index.ts";
import { EXIT_CODES } from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { tempDir } from "../src/testkit/index.ts";

async function silentApi(t: { after(fn: () => void): void }): Promise<{ origin: string; requests: () => number }> {
  let requests = 0;
  const server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

async function run(flags: Record<string, string>, file: string) {
  const args = [
    ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    file,
    "--log-format",
    "json",
  ];
  const stdout = captureStream();
  const stderr = captureStream();
  // Eight attempts of a minute each, as in production: only the flag can end this early.
  const http = { retry: { maxAttempts: 8, baseDelayMs: 1 }, timeoutMs: 60_000 };
  const code = await runConnectorCommand(runlayer, args, { stdout, stderr, env: {} }, { deps: { http } });
  return { code, stderr: stderr.text() };
}

test("an API that never answers fails at --http-timeout-seconds, after one attempt", { timeout: 30_000 }, async (t) => {
  const api = await silentApi(t);
  const file = join(tempDir(t), "sync.c1z");
  const settings = findSimulator("runlayer")!.create().settings(api.origin);
  const outcome = await run({ ...settings, "http-timeout-seconds": "1" }, file);
  assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
  assert.match(outcome.stderr, /^error: GET \/users\/me got no answer within 1s, the most a request may take$/m);
  assert.match(outcome.stderr, /^hint: .*--http-timeout-seconds \(BATON_HTTP_TIMEOUT_SECONDS\)/m);
  assert.ok(api.requests() <= 1, "no retry after the deadline");
  assert.ok(!existsSync(file));
});

test("--http-timeout-seconds outside 1..1800 is refused before anything is sent", async (t) => {
  const api = await silentApi(t);
  const settings = findSimulator("runlayer")!.create().settings(api.origin);
  const outcome = await run({ ...settings, "http-timeout-seconds": "0" }, join(tempDir(t), "sync.c1z"));
  assert.equal(outcome.code, EXIT_CODES.invalidConfig, outcome.stderr);
  assert.match(outcome.stderr, /http-timeout-seconds.*must be between 1 and 1800/);
  assert.equal(api.requests(), 0);
});
