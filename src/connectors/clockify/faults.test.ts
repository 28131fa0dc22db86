/**
 * The sync under injected faults: retried ones change nothing; a repeated page fails instead of
 * dropping members; an interrupted sync resumes from its checkpoint to the same data.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setImmediate } from "node:timers/promises";
import { InterruptedError, isIdsyncError } from "../../core/index.ts";
import type { FaultSpec } from "../../simulators/index.ts";
import { FAST_HTTP, openC1z, syncWith, tempDir } from "../../testkit/index.ts";
import { memberListingRequests, rowsOf, serveClockify, smallPages, USERS_PAGE_SIZE } from "./_test-support.ts";

const USERS = "/api/v1/workspaces/:workspaceId/users";
const GROUPS = "/api/v1/workspaces/:workspaceId/user-groups";

describe("Clockify sync under faults", () => {
  test("429s, 5xx, dropped connections, slow and reshuffled pages give the same data as a clean sync", async (t) => {
    const faults: FaultSpec[] = [
      { kind: "rate-limit", path: USERS, times: 3 },
      { kind: "server-error", status: 500, path: USERS, every: 5 },
      { kind: "server-error", status: 502, path: GROUPS, times: 2 },
      { kind: "drop", path: GROUPS, every: 3, times: 2 },
      { kind: "slow", delayMs: 30, path: USERS, every: 2 },
      { kind: "change-page", path: USERS, times: 2 },
    ];
    const clean = await serveClockify(t);
    const faulty = await serveClockify(t, { faults });
    const dir = tempDir(t);
    await syncWith(smallPages, clean.settings, join(dir, "clean.c1z"));
    const run = await syncWith(smallPages, faulty.settings, join(dir, "faulty.c1z"));

    const applied = faulty.simulator.faults.applied.byKind;
    for (const kind of ["rate-limit", "server-error", "drop", "slow", "change-page"] as const)
      assert.ok(applied[kind] > 0, `${kind} was served`);
    const retried = applied["rate-limit"] + applied["server-error"] + applied.drop;
    assert.equal(run.summary.requests.retries, retried, "every refused request was retried, nothing else");
    const a = await openC1z(t, join(dir, "clean.c1z"));
    const b = await openC1z(t, join(dir, "faulty.c1z"));
    assert.deepEqual(rowsOf(b.reader, b.syncId), rowsOf(a.reader, a.syncId));
  });

  test("a page slower than the timeout is retried", async (t) => {
    const clean = await serveClockify(t);
    const slow = await serveClockify(t, {
      faults: [{ kind: "slow", delayMs: 1_000, path: USERS, every: 3, times: 1 }],
    });
    const dir = tempDir(t);
    await syncWith(smallPages, clean.settings, join(dir, "clean.c1z"));
    const run = await syncWith(smallPages, slow.settings, join(dir, "slow.c1z"), {
      deps: { http: { ...FAST_HTTP, timeoutMs: 250 } },
    });
    assert.equal(slow.simulator.faults.applied.byKind.slow, 1);
    // On a loaded machine another answer may also pass 250 ms; each timed-out attempt is retried.
    const timedOut = run.log.split("\n").filter((line) => /timed out/.test(line)).length;
    assert.ok(timedOut >= 1, "the slow page timed out");
    assert.equal(run.summary.requests.retries, timedOut);
    const a = await openC1z(t, join(dir, "clean.c1z"));
    const b = await openC1z(t, join(dir, "slow.c1z"));
    assert.deepEqual(rowsOf(b.reader, b.syncId), rowsOf(a.reader, a.syncId));
  });

  test("a repeated page fails the sync instead of dropping members; the next run starts over to the full data", async (t) => {
    const clean = await serveClockify(t);
    // The third request to the users list (probe, page 1, page 2) gets page 1's body again.
    const faulty = await serveClockify(t, { faults: [{ kind: "repeat-page", path: USERS, every: 3, times: 1 }] });
    const dir = tempDir(t);
    await syncWith(smallPages, clean.settings, join(dir, "clean.c1z"));
    const file = join(dir, "faulty.c1z");
    await assert.rejects(syncWith(smallPages, faulty.settings, file), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.equal(error.kind, "sync-failed");
      assert.match(error.message, /page 2 of members .* a page was repeated/);
      return true;
    });
    assert.equal(faulty.simulator.faults.applied.byKind["repeat-page"], 1);
    const rerun = await syncWith(smallPages, faulty.settings, file);
    assert.equal(rerun.summary.resumed, false, "a sync stopped while reading starts over");
    const a = await openC1z(t, join(dir, "clean.c1z"));
    const b = await openC1z(t, file);
    assert.deepEqual(rowsOf(b.reader, b.syncId), rowsOf(a.reader, a.syncId));
  });

  test("validation's one-member answer served again for page 1 is read again, not taken as the page", async (t) => {
    const clean = await serveClockify(t);
    // The second request to the users list (probe, then page 1) gets the probe's one-member body,
    // with page 1's `Last-Page: false`: taken as it came, page 2 would follow and the members
    // between would be missing from a sync that says done.
    const faulty = await serveClockify(t, { faults: [{ kind: "repeat-page", path: USERS, every: 2, times: 1 }] });
    const dir = tempDir(t);
    await syncWith(smallPages, clean.settings, join(dir, "clean.c1z"));
    const run = await syncWith(smallPages, faulty.settings, join(dir, "faulty.c1z"));
    assert.equal(faulty.simulator.faults.applied.byKind["repeat-page"], 1);
    assert.equal(run.summary.requests.retries, 0, "a re-read is not a retry of a failed request");
    const a = await openC1z(t, join(dir, "clean.c1z"));
    const b = await openC1z(t, join(dir, "faulty.c1z"));
    assert.deepEqual(rowsOf(b.reader, b.syncId), rowsOf(a.reader, a.syncId));
  });

  test("an interrupted sync starts over on the next run, to the same data, walking the members once", async (t) => {
    const clean = await serveClockify(t);
    const served = await serveClockify(t);
    const { tenant, simulator } = served;
    // Requests to the users list: the validation probe, page 1, page 2, then page 3 hangs.
    const hang = simulator.faults.add({ kind: "hang", path: USERS, every: 4, times: 1 });
    const dir = tempDir(t);
    await syncWith(smallPages, clean.settings, join(dir, "clean.c1z"));
    const file = join(dir, "sync.c1z");
    const controller = new AbortController();
    const first = syncWith(smallPages, served.settings, file, { signal: controller.signal });
    while (hang.applied === 0) await setImmediate();
    controller.abort(new InterruptedError("SIGINT"));
    await assert.rejects(first, InterruptedError);

    const usersPath = `/api/v1/workspaces/${tenant.workspaceId}/users`;
    const before = simulator.stats().byPath[usersPath] ?? 0;
    const rerun = await syncWith(smallPages, served.settings, file);
    assert.equal(rerun.summary.resumed, false);
    // The roles listing reuses the users listing's walk of the members in the same run.
    const walk = memberListingRequests(tenant, USERS_PAGE_SIZE);
    assert.equal(
      (simulator.stats().byPath[usersPath] ?? 0) - before,
      1 + walk,
      "the probe and one walk of the members",
    );
    const a = await openC1z(t, join(dir, "clean.c1z"));
    const b = await openC1z(t, file);
    assert.deepEqual(rowsOf(b.reader, b.syncId), rowsOf(a.reader, a.syncId));
  });
});
