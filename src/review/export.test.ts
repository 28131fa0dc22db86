import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { C1zReader } from "../core/index.ts";
import { EXPORT_COLUMNS, appNameFromPath, exportRows } from "./index.ts";
import { BATON_EXPANDED, BATON_SYNC_ID, tempFolder, writeTenant } from "./_test-tenant.ts";

test("the app comes from the file name", () => {
  assert.equal(appNameFromPath("demo/clockify.c1z"), "clockify");
  assert.equal(appNameFromPath("/tmp/baton-env0.c1z"), "env0");
  assert.equal(appNameFromPath("Runlayer.C1Z"), "Runlayer");
  assert.equal(appNameFromPath("sync"), "sync");
});

test("one row per grant, grouped by principal, every column filled from the principal and the grant", async (t) => {
  const file = path.join(tempFolder(t), "clockify.c1z");
  const syncId = await writeTenant(file);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const rows = [...exportRows(reader, syncId, "clockify")];
  assert.equal(rows.length, reader.countGrants(syncId));
  assert.deepStrictEqual(Object.keys(rows[0]!), [...EXPORT_COLUMNS]);
  assert.deepStrictEqual(
    rows.map((row) => `${row.principal_type}:${row.principal_id} ${row.entitlement_id}`),
    [
      "group:g-eng:role:r-dev:assigned",
      "group:g-platform:group:g-eng:member",
      "group:g-platform:role:r-dev:assigned",
      "user:k-ci:role:r-dev:assigned",
      "user:u-alice:role:r-admin:assigned",
      "user:u-bob:group:g-eng:member",
      "user:u-bob:role:r-dev:assigned",
      "user:u-carol:group:g-platform:member",
      "user:u-carol:group:g-eng:member",
      "user:u-carol:role:r-dev:assigned",
      "user:u-dave:group:g-platform:member",
      "user:u-dave:group:g-eng:member",
      "user:u-dave:role:r-dev:assigned",
    ].map((line) => line.replace(/^(\w+):([^:]+):/, "$1:$2 ")),
  );
  const carol = rows.find((row) => row.principal_id === "u-carol" && row.entitlement_id === "role:r-dev:assigned")!;
  assert.deepStrictEqual(carol, {
    app: "clockify",
    principal_type: "user",
    principal_id: "u-carol",
    principal_name: "Carol Invitee",
    email: "carol@example.com",
    account_type: "human",
    status: "disabled",
    status_details: "pending invite",
    last_login: null,
    resource_type: "role",
    resource_id: "r-dev",
    resource_name: "Developer",
    entitlement_id: "role:r-dev:assigned",
    entitlement_name: "Developer role",
    direct: false,
    via: "group:g-eng:member",
    grant_id: "role:r-dev:assigned:user:u-carol",
  });
  const key = rows.find((row) => row.principal_id === "k-ci")!;
  assert.deepStrictEqual(
    [key.account_type, key.email, key.last_login, key.direct, key.via],
    ["service", null, "2024-01-01T00:00:00.000Z", true, null],
  );
  const group = rows.find((row) => row.principal_id === "g-eng")!;
  assert.deepStrictEqual(
    [group.principal_name, group.email, group.account_type, group.status],
    ["Engineering", null, null, null],
  );
});

test("Baton's bare-id principals are named by lookup", async (t) => {
  const reader = await C1zReader.open(BATON_EXPANDED);
  t.after(() => reader.close());
  let rows = 0;
  for (const row of exportRows(reader, BATON_SYNC_ID, "baton", { cacheSize: 50 })) {
    assert.ok(row.principal_name, row.grant_id!);
    if (row.principal_type === "user") assert.match(row.email ?? "", /@example\.com$/);
    rows++;
  }
  assert.equal(rows, 14_981);
});
