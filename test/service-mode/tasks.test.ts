/**
 * Service mode's answers to what ConductorOne asks and how it interrupts: cancels, failing
 * heartbeats and uploads, tasks a read-only connector does not do, hello tasks, and task
 * concurrency (c1-service-mode.md §7.3, scenarios 6–11 and 13).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GrpcCode, type FakeC1 } from "../../src/simulators/c1/index.ts";
import { assertConformantUpload, assertNoSecrets, fakeC1, logLines, runInProcess } from "./_harness.ts";

/** Slow enough answers that a sync outlasts many 20 ms heartbeats (the harness waits a fiftieth). */
const SLOW_TENANT = { latencyMs: 150 };

function finishOf(fake: FakeC1, taskId: string) {
  return fake.finishes.find((finish) => finish.taskId === taskId);
}

describe("service mode: a sync interrupted", () => {
  test("ConductorOne cancelling on the 2nd heartbeat stops the sync: FinishTask code 1, retryable, nothing uploaded", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full", heartbeat: { cancelAtBeat: 2 } });
    const running = await runInProcess(t, fake, { simulator: SLOW_TENANT });
    await fake.waitFor(() => finishOf(fake, taskId) !== undefined, { timeoutMs: 30_000, what: "the task to finish" });
    assert.equal(await running.stop(), 0);
    const finish = finishOf(fake, taskId)!;
    assert.deepEqual([finish.outcome, finish.code, finish.nonRetryable], ["error", 1, false]);
    assert.match(finish.message, /ConductorOne cancelled the task/);
    assert.equal(fake.uploads.filter((upload) => upload.accepted).length, 0);
    const beats = fake.heartbeats.filter((beat) => beat.taskId === taskId);
    assert.equal(beats.at(-1)!.beat, 2, "no heartbeat after the cancel");
    const line = logLines(running.log()).find((entry) => entry["msg"] === "task finished");
    assert.equal(line?.["outcome"], "cancelled");
    assert.deepEqual(fake.violations, []);
  });

  test("a failed first heartbeat still gets a FinishTask (unlike Go), with the call's code", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full", heartbeat: { failBeats: [1] } });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => finishOf(fake, taskId) !== undefined, { what: "the task to finish" });
    assert.equal(await running.stop(), 0);
    const finish = finishOf(fake, taskId)!;
    assert.deepEqual([finish.outcome, finish.code, finish.nonRetryable], ["error", GrpcCode.Unavailable, false]);
    assert.equal(fake.uploads.length, 0, "no sync ran");
  });

  test("nine failed heartbeats in a row cancel the task locally: code 1", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full", heartbeat: { failBeats: [2, 3, 4, 5, 6, 7, 8, 9, 10] } });
    const running = await runInProcess(t, fake, { simulator: SLOW_TENANT });
    await fake.waitFor(() => finishOf(fake, taskId) !== undefined, { timeoutMs: 30_000, what: "the task to finish" });
    assert.equal(await running.stop(), 0);
    const finish = finishOf(fake, taskId)!;
    assert.deepEqual([finish.outcome, finish.code, finish.nonRetryable], ["error", 1, false]);
    assert.match(finish.message, /9 heartbeats in a row failed/);
    assert.equal(fake.heartbeats.filter((beat) => beat.taskId === taskId).length, 10);
    const warnings = logLines(running.log()).filter((line) => line["msg"] === "heartbeat failed");
    assert.deepEqual(
      warnings.map((line) => line["failures"]),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });
});

