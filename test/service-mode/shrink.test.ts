/**
 * What the answer checks mean in service mode: every task syncs into a new file, so there is no
 * previous sync to shrink from and `--allow-shrink` says it changes nothing; the caller check
 * still holds, so a user list without the key's own user fails the task instead of uploading a
 * file with nobody in it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fakeC1, logLines, runInProcess } from "./_harness.ts";

describe("service mode: the answer checks", () => {
  test("an emptied user list fails the task (the key's own user is missing), --allow-shrink or not", async (t) => {
    const fake = await fakeC1(t);
    const good = fake.queueTask({ type: "sync_full" });
    const running = await runInProcess(t, fake, { name: "clockify", env: { BATON_ALLOW_SHRINK: "true" } });
    await fake.waitFor(() => fake.finishes.length === 1, { timeoutMs: 30_000, what: "the first sync" });
    running.served.simulator.faults.add({
      kind: "empty-list",
      path: "/api/v1/workspaces/:workspaceId/users",
      every: 1,
    });
    const emptied = fake.queueTask({ type: "sync_full" });
    await fake.waitFor(() => fake.finishes.length === 2, { timeoutMs: 30_000, what: "the second sync" });
    assert.equal(await running.stop(), 0);

    const finishOf = (taskId: string) => fake.finishes.find((finish) => finish.taskId === taskId)!;
    assert.equal(finishOf(good).outcome, "success");
    const refused = finishOf(emptied);
    assert.equal(refused.outcome, "error");
    assert.match(
      refused.message,
      /the user listing lacks user:\S+, the API key's own user \(GET \/user\), so the answer contradicts what validation saw/,
    );
    assert.deepEqual(
      fake.uploads.map((upload) => upload.taskId),
      [good],
      "nothing uploaded for the refused answer",
    );

    const warning = logLines(running.log()).find((line) =>
      String(line["msg"]).startsWith("--allow-shrink changes nothing in service mode"),
    );
    assert.equal(warning?.["level"], "warn");
  });
});
