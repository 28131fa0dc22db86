import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  decodeEntitlement,
  decodeGrant,
  decodeGrantExpandable,
  decodeResource,
  decodeResourceType,
} from "../model/index.ts";
import { blob, integer, optionalText, text } from "./_sql.ts";
import { openInside, sampleContent, tempFolder, writeSync } from "./_test-support.ts";

// c1z-format.md §1: table → columns, in order.
const EXPECTED_COLUMNS: Record<string, string[]> = {
  v1_resource_types: ["id", "external_id", "data", "sync_id", "discovered_at"],
  v1_resources: [
    "id",
    "resource_type_id",
    "external_id",
    "parent_resource_type_id",
    "parent_resource_id",
    "data",
    "sync_id",
    "discovered_at",
  ],
  v1_entitlements: ["id", "resource_type_id", "resource_id", "external_id", "data", "sync_id", "discovered_at"],
  v1_grants: [
    "id",
    "resource_type_id",
    "resource_id",
    "entitlement_id",
    "principal_resource_type_id",
    "principal_resource_id",
    "external_id",
    "expansion",
    "needs_expansion",
    "data",
    "sync_id",
    "discovered_at",
  ],
  v1_sync_runs: [
    "id",
    "sync_id",
    "started_at",
    "ended_at",
    "sync_token",
    "sync_type",
    "parent_sync_id",
    "linked_sync_id",
    "supports_diff",
    "grants_backfilled",
    "stats",
    "ingest_invariant_generation",
    "ingest_invariant_coverage",
    "ingest_invariant_mode",
  ],
  v1_assets: ["id", "external_id", "content_type", "data", "sync_id", "discovered_at"],
  v1_connector_sessions: ["id", "sync_id", "key", "value"],
};

// index → [table, unique, columns, partial WHERE (lower case) or ""].
const EXPECTED_INDEXES: Record<string, [string, boolean, string[], string]> = {
  idx_resource_types_external_sync_v1: ["v1_resource_types", true, ["external_id", "sync_id"], ""],
  idx_resources_resource_type_id_v1: ["v1_resources", false, ["resource_type_id"], ""],
  idx_resources_external_sync_v1: ["v1_resources", false, ["parent_resource_type_id", "parent_resource_id"], ""],
  idx_resources_parent_resource_id_v1: ["v1_resources", true, ["external_id", "sync_id"], ""],
  idx_entitlements_resource_id_v1: ["v1_entitlements", false, ["resource_type_id", "resource_id"], ""],
  idx_entitlements_external_sync_v1: ["v1_entitlements", true, ["external_id", "sync_id"], ""],
  idx_grants_resource_type_id_resource_id_v1: ["v1_grants", false, ["resource_type_id", "resource_id"], ""],
  idx_grants_principal_id_v1: ["v1_grants", false, ["principal_resource_type_id", "principal_resource_id"], ""],
  idx_grants_entitlement_id_principal_id_v1: [
    "v1_grants",
    false,
    ["entitlement_id", "principal_resource_type_id", "principal_resource_id"],
    "",
  ],
  idx_grants_external_sync_v1: ["v1_grants", true, ["external_id", "sync_id"], ""],
  idx_grants_entitlement_sync_grant_v1: ["v1_grants", false, ["entitlement_id", "sync_id", "id"], ""],
  idx_grants_sync_expansion_v1: ["v1_grants", false, ["sync_id"], "where expansion is not null"],
  idx_grants_sync_needs_expansion_v1: ["v1_grants", false, ["sync_id"], "where needs_expansion = 1"],
  idx_sync_runs_sync_id_v1: ["v1_sync_runs", true, ["sync_id"], ""],
  idx_assets_external_sync_v1: ["v1_assets", true, ["external_id", "sync_id"], ""],
  idx_session_store_sync_key_v1: ["v1_connector_sessions", true, ["sync_id", "key"], ""],
};

const SQLITE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