describe("service mode: the upload", () => {
  test("one failed stream is sent again whole, from its metadata, then success", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full", uploadFailures: 1 });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => finishOf(fake, taskId) !== undefined, { timeoutMs: 30_000, what: "the task to finish" });
    assert.equal(await running.stop(), 0);
    assert.deepEqual(
      fake.uploads.map((upload) => [upload.taskId, upload.accepted]),
      [
        [taskId, false],
        [taskId, true],
      ],
    );
    await assertConformantUpload(t, fake.uploads[1]!, "full");
    assert.equal(finishOf(fake, taskId)!.outcome, "success");
    assert.deepEqual(fake.violations, []);
  });

  test("three failed streams end the task with FinishTask error 14, after waits of 0 s and 1 s", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full", uploadFailures: 3 });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => finishOf(fake, taskId) !== undefined, { timeoutMs: 30_000, what: "the task to finish" });
    assert.equal(await running.stop(), 0);
    assert.equal(fake.uploads.length, 3);
    const finish = finishOf(fake, taskId)!;
    assert.deepEqual([finish.outcome, finish.code, finish.nonRetryable], ["error", GrpcCode.Unavailable, false]);
    const retries = logLines(running.log()).filter((line) => line["msg"] === "upload failed, trying again");
    assert.deepEqual(
      retries.map((line) => line["waitMs"]),
      [0, 1000],
    );
  });
});

describe("service mode: tasks a read-only connector does not run", () => {
  test("grant and revoke: FinishTask 9 FailedPrecondition, not retryable", async (t) => {
    const fake = await fakeC1(t);
    const grant = fake.queueTask({ type: "grant" });
    const revoke = fake.queueTask({ type: "revoke" });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.finishes.length === 2, { what: "both answers" });
    assert.equal(await running.stop(), 0);
    for (const id of [grant, revoke]) {
      const finish = finishOf(fake, id)!;
      assert.deepEqual(
        [finish.outcome, finish.code, finish.nonRetryable],
        ["error", GrpcCode.FailedPrecondition, true],
      );
      assert.match(finish.message, /provisioning is not enabled/);
    }
    assert.deepEqual(fake.violations, []);
  });

  test("create_sync_diff and a task type this build does not know: code 2 'unsupported task type', retryable", async (t) => {
    const fake = await fakeC1(t);
    const diff = fake.queueTask({ type: "create_sync_diff" });
    const unknown = fake.queueTask({ type: "unknown", fieldNumber: 150 });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.finishes.length === 2, { what: "both answers" });
    assert.equal(await running.stop(), 0);
    for (const id of [diff, unknown]) {
      const finish = finishOf(fake, id)!;
      assert.deepEqual(
        [finish.outcome, finish.code, finish.message, finish.nonRetryable],
        ["error", GrpcCode.Unknown, "unsupported task type", false],
      );
    }
    const types = logLines(running.log())
      .filter((line) => line["msg"] === "task started")
      .map((line) => line["taskType"]);
    assert.deepEqual(types, ["create_sync_diff", "unknown"]);
  });

  test("a hello task is answered by a Hello naming it, and no FinishTask", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "hello" });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.hellos.length === 2, { what: "the second Hello" });
    assert.equal(await running.stop(), 0);
    assert.deepEqual(
      fake.hellos.map((hello) => hello.request.taskId),
      ["", taskId],
    );
    assert.equal(fake.finishes.length, 0);
    assert.deepEqual(fake.violations, []);
  });
});

describe("service mode: concurrency", () => {
  test("five syncs with --task-concurrency 2: never a poll while two run, and two do run at once", async (t) => {
    const fake = await fakeC1(t, { taskConcurrency: 2 });
    const ids = [1, 2, 3, 4, 5].map(() => fake.queueTask({ type: "sync_full" }));
    const running = await runInProcess(t, fake, { argv: ["--task-concurrency", "2"], simulator: { latencyMs: 20 } });
    await fake.waitFor(() => fake.finishes.length === 5, { timeoutMs: 60_000, what: "five syncs" });
    assert.equal(await running.stop(), 0);
    assert.deepEqual(fake.violations, [], "the fake records any GetTask made with both slots taken");
    assert.deepEqual(
      fake.finishes.map((finish) => finish.outcome),
      ["success", "success", "success", "success", "success"],
    );
    // Each task runs from its first heartbeat to its finish; count how many overlap at most.
    const spans = ids.map(
      (id) => [fake.heartbeats.find((beat) => beat.taskId === id)!.at, finishOf(fake, id)!.at] as const,
    );
    const most = Math.max(...spans.map(([start]) => spans.filter(([from, to]) => from <= start && start < to).length));
    assert.equal(most, 2);
    assertNoSecrets(fake, running);
  });
});
