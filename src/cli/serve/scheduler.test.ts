/**
 * The scheduler on a hand-moved clock with syncs the test ends by hand: the order runs start in,
 * the concurrency bound, intervals counted from a run's end, early retries, shutdown and logs.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError, createLogger, InterruptedError, registerSecret, type SyncSummary } from "../../core/index.ts";
import { findConnector } from "../../connectors/index.ts";
import { captureStream } from "../io.ts";
import { ManualClock } from "./_test-support.ts";
import type { ServeJob } from "./config.ts";
import { nextDelayMs, RETRY_FIRST_MS, Scheduler, type RunRecord, type RunSync } from "./scheduler.ts";

const MINUTE = 60_000;

function job(name: string, everyMs = 10 * MINUTE): ServeJob {
  return {
    definition: findConnector(name)!,
    name,
    file: `/data/${name}.c1z`,
    every: `${everyMs / MINUTE}m`,
    everyMs,
    settings: {} as ServeJob["settings"],
  };
}

function summary(name: string): SyncSummary {
  return {
    connector: name,
    file: `/data/${name}.c1z`,
    syncId: `sync-${name}`,
    syncType: "full",
    resumed: false,
    stats: {
      resourceTypes: 1,
      resources: 3,
      entitlements: 1,
      grants: 2,
      assets: 0,
      resourcesByType: { user: 3 },
      entitlementsByType: {},
      grantsByType: {},
    },
    expansion: { derivedGrants: 0 } as SyncSummary["expansion"],
    requests: { requests: 1, retries: 0, rateLimited: 0 },
    durationMs: 0,
  };
}

interface Call {
  job: string;
  signal: AbortSignal;
  succeed(): void;
  fail(error: unknown): void;
}

/** Syncs that end when the test says so, or (as real ones do) when their signal aborts. */
function handRuns(honourAbort: boolean): { calls: Call[]; runSync: RunSync } {
  const calls: Call[] = [];
  const runSync: RunSync = (target, signal) =>
    new Promise<SyncSummary>((resolve, reject) => {
      calls.push({ job: target.name, signal, succeed: () => resolve(summary(target.name)), fail: reject });
      if (honourAbort) signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
    });
  return { calls, runSync };
}

