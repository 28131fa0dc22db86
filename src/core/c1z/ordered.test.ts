import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  newEntitlement,
  newGrant,
  newGroupResource,
  newResource,
  newRoleResource,
  resourceKey,
} from "../model/index.ts";
import { C1zReader } from "./index.ts";
import { FIXTURES, FIXTURE_SYNC_ID, sampleContent, tempFolder, writeSync } from "./_test-support.ts";

const bytewise = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

test("keyedRows lists every row of a kind in bytewise external-id order, across pages, with its stored bytes", async (t) => {
  const file = path.join(tempFolder(t), "keyed.c1z");
  // Ids past U+FFFF sort after U+E000–U+FFFF bytewise but before them in UTF-16: both kinds are here.
  const names = [
    "b",
    "a",
    "\u{1F600}",
    "\uFFFD",
    "a:b",
    "",
    "Z",
    ...Array.from({ length: 12_000 }, (_, i) => `u${(i * 7919) % 12_000}`),
  ];
  const sample = sampleContent();
  await writeSync(file, {
    ...sample,
    resources: [...sample.resources, ...names.map((name) => newResource("user", name, `User ${name}`))],
  });
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const syncId = reader.resolveSyncId();

  const keys = [...reader.keyedRows("resources", syncId)].map((row) => row.key);
  assert.equal(keys.length, sample.resources.length + names.length);
  assert.deepStrictEqual(keys, [...keys].sort(bytewise));
  assert.ok(keys.includes("user:"), "an empty resource id is not skipped");

  const decoded = [...reader.keyedRows("resources", syncId)].find((row) => row.key === "user:u-1")!;
  assert.equal(decoded.decode().displayName, "Alice Example");
  assert.ok(decoded.data.length > 0);

  const grants = [...reader.keyedRows("grants", syncId)];
  assert.deepStrictEqual(
    grants.map((row) => row.key),
    sample.grants.map((grant) => grant.id).sort(bytewise),
  );
  const expandable = grants.find((row) => row.decode().expandable)!;
  assert.ok(expandable.expansion && expandable.expansion.length > 0, "the expansion column comes along");
  assert.equal(grants.filter((row) => row.expansion).length, 1);
  assert.deepStrictEqual(
    [...reader.keyedRows("resourceTypes", syncId)].map((row) => row.key),
    ["group", "project", "role", "user"],
  );
  assert.deepStrictEqual(
    [...reader.keyedRows("entitlements", syncId)].map((row) => row.decode().id),
    ["group:g-1:member", "role:r-1:assigned"],
  );
});

test("grantsByPrincipal groups a sync's grants by principal, across pages", async (t) => {
  const file = path.join(tempFolder(t), "by-principal.c1z");
  const groups = Array.from({ length: 30 }, (_, i) => newGroupResource("group", `g${i}`, `Group ${i}`));
  const role = newRoleResource("role", "r", "Role");
  const grants = [
    ...groups.flatMap((group, g) =>
      Array.from({ length: 400 }, (_, u) =>
        newGrant(group, "member", { resourceType: "user", resource: `u${(u * 31 + g) % 400}` }),
      ),
    ),
    ...groups.map((group) => newGrant(role, "assigned", group.id)),
  ];
  await writeSync(file, {
    resourceTypes: [],
    resources: [...groups, role],
    entitlements: [...groups.map((group) => newEntitlement(group, "member")), newEntitlement(role, "assigned")],
    grants,
  });
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const syncId = reader.resolveSyncId();
  const principals = [...reader.grantsByPrincipal(syncId)].map((grant) => grant.principal.id);
  assert.equal(principals.length, grants.length);
  const order = principals.map((id) => [id.resourceType, id.resource] as const);
  const sorted = [...order].sort(([at, ai], [bt, bi]) => bytewise(at, bt) || bytewise(ai, bi));
  assert.deepStrictEqual(order, sorted);
  assert.equal(new Set(principals.map(resourceKey)).size, 430);
});

test("entitlements and grants filter by the resource type they are on", async (t) => {
  const reader = await C1zReader.open(path.join(FIXTURES, "expansion.expanded.c1z"));
  t.after(() => reader.close());
  const projects = [...reader.entitlements(FIXTURE_SYNC_ID, { resourceType: "project" })];
  assert.equal(projects.length, 200);
  assert.ok(projects.every((entitlement) => entitlement.resource.id.resourceType === "project"));
  assert.equal(reader.countEntitlements(FIXTURE_SYNC_ID, { resourceType: "group" }), 42);
  assert.equal(reader.countGrants(FIXTURE_SYNC_ID, { resourceType: "role" }), 6_320);
  assert.equal([...reader.grants(FIXTURE_SYNC_ID, { resourceType: "group" })].length, 2_291);
  assert.equal(
    reader.countGrants(FIXTURE_SYNC_ID, {
      resourceType: "role",
      resource: { resourceType: "role", resource: "role-0000001" },
    }) > 0,
    true,
  );
});
