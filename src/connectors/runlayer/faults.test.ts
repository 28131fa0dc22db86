import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { isIdsyncError } from "../../core/index.ts";
import { tempDir } from "../../testkit/index.ts";
import { rowsOf, serveRunlayer, sortedRowsOf, syncRunlayer } from "./_test-support.ts";

const USERS = "/api/v1/users";
const ROLES = "/api/v1/roles";
const ASSIGNMENTS = "/api/v1/roles/assignments";
/** Enough users for several pages and a concurrent batch. */
const TENANT = { users: 450 };

describe("Runlayer sync under faults", () => {
  it("retries 429s, 5xx, dropped connections and a hung request to the same data", async (t) => {
    const clean = await syncRunlayer(t, { simulator: TENANT });
    const faulty = await serveRunlayer(t, {
      ...TENANT,
      faults: [
        { kind: "rate-limit", path: USERS, times: 2 },
        { kind: "drop", path: USERS, every: 3, times: 2 },
        { kind: "drop", afterBytes: 40, path: ASSIGNMENTS, times: 1 },
        { kind: "server-error", status: 500, path: ASSIGNMENTS, every: 2, times: 2 },
        { kind: "server-error", status: 502, path: ROLES, times: 1 },
        { kind: "hang", path: ASSIGNMENTS, every: 5, times: 1 },
        { kind: "change-page", path: USERS, every: 2, times: 2 },
      ],
    });
    const run = await syncRunlayer(t, { served: faulty, http: { timeoutMs: 300 } });
    const applied = faulty.simulator.faults.applied.byKind;
    for (const kind of ["rate-limit", "drop", "server-error", "hang", "change-page"] as const)
      assert.ok(applied[kind] > 0, `${kind} was served`);
    assert.ok(run.retries >= 8, `retries counted: ${run.retries}`);
    // A changed page only reorders rows within it; the rows themselves are the same.
    assert.deepEqual(sortedRowsOf(run.reader, run.syncId), sortedRowsOf(clean.reader, clean.syncId));
  });

  it("fails on a malformed JSON answer, leaves no file, and the next run starts over to the full data", async (t) => {
    const clean = await syncRunlayer(t, { simulator: TENANT });
    const served = await serveRunlayer(t, {
      ...TENANT,
      faults: [{ kind: "malformed-json", path: ASSIGNMENTS, every: 3, times: 1 }],
    });
    const file = join(tempDir(t), "sync.c1z");
    await assert.rejects(syncRunlayer(t, { served, file }), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.equal(error.kind, "invalid-response");
      assert.match(error.message, /GET \/roles\/assignments returned 200 OK with a body that is not JSON/);
      return true;
    });
    assert.equal(existsSync(file), false, "no half-written c1z");
    const rerun = await syncRunlayer(t, { served, file });
    assert.equal(rerun.resumed, false, "a sync stopped while reading starts over");
    assert.deepEqual(rowsOf(rerun.reader, rerun.syncId), rowsOf(clean.reader, clean.syncId));
  });

  it("a cache serving the validation probe's one-user answer to the first page costs one request, not one per user", async (t) => {
    const clean = await syncRunlayer(t, { simulator: { users: 250 } });
    const served = await serveRunlayer(t, { users: 250, faults: [{ kind: "repeat-page", path: USERS, times: 1 }] });
    const run = await syncRunlayer(t, { served });
    assert.equal(served.simulator.faults.applied.byKind["repeat-page"], 1);
    // The probe, the stale answer, the same page read again, then skip=100 and skip=200.
    assert.equal(served.simulator.stats().byPath[USERS], 5);
    assert.deepEqual(rowsOf(run.reader, run.syncId), rowsOf(clean.reader, clean.syncId));
  });

  it("fails on a repeated page instead of dropping users; the next run starts over to the full data", async (t) => {
    const clean = await syncRunlayer(t, { simulator: TENANT });
    // Requests to the user list: the validation probe, skip=0, skip=100, then skip=200 answered with skip=100's body.
    const served = await serveRunlayer(t, {
      ...TENANT,
      faults: [{ kind: "repeat-page", path: USERS, every: 4, times: 1 }],
    });
    const file = join(tempDir(t), "sync.c1z");
    await assert.rejects(syncRunlayer(t, { served, file }), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.equal(error.kind, "sync-failed");
      assert.match(error.message, /repeated a page of users: the page at skip=200/);
      return true;
    });
    assert.equal(served.simulator.faults.applied.byKind["repeat-page"], 1);
    const rerun = await syncRunlayer(t, { served, file });
    assert.equal(rerun.resumed, false, "a sync stopped while reading starts over");
    assert.deepEqual(rowsOf(rerun.reader, rerun.syncId), rowsOf(clean.reader, clean.syncId));
  });
});
