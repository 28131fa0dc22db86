/**
 * Interrupted syncs resume instead of starting over, and finish with exactly the data of an
 * uninterrupted run: after Ctrl-C (SIGINT, exit 130) and after a hard kill (SIGKILL).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { C1zReader, createLogger, EXIT_CODES, syncToFile } from "../../src/core/index.ts";
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

// A full sync of the test directory makes 23 requests. After 12 the walk is listing resources;
// after 18 it is fetching grants. SIGINT checkpoints exactly where it stopped, so a resume
// re-fetches at most the pages in flight; SIGKILL loses what followed the last checkpoint
// (a phase boundary here, as these syncs take well under the 10 s checkpoint interval).
const STOPS = [
  { signal: "SIGINT", afterRequests: 12, maxResumeRequests: 15 },
  { signal: "SIGINT", afterRequests: 18, maxResumeRequests: 9 },
  { signal: "SIGKILL", afterRequests: 12, maxResumeRequests: 23 },
  { signal: "SIGKILL", afterRequests: 18, maxResumeRequests: 12 },
] as const;

for (const { signal, afterRequests, maxResumeRequests } of STOPS) {
  test(`a sync stopped by ${signal} after ${afterRequests} requests resumes and ends with the uninterrupted data`, async (t) => {
    const api = await startDirectoryServer();
    t.after(() => api.close());
    const expected = await referenceRows(t, api);
    const file = join(tempDir(t), "sync.c1z");

    api.latencyMs = 15; // slow enough that the signal lands mid-walk
    const first = await runChildUntil(api, file, signal, afterRequests);
    api.onRequest = undefined;
    api.latencyMs = 0;
    if (signal === "SIGINT") assert.equal(first.code, EXIT_CODES.interrupted, first.stderr);
    else assert.equal(first.signal, "SIGKILL");
    assert.equal(existsSync(file), false, "no c1z is written for an unfinished sync");

    const requestsBefore = [...api.hits.values()].reduce((a, b) => a + b, 0);
    const resumed = await syncToFile({ connector: connector(api), file });
    assert.equal(resumed.resumed, true, "the second run resumed the checkpointed sync");
    const requestsAfter = [...api.hits.values()].reduce((a, b) => a + b, 0);
    const made = requestsAfter - requestsBefore;
    assert.ok(made <= maxResumeRequests, `resume made ${made} requests, expected at most ${maxResumeRequests}`);
    assert.deepEqual(await rows(file), expected);
  });
}
