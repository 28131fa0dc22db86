/**
 * Service mode's full-sync task with every connector: heartbeat, a sync equal to a one-shot
 * sync of the same tenant, an upload ConductorOne accepts, FinishTask success — over TLS on
 * loopback against the fake ConductorOne (c1-service-mode.md §7.3, scenario 1 and 14).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { UPLOAD_CHUNK_BYTES } from "../../src/core/index.ts";
import {
  assertConformantUpload,
  assertNoSecrets,
  assertSameAsOneShot,
  CONNECTOR_NAMES,
  fakeC1,
  logLines,
  runInProcess,
} from "./_harness.ts";

/** The upload of one task: tasks run concurrently, so uploads arrive in whichever order they finish. */
function uploadOf(fake: Awaited<ReturnType<typeof fakeC1>>, taskId: string) {
  const upload = fake.uploads.find((candidate) => candidate.taskId === taskId);
  assert.ok(upload, `task ${taskId} uploaded`);
  return upload;
}

describe("service mode: a sync_full task", () => {
  for (const name of CONNECTOR_NAMES) {
    test(`${name}: Hello, heartbeat, a conformant upload equal to a one-shot sync, success`, async (t) => {
      const fake = await fakeC1(t, { expectedHostId: "idsync-test-host" });
      const taskId = fake.queueTask({ type: "sync_full" });
      const running = await runInProcess(t, fake, { name });
      await fake.waitFor(() => fake.finishes.length === 1, { timeoutMs: 30_000, what: "the sync to finish" });
      await fake.waitFor(() => fake.calls.filter((c) => c.method === "GetTask").length >= 3, {
        what: "polling to go on",
      });
      assert.equal(await running.stop(), 0);
      assert.deepEqual(fake.violations, []);

      const [hello] = fake.hellos;
      assert.equal(hello!.request.taskId, "");
      assert.equal(hello!.request.connectorMetadata?.displayName.length ? true : false, true);
      const announced = hello!.request.connectorMetadata!.capabilities!.resourceTypeCapabilities.map(
        (c) => c.resourceType!.id,
      );
      assert.deepEqual(announced, [...announced].sort(), "resource types sorted by id, as Go sorts them");
      assert.ok(announced.includes("user"));

      const methods = fake.calls.map((c) => c.method);
      const firstHeartbeat = methods.indexOf("Heartbeat");
      assert.ok(firstHeartbeat > methods.indexOf("GetTask"), "heartbeat after the task arrived");
      assert.ok(firstHeartbeat < methods.indexOf("UploadAsset"), "and before any upload");
      assert.equal(fake.uploads.length, 1);
      const [upload] = fake.uploads;
      assert.equal(upload!.taskId, taskId);
      assert.ok(
        upload!.chunkSizes.slice(0, -1).every((size) => size === UPLOAD_CHUNK_BYTES),
        "512 KiB chunks but the last",
      );
      const { reader, sync } = await assertConformantUpload(t, upload!, "full");
      await assertSameAsOneShot(t, name, running.served, reader, sync.id);

      const [finish] = fake.finishes;
      assert.deepEqual([finish!.taskId, finish!.outcome, finish!.code], [taskId, "success", 0]);
      assert.equal(finish!.request.status, undefined, "no status on success");

      const lines = logLines(running.log());
      const finished = lines.find((line) => line["msg"] === "task finished");
      assert.equal(finished?.["taskId"], taskId);
      assert.equal(finished?.["taskType"], "sync_full");
      assert.equal(finished?.["outcome"], "success");
      assert.equal(typeof finished?.["durationMs"], "number");
      assert.equal(finished?.["resources"], sync.stats?.resources ?? reader.countResources(sync.id));
      assert.ok(lines.some((line) => line["msg"] === "task started" && line["taskId"] === taskId));
      assertNoSecrets(fake, running);
    });
  }

  test("skip_entitlements_and_grants uploads a resources_only sync; sync_resource_type_ids only those types", async (t) => {
    const fake = await fakeC1(t);
    const resourcesOnlyTask = fake.queueTask({ type: "sync_full", skipEntitlementsAndGrants: true });
    const usersOnlyTask = fake.queueTask({ type: "sync_full", syncResourceTypeIds: ["user"] });
    const running = await runInProcess(t, fake, { name: "env0" });
    await fake.waitFor(() => fake.finishes.length === 2, { timeoutMs: 30_000, what: "both syncs" });
    await running.stop();
    assert.deepEqual(fake.violations, []);
    assert.deepEqual(
      fake.finishes.map((f) => f.outcome),
      ["success", "success"],
    );

    const resourcesOnly = await assertConformantUpload(t, uploadOf(fake, resourcesOnlyTask), "resources_only");
    assert.ok(resourcesOnly.reader.countResources(resourcesOnly.sync.id) > 0);
    assert.equal(resourcesOnly.reader.countEntitlements(resourcesOnly.sync.id), 0);
    assert.equal(resourcesOnly.reader.countGrants(resourcesOnly.sync.id), 0);

    const usersOnly = await assertConformantUpload(t, uploadOf(fake, usersOnlyTask), "full");
    assert.deepEqual(
      [...usersOnly.reader.resourceTypes(usersOnly.sync.id)].map((rt) => rt.id),
      ["user"],
    );
    assert.ok(usersOnly.reader.countResources(usersOnly.sync.id, { resourceType: "user" }) > 0);
    assert.equal(
      usersOnly.reader.countResources(usersOnly.sync.id),
      usersOnly.reader.countResources(usersOnly.sync.id, { resourceType: "user" }),
    );
  });

  test("skip_expand_grants and skip_grants reach the sync: its grants, and no grants", async (t) => {
    // Which grants stay unexpanded is the engine's part (test/engine/engine.test.ts, "a scope narrows the walk").
    const fake = await fakeC1(t);
    const unexpandedTask = fake.queueTask({ type: "sync_full", skipExpandGrants: true });
    const noGrantsTask = fake.queueTask({ type: "sync_full", skipGrants: true });
    const running = await runInProcess(t, fake, { name: "clockify" });
    await fake.waitFor(() => fake.finishes.length === 2, { timeoutMs: 30_000, what: "two syncs" });
    await running.stop();
    assert.deepEqual(fake.violations, []);
    const unexpanded = await assertConformantUpload(t, uploadOf(fake, unexpandedTask), "full");
    await assertSameAsOneShot(t, "clockify", running.served, unexpanded.reader, unexpanded.sync.id);
    const noGrants = await assertConformantUpload(t, uploadOf(fake, noGrantsTask), "full");
    assert.ok(noGrants.reader.countEntitlements(noGrants.sync.id) > 0);
    assert.equal(noGrants.reader.countGrants(noGrants.sync.id), 0);
  });
});
