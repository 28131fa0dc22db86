/**
 * What retrying cannot fix fails on the first attempt, with one line naming host:port and a
 * hint (exit 5): a closed port, a host name that never resolves (RFC 6761 reserves `.invalid`),
 * a plain-http server given as https, a certificate nobody trusts. What can pass still retries:
 * a 503, and a host that refuses connections after it already answered (a restart mid-sync).
 * Attempts are counted at the server and in the log lines, never by time.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { captureStream } from "../src/cli/io.ts";
import { clockify } from "../src/connectors/clockify/index.ts";
import { ApiError, EXIT_CODES, HttpClient } from "../src/core/index.ts";
import { createTestCa } from "../src/simulators/c1/test-ca.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { serveSimulator, tempDir } from "../src/testkit/index.ts";

/** Retries as in production, but instant, so a retried failure shows up as log lines quickly. */
const HTTP = { retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 1 } };

async function listen(t: TestContext, server: Server): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}

/** A port on 127.0.0.1 that nothing listens on: one the OS just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function syncClockify(t: TestContext, baseUrl: string) {
  const settings = { ...findSimulator("clockify")!.create().settings("http://127.0.0.1:9"), "base-url": baseUrl };
  const file = join(tempDir(t), "sync.c1z");
  const args = [
    ...Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    file,
    "--log-format",
    "json",
  ];
  const stderr = captureStream();
  const code = await runConnectorCommand(
    clockify,
    args,
    { stdout: captureStream(), stderr, env: {} },
    { deps: { http: HTTP } },
  );
  const text = stderr.text();
  return {
    code,
    stderr: text,
    retries: text.split("\n").filter((line) => line.includes('"msg":"retrying request"')).length,
    wrote: existsSync(file),
  };
}

function assertOneLine(stderr: string, error: RegExp, hint: RegExp): void {
  const errors = stderr.split("\n").filter((line) => line.startsWith("error:"));
  assert.equal(errors.length, 1, stderr);
  assert.match(errors[0]!, error);
  assert.match(stderr, hint);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
}

test("a closed port fails on the first attempt: nothing listens on host:port", async (t) => {
  const port = await closedPort();
  const outcome = await syncClockify(t, `http://127.0.0.1:${port}/api/v1`);
  assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
  assert.equal(outcome.retries, 0, outcome.stderr);
  assertOneLine(
    outcome.stderr,
    new RegExp(
      `^error: GET \\S+ failed: nothing listens on 127\\.0\\.0\\.1:${port} \\(connection refused\\) \\(ECONNREFUSED\\)$`,
    ),
    /^hint: check the host and port in the base URL/m,
  );
  assert.equal(outcome.wrote, false);
});

test("a host name that never resolves fails on the first attempt", { timeout: 60_000 }, async (t) => {
  const outcome = await syncClockify(t, "https://api.clockify.invalid/api/v1");
  assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
  assert.equal(outcome.retries, 0, outcome.stderr);
  // ENOTFOUND where DNS answers; EAI_AGAIN where there is no network at all.
  assertOneLine(
    outcome.stderr,
    /^error: GET \S+ failed: could not resolve host api\.clockify\.invalid:443 \((ENOTFOUND|EAI_AGAIN)\)$/,
    /^hint: check the host name in the base URL/m,
  );
});

test("a plain-http server given as https fails on the first attempt: it does not speak TLS", async (t) => {
  const plain = await listen(
    t,
    createHttpServer((_req, res) => res.end("{}")),
  );
  const outcome = await syncClockify(t, `https://127.0.0.1:${plain.port}/api/v1`);
  assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
  assert.equal(outcome.retries, 0, outcome.stderr);
  assert.equal(plain.connections(), 1, "one connection, no retry");
  assertOneLine(
    outcome.stderr,
    new RegExp(`^error: GET \\S+ failed: 127\\.0\\.0\\.1:${plain.port} does not speak TLS .*plain http`),
    /^hint: if the API is served over plain http, write the base URL with http:\/\//m,
  );
});

test("a certificate the client does not trust fails on the first attempt, pointing at NODE_EXTRA_CA_CERTS", async (t) => {
  const ca = createTestCa();
  const untrusted = await listen(
    t,
    createHttpsServer({ cert: ca.certPem, key: ca.keyPem }, (_req, res) => res.end("{}")) as unknown as Server,
  );
  const outcome = await syncClockify(t, `https://127.0.0.1:${untrusted.port}/api/v1`);
  assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
  assert.equal(outcome.retries, 0, outcome.stderr);
  assert.equal(untrusted.connections(), 1, "one connection, no retry");
  assertOneLine(
    outcome.stderr,
    new RegExp(`^error: GET \\S+ failed: the TLS certificate of 127\\.0\\.0\\.1:${untrusted.port} is not trusted`),
    /^hint: .*NODE_EXTRA_CA_CERTS/m,
  );
});

test("a 503 then 200 still passes, after one retry", async (t) => {
  const served = await serveSimulator(t, findSimulator("clockify")!);
  served.simulator.faults.add({
    kind: "server-error",
    status: 503,
    path: "/api/v1/workspaces/:workspaceId/users",
    times: 1,
  });
  const file = join(tempDir(t), "sync.c1z");
  const args = [
    ...Object.entries(served.settings).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    file,
    "--log-format",
    "json",
  ];
  const stderr = captureStream();
  const code = await runConnectorCommand(
    clockify,
    args,
    { stdout: captureStream(), stderr, env: {} },
    { deps: { http: HTTP } },
  );
  assert.equal(code, EXIT_CODES.ok, stderr.text());
  assert.equal(served.simulator.faults.applied.total, 1);
  assert.equal(
    stderr
      .text()
      .split("\n")
      .filter((line) => line.includes('"msg":"retrying request"')).length,
    1,
  );
});

test("a host that answered, then refuses (a restart mid-sync), is retried until it is back", async (t) => {
  let served = 0;
  const handler = (_req: unknown, res: { end(body: string): void }) => {
    served++;
    res.end('{"ok":true}');
  };
  const first = createHttpServer(handler);
  const { port } = await listen(t, first);
  let restarted: Server | undefined;
  t.after(() => {
    restarted?.closeAllConnections();
    restarted?.close();
  });
  let sleeps = 0;
  const api = new HttpClient({
    baseUrl: `http://127.0.0.1:${port}`,
    retry: { maxAttempts: 8 },
    random: () => 0,
    // The fake clock's only job: bring the host back during the second wait.
    sleep: async () => {
      sleeps++;
      if (sleeps === 2) {
        restarted = createHttpServer(handler);
        await new Promise<void>((resolve) => restarted!.listen(port, "127.0.0.1", resolve));
      }
    },
  });
  await api.getJson("/first");
  first.closeAllConnections();
  await new Promise<void>((resolve) => first.close(() => resolve()));
  const answer = await api.getJson<{ ok: boolean }>("/second");
  assert.deepEqual(answer.body, { ok: true });
  assert.equal(served, 2);
  assert.equal(api.stats.retries, 2, "refused twice, then answered");

  // The same refusal from a client that never reached the host is final at once.
  const fresh = new HttpClient({
    baseUrl: `http://127.0.0.1:${await closedPort()}`,
    retry: { maxAttempts: 8 },
    sleep: async () => assert.fail("no retry"),
  });
  await assert.rejects(
    fresh.getJson("/x"),
    (error: unknown) =>
      error instanceof ApiError && error.kind === "unavailable" && error.final && fresh.stats.requests === 1,
  );
});
