/**
 * Baton's `--sync-resource-types` and `--skip-full-sync` in service mode: the first scopes the
 * sync_full tasks that name no types (a task's own list wins), the second turns each sync_full
 * task into an empty sync after a credentials check, as Baton's `SkipSync` does.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertConformantUpload, fakeC1, runInProcess } from "./_harness.ts";

function uploadOf(fake: Awaited<ReturnType<typeof fakeC1>>, taskId: string) {
  const upload = fake.uploads.find((candidate) => candidate.taskId === taskId);
  assert.ok(upload, `task ${taskId} uploaded`);
  return upload;
}

describe("service mode: Baton's sync flags", () => {
  test("--sync-resource-types scopes the tasks that name no types; a task's own types win", async (t) => {
    const fake = await fakeC1(t);
    const unscopedTask = fake.queueTask({ type: "sync_full" });
    const scopedTask = fake.queueTask({ type: "sync_full", syncResourceTypeIds: ["user"] });
    const running = await runInProcess(t, fake, { name: "clockify", env: { BATON_SYNC_RESOURCE_TYPES: "role group" } });
    await fake.waitFor(() => fake.finishes.length === 2, { timeoutMs: 30_000, what: "both syncs" });
    await running.stop();
    assert.deepEqual(fake.violations, []);
    assert.deepEqual(
      fake.finishes.map((f) => f.outcome),
      ["success", "success"],
    );

    const unscoped = await assertConformantUpload(t, uploadOf(fake, unscopedTask), "full");
    assert.deepEqual([...unscoped.reader.resourceTypes(unscoped.sync.id)].map((rt) => rt.id).sort(), ["group", "role"]);
    const scoped = await assertConformantUpload(t, uploadOf(fake, scopedTask), "full");
    assert.deepEqual(
      [...scoped.reader.resourceTypes(scoped.sync.id)].map((rt) => rt.id),
      ["user"],
    );
  });

  test("--skip-full-sync uploads an empty full sync and finishes the task", async (t) => {
    const fake = await fakeC1(t);
    const taskId = fake.queueTask({ type: "sync_full" });
    const running = await runInProcess(t, fake, { name: "env0", argv: ["--skip-full-sync"] });
    await fake.waitFor(() => fake.finishes.length === 1, { timeoutMs: 30_000, what: "the task" });
    await running.stop();
    assert.deepEqual(fake.violations, []);
    assert.equal(fake.finishes[0]!.outcome, "success");
    const empty = await assertConformantUpload(t, uploadOf(fake, taskId), "full");
    assert.equal(empty.reader.countResources(empty.sync.id), 0);
    assert.equal(empty.reader.countGrants(empty.sync.id), 0);
    assert.ok(running.log().includes("skipping the sync (--skip-full-sync)"));
  });

  test("--sync-resource-types naming a type the connector lacks stops before connecting, with the types it has", async (t) => {
    const fake = await fakeC1(t);
    const running = await runInProcess(t, fake, { name: "clockify", argv: ["--sync-resource-types", "user,usr"] });
    assert.equal(await running.exit, 2);
    assert.match(
      running.errors(),
      /^error: --sync-resource-types: clockify has no resource type "usr"\nhint: choose one of group, role, user$/,
    );
    assert.equal(fake.hellos.length, 0);
  });
});
