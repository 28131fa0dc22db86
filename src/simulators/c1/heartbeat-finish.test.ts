import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Code } from "@connectrpc/connect";

import { authorizedClient, fakeForTest, helloRequest, HOST_ID, rejectsWith } from "./_test-support.ts";
import { GrpcCode, type FakeC1, type TaskSpec } from "./index.ts";

/** A client past Hello that has taken the given tasks from the queue. */
async function withTasks(fake: FakeC1, ...specs: TaskSpec[]) {
  const { client } = await authorizedClient(fake);
  await client.hello(helloRequest());
  const ids = specs.map((spec) => fake.queueTask(spec));
  for (const _ of ids) await client.getTask({ hostId: HOST_ID });
  return { client, ids };
}

const failure = (code: number, message: string, nonRetryable = false) => ({
  status: { code, message },
  finalState: { case: "error" as const, value: { nonRetryable } },
});

describe("fake ConductorOne: Heartbeat", () => {
  it("answers next_heartbeat, counts beats and cancels on the scripted one", async (t) => {
    const fake = await fakeForTest(t);
    fake.script.nextHeartbeatMs = 1500;
    const { client, ids } = await withTasks(fake, { type: "sync_full", heartbeat: { cancelAtBeat: 2 } });
    const first = await client.heartbeat({ hostId: HOST_ID, taskId: ids[0]! });
    const second = await client.heartbeat({ hostId: HOST_ID, taskId: ids[0]! });
    assert.deepEqual([first.cancelled, second.cancelled], [false, true]);
    assert.deepEqual([first.nextHeartbeat?.seconds, first.nextHeartbeat?.nanos], [1n, 500_000_000]);
    assert.deepEqual(
      fake.heartbeats.map((beat) => [beat.beat, beat.answer]),
      [
        [1, "ok"],
        [2, "cancelled"],
      ],
    );
    assert.ok(fake.heartbeats[1]!.at >= fake.heartbeats[0]!.at, "monotonic times");
    assert.deepEqual(fake.violations, []);
  });

  it("fails the scripted beats with 14 Unavailable", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "sync_full", heartbeat: { failBeats: [1, 3] } });
    const taskId = ids[0]!;
    await rejectsWith(client.heartbeat({ hostId: HOST_ID, taskId }), Code.Unavailable);
    await client.heartbeat({ hostId: HOST_ID, taskId });
    await rejectsWith(client.heartbeat({ hostId: HOST_ID, taskId }), Code.Unavailable);
    assert.deepEqual(
      fake.heartbeats.map((beat) => beat.answer),
      ["Unavailable", "ok", "Unavailable"],
    );
    assert.deepEqual(fake.violations, []);
  });

  it("refuses beats for a task it never handed out, a task that is not a sync, or a finished one", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "sync_full" }, { type: "grant" });
    const [sync, grant] = ids as [string, string];
    const queued = fake.queueTask({ type: "sync_full" });
    await rejectsWith(
      client.heartbeat({ hostId: HOST_ID, taskId: "not-a-task" }),
      Code.InvalidArgument,
      /not 27 letters and digits/,
    );
    await rejectsWith(client.heartbeat({ hostId: HOST_ID, taskId: queued }), Code.NotFound, /never handed out/);
    await rejectsWith(
      client.heartbeat({ hostId: HOST_ID, taskId: grant }),
      Code.FailedPrecondition,
      /only sync_full tasks heartbeat/,
    );
    await client.finishTask({ hostId: HOST_ID, taskId: sync, ...failure(1, "cancelled") });
    await rejectsWith(client.heartbeat({ hostId: HOST_ID, taskId: sync }), Code.FailedPrecondition, /already finished/);
    assert.equal(fake.violations.length, 4);
  });
});

