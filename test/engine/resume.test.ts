/**
 * A sync stopped while reading the tenant starts over, so its data is the tenant as it is when
 * the next run ends, however the tenant changed in between: after Ctrl-C (SIGINT, exit 130) and
 * after a hard kill (SIGKILL). One stopped after reading everything (while expanding) is
 * continued, with no request to the tenant.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { C1zReader, createLogger, EXIT_CODES, InterruptedError, syncToFile } from "../../src/core/index.ts";
import { captureStream } from "../../src/cli/io.ts";
import { FAST_HTTP, tempDir } from "../../src/testkit/index.ts";
import { startDirectoryServer, type DirectoryServer } from "./_directory-api.ts";
import { directoryConnector } from "./_directory-connector.ts";

const CHILD = join(import.meta.dirname, "_sync-child.ts");

async function rows(file: string): Promise<string[]> {
  const reader = await C1zReader.open(file);
  try {
    const syncId = reader.resolveSyncId();
    return [
      ...[...reader.resources(syncId)].map((x) => JSON.stringify(x)),
      ...[...reader.entitlements(syncId)].map((x) => JSON.stringify(x)),
      ...[...reader.grants(syncId)].map((x) => JSON.stringify(x)),
    ];
  } finally {
    reader.close();
  }
}

/** Starts the child sync and sends `signal` once the server has answered `afterRequests` requests. */
function runChildUntil(api: DirectoryServer, file: string, signal: NodeJS.Signals, afterRequests: number) {
  const child = spawn(process.execPath, [CHILD, api.origin, api.apiKey, file], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let sent = false;
  const before = [...api.hits.values()].reduce((a, b) => a + b, 0);
  api.onRequest = (_path, count) => {
    if (!sent && count - before >= afterRequests) {
      sent = true;
      child.kill(signal);
    }
  };
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, stderr })),
  );
}

async function referenceRows(t: TestContext, api: DirectoryServer): Promise<string[]> {
  const file = join(tempDir(t), "reference.c1z");
  await syncToFile({ connector: connector(api), file });
  return rows(file);
}

function connector(api: DirectoryServer) {
  return directoryConnector(
    { apiKey: api.apiKey, baseUrl: api.origin },
    { logger: createLogger({ level: "error", format: "json", stream: captureStream() }), http: FAST_HTTP },
  );
}

/** Joiners, a leaver and a membership change, as a tenant changes between two runs. */
function changeTenant(api: DirectoryServer): void {
  const { users, groups, roles } = api.data;
  users.splice(2, 1);
  for (const group of groups) group.members = group.members.filter((id) => id !== "u2");
  users.push(
    { id: "u90", email: "user90@example.test", name: "User 90", active: true },
    { id: "u91", email: "user91@example.test", name: "User 91", active: true },
  );
  groups[0]!.members.push("u90");
  roles[1]!.users.push("u91");
}

// A full sync of the test directory makes 23 requests. After 12 the walk is listing resources;
// after 18 it is fetching grants.
const STOPS = [
  { signal: "SIGINT", afterRequests: 12 },
  { signal: "SIGINT", afterRequests: 18 },
  { signal: "SIGKILL", afterRequests: 12 },
  { signal: "SIGKILL", afterRequests: 18 },
] as const;

for (const { signal, afterRequests } of STOPS) {
  test(`a sync stopped by ${signal} after ${afterRequests} requests, the tenant changing meanwhile, starts over to the tenant as it is`, async (t) => {
    const api = await startDirectoryServer();
    t.after(() => api.close());
    const file = join(tempDir(t), "sync.c1z");

    api.latencyMs = 15; // slow enough that the signal lands mid-walk
    const first = await runChildUntil(api, file, signal, afterRequests);
    api.onRequest = undefined;
    api.latencyMs = 0;
    if (signal === "SIGINT") assert.equal(first.code, EXIT_CODES.interrupted, first.stderr);
    else assert.equal(first.signal, "SIGKILL");
    assert.equal(existsSync(file), false, "no c1z is written for an unfinished sync");

    changeTenant(api);
    const expected = await referenceRows(t, api);
    const log = captureStream();
    const rerun = await syncToFile({
      connector: connector(api),
      file,
      logger: createLogger({ level: "info", format: "json", stream: log }),
    });
    assert.equal(rerun.resumed, false);
    assert.match(log.text(), /starting the sync over: the unfinished one stopped while reading the tenant/);
    assert.deepEqual(await rows(file), expected);
    const reader = await C1zReader.open(file);
    t.after(() => reader.close());
    assert.deepEqual(
      reader.syncs().map((sync) => Boolean(sync.endedAt)),
      [true],
      "the stopped sync is not kept",
    );
  });
}

test("a sync stopped after it read everything (while expanding) is continued without a request to the tenant", async (t) => {
  const api = await startDirectoryServer();
  t.after(() => api.close());
  const expected = await referenceRows(t, api);
  const file = join(tempDir(t), "sync.c1z");
  const controller = new AbortController();
  await assert.rejects(
    syncToFile({
      connector: connector(api),
      file,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === "expansion") controller.abort(new InterruptedError("SIGINT"));
      },
    }),
    InterruptedError,
  );
  const before = [...api.hits.values()].reduce((a, b) => a + b, 0);
  const rerun = await syncToFile({ connector: connector(api), file });
  assert.equal(rerun.resumed, true);
  const made = [...api.hits.values()].reduce((a, b) => a + b, 0) - before;
  assert.ok(made <= 1, `${made} requests: only validation's`);
  assert.deepEqual(await rows(file), expected);
});
