import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { mock, test } from "node:test";
import { C1zReader, C1zWriter } from "./index.ts";
import { blob, integer, text } from "./_sql.ts";
import { FIXTURES, FIXTURE_SYNC_ID, openInside, tempFolder } from "./_test-support.ts";

const UNEXPANDED = path.join(FIXTURES, "expansion.unexpanded.c1z");
const EXPANDED = path.join(FIXTURES, "expansion.expanded.c1z");

test("Baton's unexpanded fixture: an unfinished sync of 4 types, 1,221 resources, 342 entitlements, 2,909 grants", async (t) => {
  const reader = await C1zReader.open(UNEXPANDED);
  t.after(() => reader.close());
  const [sync, ...others] = reader.syncs();
  assert.equal(others.length, 0);
  assert.equal(sync!.id, FIXTURE_SYNC_ID);
  assert.equal(sync!.type, "full");
  assert.equal(sync!.endedAt, undefined, "unfinished");
  assert.ok(sync!.token?.startsWith("{"), "carries the syncer's checkpoint");

  assert.equal(reader.resolveSyncId(FIXTURE_SYNC_ID), FIXTURE_SYNC_ID);
  const stats = reader.statsFor(FIXTURE_SYNC_ID);
  assert.deepStrictEqual(
    [stats.resourceTypes, stats.resources, stats.entitlements, stats.grants],
    [4, 1_221, 342, 2_909],
  );
  assert.equal([...reader.resourceTypes(FIXTURE_SYNC_ID)].length, 4);
  assert.equal([...reader.resources(FIXTURE_SYNC_ID)].length, 1_221);
  assert.equal([...reader.entitlements(FIXTURE_SYNC_ID)].length, 342);
  const grants = [...reader.grants(FIXTURE_SYNC_ID)];
  assert.equal(grants.length, 2_909);
  // This older file keeps GrantExpandable inside `data`; the reader still reports it.
  const expandable = grants.filter((grant) => grant.expandable);
  assert.ok(expandable.length > 0);
  assert.ok(expandable.every((grant) => grant.expandable!.entitlementIds.length > 0));
});

test("the unfinished fixture sync resolves by default while it is less than 7 days old", async (t) => {
  const reader = await C1zReader.open(UNEXPANDED);
  t.after(() => reader.close());
  const started = reader.syncs()[0]!.startedAt;
  mock.timers.enable({ apis: ["Date"], now: started.getTime() + 24 * 60 * 60 * 1000 });
  try {
    assert.equal(reader.resolveSyncId(), FIXTURE_SYNC_ID);
  } finally {
    mock.timers.reset();
  }
  mock.timers.enable({ apis: ["Date"], now: started.getTime() + 8 * 24 * 60 * 60 * 1000 });
  try {
    assert.throws(
      () => reader.resolveSyncId(),
      (error: Error & { kind?: string; hint?: string }) => {
        assert.equal(error.message, `${UNEXPANDED}: no usable sync in the file`);
        assert.equal(error.kind, "invalid-config");
        assert.match(error.hint ?? "", new RegExp(`--sync-id ${FIXTURE_SYNC_ID}`));
        return true;
      },
    );
  } finally {
    mock.timers.reset();
  }
  assert.throws(() => reader.resolveSyncId("2AAAAAAAAAAAAAAAAAAAAAAAAAA"), /has no sync 2AAAAAAAAAAAAAAAAAAAAAAAAAA/);
});

test("Baton's expanded fixture: the same sync, finished, with 14,981 grants", async (t) => {
  const reader = await C1zReader.open(EXPANDED);
  t.after(() => reader.close());
  assert.equal(reader.resolveSyncId(), FIXTURE_SYNC_ID, "the latest finished full sync");
  const [sync] = reader.syncs();
  assert.ok(sync!.endedAt instanceof Date);
  assert.ok(sync!.endedAt > sync!.startedAt);
  assert.equal(reader.countResourceTypes(FIXTURE_SYNC_ID), 4);
  assert.equal(reader.countResources(FIXTURE_SYNC_ID), 1_221);
  assert.equal(reader.countEntitlements(FIXTURE_SYNC_ID), 342);
  assert.equal(reader.countGrants(FIXTURE_SYNC_ID), 14_981);
  let streamed = 0;
  for (const grant of reader.grants(FIXTURE_SYNC_ID)) {
    assert.ok(grant.entitlement.id && grant.principal.id.resource);
    streamed++;
  }
  assert.equal(streamed, 14_981);
});

test("the writer backfills legacy grants of an older Baton file and saves them in today's layout", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "legacy.c1z");
  fs.copyFileSync(UNEXPANDED, target);
  fs.chmodSync(target, 0o600);
  const before = await C1zReader.open(target);
  const original = [...before.grants(FIXTURE_SYNC_ID)];
  before.close();
  const expandableCount = original.filter((grant) => grant.expandable).length;

  const writer = await C1zWriter.open(target);
  // The fixture's sync is over 7 days old, so it is resumed by id rather than found.
  writer.resumeSync(FIXTURE_SYNC_ID);
  assert.equal([...writer.expandableGrants()].length, expandableCount);
  await writer.save();

  const db = openInside(target, folder);
  t.after(() => db.close());
  const run = db.prepare("SELECT grants_backfilled, ended_at FROM v1_sync_runs").get()!;
  assert.equal(integer(run, "grants_backfilled"), 1);
  assert.equal(run["ended_at"], null, "still unfinished: saving does not end a sync");
  const pending = db
    .prepare("SELECT count(*) AS n FROM v1_grants WHERE needs_expansion = 1 AND expansion IS NOT NULL")
    .get()!;
  assert.equal(integer(pending, "n"), expandableCount);
  for (const row of db.prepare("SELECT data FROM v1_grants").all()) {
    assert.equal(Buffer.from(blob(row, "data")).includes("GrantExpandable"), false);
  }
  const columns = db
    .prepare("SELECT name FROM pragma_table_info('v1_sync_runs')")
    .all()
    .map((row) => text(row, "name"));
  assert.ok(columns.includes("stats") && columns.includes("grants_backfilled"), "older schema migrated");

  // Rows without the annotation keep Baton's exact bytes; the others lose only the annotation.
  const originalDb = openInside(UNEXPANDED, folder);
  t.after(() => originalDb.close());
  const originalData = new Map(
    originalDb
      .prepare("SELECT external_id, data FROM v1_grants")
      .all()
      .map((row) => [text(row, "external_id"), blob(row, "data")]),
  );
  let unchanged = 0;
  for (const row of db.prepare("SELECT external_id, data, expansion FROM v1_grants").all()) {
    const old = Buffer.from(originalData.get(text(row, "external_id"))!);
    const now = Buffer.from(blob(row, "data"));
    if (row["expansion"] === null) {
      assert.ok(now.equals(old));
      unchanged++;
    } else {
      assert.ok(now.length < old.length && old.includes(now.subarray(0, 20)));
    }
  }
  assert.equal(unchanged, 2_909 - expandableCount);

  const after = await C1zReader.open(target);
  t.after(() => after.close());
  assert.deepStrictEqual(
    [...after.grants(FIXTURE_SYNC_ID)],
    original,
    "the same grants, expandable from the column now",
  );
});
