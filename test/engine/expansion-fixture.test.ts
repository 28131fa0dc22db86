/**
 * Grant expansion against Baton's own output: expanding the grants of the SDK's unexpanded
 * fixture must give exactly the (entitlement, principal) pairs its expanded twin holds.
 */
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { C1zReader, C1zWriter, expandGrants, resourceKey } from "../../src/core/index.ts";
import { BATON_FIXTURES as FIXTURES, BATON_SYNC_ID as FIXTURE_SYNC, tempDir } from "../../src/testkit/index.ts";

async function pairs(file: string): Promise<Set<string>> {
  const reader = await C1zReader.open(file);
  try {
    const found = new Set<string>();
    for (const grant of reader.grants(FIXTURE_SYNC))
      found.add(`${grant.entitlement.id} ${resourceKey(grant.principal.id)}`);
    return found;
  } finally {
    reader.close();
  }
}

test("expanding Baton's unexpanded fixture yields exactly the 14,981 pairs of the expanded one", async (t) => {
  const file = join(tempDir(t), "fixture.c1z");
  copyFileSync(join(FIXTURES, "expansion.unexpanded.c1z"), file);
  const writer = await C1zWriter.open(file);
  writer.resumeSync(FIXTURE_SYNC);
  const result = await expandGrants(writer);
  writer.endSync();
  await writer.save();

  assert.equal(result.edges, 799);
  const ours = await pairs(file);
  const baton = await pairs(join(FIXTURES, "expansion.expanded.c1z"));
  assert.equal(baton.size, 14_981);
  assert.equal(ours.size, 14_981);
  const missing = [...baton].filter((pair) => !ours.has(pair));
  const extra = [...ours].filter((pair) => !baton.has(pair));
  assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }, { missing: [], extra: [] });
});

test("expanded grants name the same source entitlements Baton's do", async (t) => {
  const file = join(tempDir(t), "fixture.c1z");
  copyFileSync(join(FIXTURES, "expansion.unexpanded.c1z"), file);
  const writer = await C1zWriter.open(file);
  writer.resumeSync(FIXTURE_SYNC);
  await expandGrants(writer);
  const baton = await C1zReader.open(join(FIXTURES, "expansion.expanded.c1z"));
  t.after(() => baton.close());
  let compared = 0;
  for (const expected of baton.grants(FIXTURE_SYNC)) {
    const ours = writer.getGrant(expected.id);
    assert.ok(ours, `grant ${expected.id}`);
    // Baton's fixture predates the is_direct flag, so compare the source ids only.
    assert.deepEqual(Object.keys(ours.sources ?? {}).sort(), Object.keys(expected.sources ?? {}).sort(), expected.id);
    compared++;
  }
  writer.discard();
  assert.equal(compared, 14_981);
});

test("a stop during expansion is seen at once, although expansion is long synchronous work", async (t) => {
  const file = join(tempDir(t), "fixture.c1z");
  copyFileSync(join(FIXTURES, "expansion.unexpanded.c1z"), file);
  const writer = await C1zWriter.open(file);
  t.after(() => writer.abandon());
  writer.resumeSync(FIXTURE_SYNC);
  const controller = new AbortController();
  const stop = new Error("interrupted");
  // As a signal handler would: it runs only when the event loop gets a turn.
  setImmediate(() => controller.abort(stop));
  await assert.rejects(
    Promise.resolve().then(() => expandGrants(writer, { signal: controller.signal })),
    (error: unknown) => error === stop,
  );
});
