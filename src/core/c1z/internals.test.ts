import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { encodeGrant, newGrant, newGroupResource } from "../model/index.ts";
import { ksuidTime, newKsuid } from "./_ksuid.ts";
import { syncsToDrop } from "./_retention.ts";
import { statsFromBatonJson, statsToBatonJson, type SyncStats } from "./_stats.ts";
import type { SyncRun } from "./_sync-runs.ts";
import { formatSqliteTime, parseSqliteTime } from "./_time.ts";
import { hasField, stripAnnotations } from "./_wire.ts";
import { compactForSaving, freeShare } from "./_working-db.ts";
import { FIXTURE_SYNC_ID } from "./_test-support.ts";

test("KSUIDs match Segment's encoding: 27 base62 characters that sort by time", () => {
  const epoch = new Date(1_400_000_000 * 1000);
  assert.equal(newKsuid(epoch, new Uint8Array(16)), "000000000000000000000000000");
  // The largest KSUID, from segmentio/ksuid's documentation.
  const max = new Date((1_400_000_000 + 0xffff_ffff) * 1000);
  assert.equal(newKsuid(max, new Uint8Array(16).fill(0xff)), "aWgEPTl1tmebfsQzFP4bxwgy80V");
  const earlier = newKsuid(new Date("2025-01-01T00:00:00Z"));
  const later = newKsuid(new Date("2025-01-01T00:00:01Z"));
  assert.match(earlier, /^[0-9A-Za-z]{27}$/);
  assert.ok(earlier < later);
  assert.deepStrictEqual(ksuidTime(later), new Date("2025-01-01T00:00:01Z"));
  // Baton's fixture sync was started on 2025-12-17.
  assert.equal(ksuidTime(FIXTURE_SYNC_ID)?.toISOString().slice(0, 10), "2025-12-17");
  assert.notEqual(newKsuid(), newKsuid());
});

test("timestamps use Go's layout: local wall clock, fraction without trailing zeros", () => {
  assert.equal(formatSqliteTime(new Date(2025, 11, 17, 16, 31, 25, 50)), "2025-12-17 16:31:25.05");
  assert.equal(formatSqliteTime(new Date(2025, 0, 2, 3, 4, 5, 0)), "2025-01-02 03:04:05");
  assert.deepStrictEqual(parseSqliteTime("2025-12-17 16:31:25.057185"), new Date(2025, 11, 17, 16, 31, 25, 57));
  assert.deepStrictEqual(parseSqliteTime("2025-12-17T16:31:25Z"), new Date(Date.UTC(2025, 11, 17, 16, 31, 25)));
  // Go's time.Time String() form, which some writers stored.
  assert.deepStrictEqual(
    parseSqliteTime("2025-12-17 16:31:25.5 +0000 UTC"),
    new Date(Date.UTC(2025, 11, 17, 16, 31, 25, 500)),
  );
  assert.deepStrictEqual(parseSqliteTime("2025-12-17 18:31:25 +02:00"), new Date(Date.UTC(2025, 11, 17, 16, 31, 25)));
  const now = new Date(2030, 5, 6, 7, 8, 9, 123);
  assert.deepStrictEqual(parseSqliteTime(formatSqliteTime(now)), now);
  assert.equal(parseSqliteTime("yesterday"), undefined);
});

test("stats are written as Go's encoding/json of c1.reader.v2.SyncStats", () => {
  const stats: SyncStats = {
    resourceTypes: 2,
    resources: 3,
    entitlements: 1,
    grants: 0,
    assets: 0,
    resourcesByType: { user: 3, group: 0 },
    entitlementsByType: { group: 1 },
    grantsByType: {},
  };
  assert.equal(
    statsToBatonJson(stats),
    '{"resource_types":2,"resources":3,"entitlements":1,' +
      '"resources_by_resource_type":{"group":0,"user":3},"entitlements_by_resource_type":{"group":1}}',
  );
  assert.deepStrictEqual(statsFromBatonJson(statsToBatonJson(stats)), stats);
  assert.equal(statsToBatonJson({ ...stats, resourcesByType: { "a<b": 1 } }).includes("a\\u003cb"), true);
  assert.equal(statsFromBatonJson("not json"), undefined);
  assert.equal(statsFromBatonJson(undefined), undefined);
});

