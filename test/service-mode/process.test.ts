/**
 * `baton-<name>` in service mode as its own process, as a deployment runs it: the fake's CA
 * trusted through NODE_EXTRA_CA_CERTS, settings from BATON_* variables, stopped by signals
 * (c1-service-mode.md §7.3, scenarios 1 and 16).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertConformantUpload, assertNoSecrets, fakeC1, logLines, runProcess } from "./_harness.ts";

describe("service mode in a process of its own", () => {
  test("trusts the fake through NODE_EXTRA_CA_CERTS, uploads a sync, and exits 0 on SIGTERM", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full" });
    const connector = await runProcess(t, fake, { name: "codefresh" });
    await fake.waitFor(() => fake.finishes.length === 1, { timeoutMs: 60_000, what: "the sync to finish" });
    connector.child.kill("SIGTERM");
    assert.equal(await connector.exit, 0);
    assert.deepEqual(fake.violations, []);
    assert.equal(fake.finishes[0]!.outcome, "success");
    const upload = fake.uploads.find((record) => record.taskId === taskId)!;
    await assertConformantUpload(t, upload, "full");
    const lines = logLines(connector.stderr());
    assert.ok(lines.some((line) => line["msg"] === "task finished" && line["outcome"] === "success"));
    assert.equal(lines.at(-1)?.["msg"], "stopped");
    assertNoSecrets(fake, { served: connector.served, log: connector.stderr });
  });

  test("SIGTERM during a sync reports the task Canceled (code 1), then exits 0", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full" });
    const connector = await runProcess(t, fake, { name: "env0", simulator: { latencyMs: 400 } });
    await fake.waitFor(() => fake.heartbeats.some((beat) => beat.taskId === taskId), {
      timeoutMs: 60_000,
      what: "the task to start",
    });
    connector.child.kill("SIGTERM");
    assert.equal(await connector.exit, 0);
    const finish = fake.finishes.find((record) => record.taskId === taskId);
    assert.deepEqual([finish?.outcome, finish?.code, finish?.nonRetryable], ["error", 1, false]);
    assert.equal(fake.uploads.length, 0);
    assert.deepEqual(fake.violations, []);
  });

  test("a second signal while stopping exits 130 at once", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full" });
    const connector = await runProcess(t, fake, { name: "runlayer", simulator: { latencyMs: 400 } });
    await fake.waitFor(() => fake.heartbeats.some((beat) => beat.taskId === taskId), {
      timeoutMs: 60_000,
      what: "the task to start",
    });
    connector.child.kill("SIGINT");
    connector.child.kill("SIGTERM");
    assert.equal(await connector.exit, 130);
  });
});