test("a saved file is C1ZF + zstd(SQLite) with Baton's tables, columns and indexes, mode 0600, no WAL", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const syncId = await writeSync(target, sampleContent());

  const bytes = fs.readFileSync(target);
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "C1ZF\0");
  assert.equal(bytes.readUInt32LE(5), 0xfd2fb528, "a zstd frame follows the magic");
  assert.equal(fs.statSync(target).mode & 0o777, 0o600);
  assert.deepStrictEqual(fs.readdirSync(folder), ["sync.c1z"], "no working, lock or temp files are left");

  const db = openInside(target, folder);
  t.after(() => db.close());
  const header = fs.readFileSync(db.location()!).subarray(0, 20);
  assert.equal(header.subarray(0, 16).toString("latin1"), "SQLite format 3\0");
  assert.deepStrictEqual([header[18], header[19]], [1, 1], "rollback-journal file format, not WAL");

  for (const [table, columns] of Object.entries(EXPECTED_COLUMNS)) {
    const actual = db
      .prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid")
      .all(table)
      .map((row) => text(row, "name"));
    assert.deepStrictEqual(actual, columns, table);
  }
  for (const [name, [table, unique, columns, where]] of Object.entries(EXPECTED_INDEXES)) {
    const row = db.prepare("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(name);
    assert.ok(row, `index ${name} exists`);
    assert.equal(text(row, "tbl_name"), table, name);
    const sql = text(row, "sql").toLowerCase().replace(/\s+/g, " ");
    assert.equal(sql.startsWith("create unique index"), unique, `${name} uniqueness`);
    assert.equal(sql.includes(" where "), where !== "", `${name} partial`);
    if (where) assert.ok(sql.endsWith(where), `${name}: ${sql}`);
    const indexed = db
      .prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
      .all(name)
      .map((r) => text(r, "name"));
    assert.deepStrictEqual(indexed, columns, name);
  }

  const run = db.prepare("SELECT * FROM v1_sync_runs").all();
  assert.equal(run.length, 1);
  const [sync] = run;
  assert.equal(text(sync!, "sync_id"), syncId);
  assert.match(syncId, /^[0-9A-Za-z]{27}$/);
  assert.match(text(sync!, "started_at"), SQLITE_TIME);
  assert.match(text(sync!, "ended_at"), SQLITE_TIME);
  assert.equal(text(sync!, "sync_token"), "");
  assert.equal(text(sync!, "sync_type"), "full");
  assert.equal(integer(sync!, "grants_backfilled"), 1);
  assert.deepStrictEqual(JSON.parse(optionalText(sync!, "stats")!), {
    resource_types: 4,
    resources: 5,
    entitlements: 2,
    grants: 3,
    resources_by_resource_type: { group: 1, project: 1, role: 1, user: 2 },
    grants_by_resource_type: { group: 2, role: 1 },
    entitlements_by_resource_type: { group: 1, role: 1 },
  });

  const decoders: Record<string, (data: Uint8Array) => unknown> = {
    v1_resource_types: decodeResourceType,
    v1_resources: decodeResource,
    v1_entitlements: decodeEntitlement,
    v1_grants: decodeGrant,
  };
  for (const [table, decode] of Object.entries(decoders)) {
    for (const row of db.prepare(`SELECT data, discovered_at, sync_id FROM ${table}`).all()) {
      assert.doesNotThrow(() => decode(blob(row, "data")), table);
      assert.match(text(row, "discovered_at"), SQLITE_TIME);
      assert.equal(text(row, "sync_id"), syncId);
    }
  }
});

test("row columns follow Baton's rules, and GrantExpandable lives in `expansion`, not in `data`", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  const db = openInside(target, folder);
  t.after(() => db.close());

  const project = db.prepare("SELECT * FROM v1_resources WHERE external_id = 'project:p-1'").get()!;
  assert.equal(text(project, "resource_type_id"), "project");
  assert.equal(text(project, "parent_resource_type_id"), "group");
  assert.equal(text(project, "parent_resource_id"), "g-1");
  const alice = db.prepare("SELECT * FROM v1_resources WHERE external_id = 'user:u-1'").get()!;
  assert.equal(alice["parent_resource_type_id"], null);

  const entitlement = db.prepare("SELECT * FROM v1_entitlements WHERE external_id = 'group:g-1:member'").get()!;
  assert.deepStrictEqual([text(entitlement, "resource_type_id"), text(entitlement, "resource_id")], ["group", "g-1"]);

  const expandable = db.prepare("SELECT * FROM v1_grants WHERE external_id = 'role:r-1:assigned:group:g-1'").get()!;
  assert.deepStrictEqual(
    ["resource_type_id", "resource_id", "entitlement_id", "principal_resource_type_id", "principal_resource_id"].map(
      (c) => text(expandable, c),
    ),
    ["role", "r-1", "role:r-1:assigned", "group", "g-1"],
  );
  assert.equal(integer(expandable, "needs_expansion"), 1);
  assert.deepStrictEqual(decodeGrantExpandable(blob(expandable, "expansion")), {
    entitlementIds: ["group:g-1:member"],
    shallow: true,
    resourceTypeIds: ["user"],
  });
  const data = Buffer.from(blob(expandable, "data"));
  assert.equal(data.includes("c1.connector.v2.GrantExpandable"), false, "annotation stripped from data");
  assert.equal(decodeGrant(data).expandable, undefined);
  assert.ok(data.includes("c1.connector.v2.GrantImmutable"), "other annotations stay");

  const plain = db.prepare("SELECT * FROM v1_grants WHERE external_id = 'group:g-1:member:user:u-1'").get()!;
  assert.equal(plain["expansion"], null);
  assert.equal(integer(plain, "needs_expansion"), 0);
});

test("a GrantExpandable naming no entitlement is dropped, not queued", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const content = sampleContent();
  const blank = {
    ...content.grants[1]!,
    expandable: { entitlementIds: [" ", ""], shallow: false, resourceTypeIds: [] },
  };
  await writeSync(target, { ...content, grants: [blank] });
  const db = openInside(target, folder);
  t.after(() => db.close());
  const row = db.prepare("SELECT expansion, needs_expansion, data FROM v1_grants").get()!;
  assert.equal(row["expansion"], null);
  assert.equal(integer(row, "needs_expansion"), 0);
  assert.equal(decodeGrant(blob(row, "data")).expandable, undefined);
});