test("retention keeps the current sync and the newest finished full syncs, two in all", () => {
  const at = (day: number): Date => new Date(2025, 0, day);
  const run = (id: string, type: string, started: number, ended?: number): SyncRun => ({
    id,
    type,
    startedAt: at(started),
    ...(ended === undefined ? {} : { endedAt: at(ended) }),
  });
  const runs = [
    run("A", "full", 1, 2),
    run("B", "full", 3, 4),
    run("P-old", "partial", 2, 3),
    run("P-new", "partial", 6, 7),
    run("C", "full", 5, 6),
    run("U", "full", 8),
    run("D", "full", 9, 10),
  ];
  assert.deepStrictEqual(syncsToDrop(runs, "D").sort(), ["A", "B", "P-old", "U"]);
  // Saving an unfinished sync keeps it, beside the two newest finished ones.
  assert.deepStrictEqual(syncsToDrop(runs, "U").sort(), ["A", "B", "P-old"]);
  assert.deepStrictEqual(syncsToDrop([run("A", "full", 1, 2)], "A"), []);
});

test("wire edits: GrantExpandable is cut out byte-exactly, presence of fields is seen", () => {
  const group = newGroupResource("group", "g", "G");
  const grant = newGrant(
    group,
    "member",
    { resourceType: "group", resource: "h" },
    {
      expandable: { entitlementIds: ["group:h:member"] },
      metadata: { a: 1 },
    },
  );
  const full = encodeGrant(grant);
  const { message, removed } = stripAnnotations(full, 4, "type.googleapis.com/c1.connector.v2.GrantExpandable");
  assert.equal(removed.length, 1);
  assert.deepStrictEqual(message, encodeGrant(grant, { omitExpandable: true }));
  const untouched = stripAnnotations(message, 4, "type.googleapis.com/c1.connector.v2.GrantExpandable");
  assert.equal(untouched.message, message);
  assert.equal(hasField(full, 1), true);
  assert.equal(hasField(full, 5), false);
  assert.throws(() => hasField(new Uint8Array([0x0a, 0x05, 0x01]), 1), /malformed protobuf/);
});

test("saving rebuilds the database only when enough of it is free", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "idsync-vacuum-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const open = (name: string): DatabaseSync => {
    const db = new DatabaseSync(join(dir, name));
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, data BLOB)");
    const insert = db.prepare("INSERT INTO rows (data) VALUES (?)");
    db.exec("BEGIN");
    for (let index = 0; index < 2_000; index++) insert.run(new Uint8Array(512).fill(index % 251));
    db.exec("COMMIT");
    return db;
  };

  // A first sync: nothing deleted, nothing to reclaim, so no rewrite of the whole file.
  const fresh = open("fresh.db");
  assert.deepEqual(compactForSaving(fresh, "fresh.db", { droppedSyncs: 0 }), { vacuumed: false });
  fresh.close();

  // Half the rows rewritten elsewhere: their pages are free, and saving reclaims them.
  const rewritten = open("rewritten.db");
  rewritten.exec("DELETE FROM rows WHERE id > 1000");
  assert.ok(freeShare(rewritten) > 0.1, `free share ${freeShare(rewritten)}`);
  assert.deepEqual(compactForSaving(rewritten, "rewritten.db", { droppedSyncs: 0 }), { vacuumed: true });
  assert.equal(freeShare(rewritten), 0);
  rewritten.close();

  // Retention dropped a sync whose rows shared pages with the kept ones: few pages come free,
  // but the dropped rows' bytes must not stay in the file.
  const pruned = open("pruned.db");
  pruned.exec("DELETE FROM rows WHERE id % 2 = 0");
  assert.ok(freeShare(pruned) <= 0.1);
  assert.deepEqual(compactForSaving(pruned, "pruned.db", { droppedSyncs: 1 }), { vacuumed: true });
  pruned.close();
});