describe("fake ConductorOne: FinishTask", () => {
  it("records a success and an error with code, message and non_retryable", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "hello" }, { type: "grant" });
    await client.finishTask({ hostId: HOST_ID, taskId: ids[0]!, finalState: { case: "success", value: {} } });
    await client.finishTask({ hostId: HOST_ID, taskId: ids[1]!, ...failure(9, "provisioning is not enabled", true) });
    assert.deepEqual(
      fake.finishes.map(({ taskId, outcome, code, message, nonRetryable, spec }) => ({
        taskId,
        outcome,
        code,
        message,
        nonRetryable,
        type: spec?.type,
      })),
      [
        { taskId: ids[0], outcome: "success", code: 0, message: "", nonRetryable: false, type: "hello" },
        {
          taskId: ids[1],
          outcome: "error",
          code: 9,
          message: "provisioning is not enabled",
          nonRetryable: true,
          type: "grant",
        },
      ],
    );
    assert.deepEqual(fake.violations, []);
  });

  it("refuses a success with a status, an error without a code, and no final state: 3 InvalidArgument", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "grant" });
    const taskId = ids[0]!;
    await rejectsWith(
      client.finishTask({ hostId: HOST_ID, taskId, status: { code: 0 }, finalState: { case: "success", value: {} } }),
      Code.InvalidArgument,
      /status is set/,
    );
    await rejectsWith(
      client.finishTask({ hostId: HOST_ID, taskId, ...failure(0, "oops") }),
      Code.InvalidArgument,
      /status.code must be non-zero/,
    );
    await rejectsWith(client.finishTask({ hostId: HOST_ID, taskId }), Code.InvalidArgument, /final_state is required/);
    assert.equal(fake.violations.length, 3);
    assert.equal(fake.finishes.length, 0);
  });

  it("refuses a second finish, and a task it never handed out", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "grant" });
    await client.finishTask({ hostId: HOST_ID, taskId: ids[0]!, ...failure(9, "no") });
    await rejectsWith(
      client.finishTask({ hostId: HOST_ID, taskId: ids[0]!, ...failure(9, "no") }),
      Code.FailedPrecondition,
      /already finished/,
    );
    await rejectsWith(
      client.finishTask({ hostId: HOST_ID, taskId: "A".repeat(27), ...failure(9, "no") }),
      Code.NotFound,
    );
    assert.equal(fake.finishes.length, 1);
  });

  it("answers scripted failures without finishing the task", async (t) => {
    const fake = await fakeForTest(t);
    fake.script.finishFailures.push(GrpcCode.Unavailable);
    const { client, ids } = await withTasks(fake, { type: "grant" });
    await rejectsWith(client.finishTask({ hostId: HOST_ID, taskId: ids[0]!, ...failure(9, "no") }), Code.Unavailable);
    await client.finishTask({ hostId: HOST_ID, taskId: ids[0]!, ...failure(9, "no") });
    assert.equal(fake.finishes.length, 1);
    assert.deepEqual(fake.violations, []);
  });

  it("records a sync that says success without an accepted upload, which would lose the sync", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "sync_full" });
    await client.finishTask({ hostId: HOST_ID, taskId: ids[0]!, finalState: { case: "success", value: {} } });
    assert.deepEqual(fake.violations, [
      `FinishTask: sync_full task ${ids[0]} finished with success but no upload was accepted`,
    ]);
  });

  it("lets a test wait for finishes, and says what it saw when they do not come", async (t) => {
    const fake = await fakeForTest(t);
    const { client, ids } = await withTasks(fake, { type: "grant" }, { type: "revoke" });
    const waiting = fake.waitFor(() => fake.finishes.length === 2, { what: "two finished tasks" });
    for (const taskId of ids) await client.finishTask({ hostId: HOST_ID, taskId, ...failure(9, "read-only", true) });
    await waiting;
    await assert.rejects(
      fake.waitFor(() => fake.finishes.length === 3, { timeoutMs: 50, what: "a third finished task" }),
      (error: Error) => {
        assert.match(error.message, /timed out after 50 ms waiting for a third finished task/);
        assert.match(error.message, /Hello OK ×1, GetTask OK ×2, FinishTask OK ×2; violations: none/);
        return true;
      },
    );
  });
});