/** Lets the promise callbacks of an ended run (bookkeeping, the next start) happen. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setUp(jobs: ServeJob[], options: { concurrency?: number; once?: boolean; honourAbort?: boolean } = {}) {
  const clock = new ManualClock();
  const { calls, runSync } = handRuns(options.honourAbort ?? true);
  const log = captureStream();
  const logger = createLogger({ format: "json", stream: log, now: () => clock.now() });
  const scheduler = new Scheduler({
    jobs,
    concurrency: options.concurrency ?? 2,
    runSync,
    clock,
    logger,
    ...(options.once ? { once: true } : {}),
  });
  const state = (name: string) => scheduler.states().find((s) => s.job.name === name)!;
  const logLines = () =>
    log
      .text()
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { clock, calls, scheduler, state, logLines };
}

describe("serve scheduler", () => {
  test("every connector starts at once, at most `concurrency` at a time, the rest in config order", async () => {
    const { calls, scheduler, state, clock } = setUp([job("clockify"), job("codefresh"), job("env0")]);
    scheduler.start();
    assert.deepEqual(
      calls.map((c) => c.job),
      ["clockify", "codefresh"],
    );
    assert.equal(state("clockify").running, true);
    assert.equal(state("env0").running, false);
    assert.equal(state("env0").nextRunAt, clock.now(), "due now, waiting for a slot");

    calls[1]!.succeed();
    await settle();
    assert.deepEqual(
      calls.map((c) => c.job),
      ["clockify", "codefresh", "env0"],
    );
    assert.equal(scheduler.states().filter((s) => s.running).length, 2);
    await scheduler.stop();
  });

  test("the next run starts `every` after the previous one ended, never while it runs", async () => {
    const { calls, scheduler, state, clock } = setUp([job("clockify", 10 * MINUTE)]);
    const start = clock.now();
    scheduler.start();
    clock.advance(30 * MINUTE); // a sync longer than its interval
    assert.equal(calls.length, 1, "no second run while the first is running");
    calls[0]!.succeed();
    await settle();
    const ended = start + 30 * MINUTE;
    assert.equal(state("clockify").lastRun?.endedAt, ended);
    assert.equal(state("clockify").nextRunAt, ended + 10 * MINUTE);
    clock.advance(10 * MINUTE - 1);
    assert.equal(calls.length, 1);
    clock.advance(1);
    assert.equal(calls.length, 2);
    assert.equal(state("clockify").running, true);
    assert.equal(state("clockify").nextRunAt, undefined);
    calls[1]!.succeed();
    await settle();
    assert.deepEqual(state("clockify").runs, { ok: 2, failed: 0 });
    await scheduler.stop();
  });

  test("a transient failure is retried after 1, 2, 4… minutes, never later than every; a refused key waits every", async () => {
    const { calls, scheduler, state, clock } = setUp([job("env0", 5 * MINUTE)]);
    scheduler.start();
    const unavailable = () =>
      new ApiError("unavailable", "GET /organizations returned 503", { endpoint: "GET /organizations", status: 503 });
    const expected = [1, 2, 4, 5].map((m) => m * MINUTE);
    for (const [i, wait] of expected.entries()) {
      calls[i]!.fail(unavailable());
      await settle();
      assert.equal(state("env0").consecutiveFailures, i + 1);
      assert.equal(state("env0").nextRunAt, clock.now() + wait, `failure ${i + 1} waits ${wait / MINUTE} min`);
      clock.advance(wait);
      assert.equal(calls.length, i + 2);
    }
    calls[4]!.fail(
      new ApiError("unauthenticated", "env0 refused the API key", { endpoint: "GET /organizations", status: 401 }),
    );
    await settle();
    assert.equal(state("env0").nextRunAt, clock.now() + 5 * MINUTE);
    assert.equal(state("env0").lastRun?.error?.kind, "unauthenticated");
    clock.advance(5 * MINUTE);
    calls[5]!.succeed();
    await settle();
    assert.equal(state("env0").consecutiveFailures, 0);
    assert.deepEqual(state("env0").runs, { ok: 1, failed: 5 });
    assert.equal(state("env0").lastSuccess?.outcome, "ok");
    await scheduler.stop();
  });

  test("nextDelayMs: only unavailable, rate-limited and timeout retry early", () => {
    const failed = (kind: string): RunRecord => ({
      startedAt: 0,
      endedAt: 0,
      outcome: "failed",
      error: { kind, message: "x" },
    });
    assert.equal(nextDelayMs(3_600_000, failed("rate-limited"), 1), RETRY_FIRST_MS);
    assert.equal(nextDelayMs(3_600_000, failed("timeout"), 3), 4 * RETRY_FIRST_MS);
    assert.equal(nextDelayMs(3_600_000, failed("unavailable"), 40), 3_600_000);
    for (const kind of [
      "unauthenticated",
      "permission-denied",
      "not-found",
      "invalid-config",
      "sync-failed",
      "internal",
    ]) {
      assert.equal(nextDelayMs(3_600_000, failed(kind), 1), 3_600_000, kind);
    }
    assert.equal(nextDelayMs(30_000, failed("unavailable"), 1), 30_000, "capped at every");
  });

  test("stop aborts the running syncs, waits for them, and schedules nothing more", async () => {
    const { calls, scheduler, state, clock } = setUp([job("clockify"), job("env0")], { honourAbort: false });
    scheduler.start();
    calls[0]!.succeed();
    await settle();
    assert.equal(clock.pending().length, 1, "clockify's next run is scheduled");

    const reason = new InterruptedError("SIGTERM");
    let stopped = false;
    const stopping = scheduler.stop(reason).then(() => (stopped = true));
    assert.equal(calls[1]!.signal.aborted, true, "the running sync was told to stop");
    assert.equal(calls[1]!.signal.reason, reason);
    await settle();
    assert.equal(stopped, false, "stop waits for the running sync to checkpoint");
    calls[1]!.fail(reason);
    await stopping;
    assert.equal(state("env0").lastRun?.error?.kind, "interrupted");
    assert.deepEqual(clock.pending(), []);
    clock.advance(24 * 60 * MINUTE);
    assert.equal(calls.length, 2, "nothing ran after stop");
    await scheduler.settled();
  });

  test("once: each connector runs once within the bound, then settled resolves with nothing scheduled", async () => {
    const { calls, scheduler, clock } = setUp([job("clockify"), job("codefresh"), job("env0")], {
      once: true,
      concurrency: 1,
    });
    let settled = false;
    void scheduler.settled().then(() => (settled = true));
    scheduler.start();
    for (let i = 0; i < 3; i++) {
      assert.equal(calls.length, i + 1, "one at a time");
      if (i === 1) calls[i]!.fail(new ApiError("unauthenticated", "refused", { endpoint: "GET /user", status: 401 }));
      else calls[i]!.succeed();
      await settle();
    }
    assert.equal(settled, true);
    assert.deepEqual(clock.pending(), []);
    assert.deepEqual(
      scheduler.states().map((s) => s.lastRun?.outcome),
      ["ok", "failed", "ok"],
    );
  });

  test("one structured line when a run starts and one when it ends, with no secret", async () => {
    const secret = "sched-secret-9f8e7d6c5b4a";
    registerSecret(secret);
    const { calls, scheduler, state, logLines } = setUp([job("clockify"), job("env0")]);
    scheduler.start();
    calls[0]!.succeed();
    calls[1]!.fail(
      new ApiError("unauthenticated", `key ${secret} refused`, {
        endpoint: "GET /x",
        status: 401,
        hint: `check ${secret}`,
      }),
    );
    await settle();
    const lines = logLines();
    const about = (connector: string) =>
      lines.filter((line) => line["connector"] === connector).map((line) => line["msg"]);
    assert.deepEqual(about("clockify"), ["sync run started", "sync run finished"]);
    assert.deepEqual(about("env0"), ["sync run started", "sync run failed"]);
    const finished = lines.find((line) => line["msg"] === "sync run finished")!;
    assert.equal(finished["outcome"], "ok");
    assert.equal(finished["resources"], 3);
    assert.equal(finished["grants"], 2);
    assert.equal(typeof finished["nextRunAt"], "string");
    const failed = lines.find((line) => line["msg"] === "sync run failed")!;
    assert.equal(failed["kind"], "unauthenticated");
    const everything = JSON.stringify(lines) + JSON.stringify(scheduler.states().map((s) => s.lastRun?.error));
    assert.ok(!everything.includes(secret), "the secret is in no log line and no recorded error");
    assert.match(state("env0").lastRun?.error?.message ?? "", /key \[REDACTED\] refused/);
    await scheduler.stop();
  });
});
