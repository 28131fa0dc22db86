import assert from "node:assert/strict";
import path from "node:path";
import { test, type TestContext } from "node:test";
import { encodeGrant } from "../model/index.ts";
import { C1zReader, C1zWriter } from "./index.ts";
import { openInside, sampleContent, tempFolder, writeSync } from "./_test-support.ts";
import { blob, text } from "./_sql.ts";

/** The sample content written as a c1z and opened again; closed when the test ends. */
async function readBackSample(t: TestContext) {
  const target = path.join(tempFolder(t), "sync.c1z");
  const content = sampleContent();
  const syncId = await writeSync(target, content);
  const reader = await C1zReader.open(target);
  t.after(() => reader.close());
  return { content, syncId, reader };
}

test("every message and trait survives write → save → read unchanged", async (t) => {
  const { content, syncId, reader } = await readBackSample(t);
  assert.equal(reader.resolveSyncId(), syncId);
  assert.deepStrictEqual([...reader.resourceTypes(syncId)], content.resourceTypes);
  assert.deepStrictEqual([...reader.resources(syncId)], content.resources);
  assert.deepStrictEqual([...reader.entitlements(syncId)], content.entitlements);
  assert.deepStrictEqual([...reader.grants(syncId)], content.grants);

  for (const resource of content.resources) assert.deepStrictEqual(reader.getResource(syncId, resource.id), resource);
  for (const entitlement of content.entitlements) {
    assert.deepStrictEqual(reader.getEntitlement(syncId, entitlement.id), entitlement);
  }
  for (const grant of content.grants) assert.deepStrictEqual(reader.getGrant(syncId, grant.id), grant);
  assert.deepStrictEqual(reader.getResourceType(syncId, "project"), content.resourceTypes[3]);
  assert.equal(reader.getResource(syncId, { resourceType: "user", resource: "nobody" }), undefined);
});

test("listing filters select by type, parent, resource, entitlement and principal", async (t) => {
  const { syncId, reader } = await readBackSample(t);
  const ids = (list: Iterable<{ id: unknown }>) => [...list].map((item) => item.id);
  const admins = { resourceType: "group", resource: "g-1" };
  const alice = { resourceType: "user", resource: "u-1" };

  assert.deepStrictEqual(ids(reader.resources(syncId, { resourceType: "user" })), [
    alice,
    { resourceType: "user", resource: "u-2" },
  ]);
  assert.deepStrictEqual(ids(reader.resources(syncId, { parent: admins })), [
    { resourceType: "project", resource: "p-1" },
  ]);
  assert.deepStrictEqual(ids(reader.entitlements(syncId, { resource: admins })), ["group:g-1:member"]);
  assert.deepStrictEqual(ids(reader.grants(syncId, { entitlementId: "group:g-1:member" })), [
    "group:g-1:member:user:u-1",
    "group:g-1:member:user:u-2",
  ]);
  assert.deepStrictEqual(ids(reader.grants(syncId, { principal: admins })), ["role:r-1:assigned:group:g-1"]);
  assert.deepStrictEqual(ids(reader.grants(syncId, { resource: { resourceType: "role", resource: "r-1" } })), [
    "role:r-1:assigned:group:g-1",
  ]);
  assert.equal(reader.countResources(syncId, { resourceType: "user" }), 2);
  assert.equal(reader.countEntitlements(syncId, { resource: admins }), 1);
  assert.equal(reader.countGrants(syncId, { principal: alice }), 1);
  assert.equal(reader.countResourceTypes(syncId), 4);
});

test("the writer's own lookups return what was put, GrantExpandable included", async (t) => {
  const folder = tempFolder(t);
  const writer = await C1zWriter.open(path.join(folder, "sync.c1z"));
  t.after(() => writer.discard());
  const content = sampleContent();
  writer.startSync();
  writer.putResourceTypes(content.resourceTypes);
  writer.putResources(content.resources);
  writer.putEntitlements(content.entitlements);
  writer.putGrants(content.grants);

  const [expandable] = content.grants;
  assert.deepStrictEqual(writer.getGrant(expandable!.id), expandable);
  assert.deepStrictEqual(writer.getResource(content.resources[0]!.id), content.resources[0]);
  assert.deepStrictEqual(writer.getEntitlement(content.entitlements[0]!.id), content.entitlements[0]);
  assert.deepStrictEqual(writer.countRows(), { resourceTypes: 4, resources: 5, entitlements: 2, grants: 3 });
  assert.deepStrictEqual(writer.countResourcesByType(), { group: 1, project: 1, role: 1, user: 2 });
  assert.deepStrictEqual(
    [...writer.grantsOfEntitlement("group:g-1:member")].map((grant) => grant.id),
    ["group:g-1:member:user:u-1", "group:g-1:member:user:u-2"],
  );
  assert.deepStrictEqual(
    [...writer.expandableGrants()],
    [
      {
        grantId: expandable!.id,
        entitlementId: "role:r-1:assigned",
        principal: { resourceType: "group", resource: "g-1" },
        expandable: expandable!.expandable,
      },
    ],
  );
  const page = writer.resourcesAfter(0, 2);
  assert.deepStrictEqual(
    page.map((row) => row.resource),
    content.resources.slice(0, 2),
  );
  const rest = writer.resourcesAfter(page[1]!.rowId, 10);
  assert.deepStrictEqual(
    rest.map((row) => row.resource),
    content.resources.slice(2),
  );
  assert.equal(writer.clearNeedsExpansion(), 1);
  assert.equal(writer.clearNeedsExpansion(), 0);
});

test("the same objects give the same data bytes in two files", async (t) => {
  const folder = tempFolder(t);
  const blobsOf = async (name: string): Promise<Map<string, string>> => {
    const target = path.join(folder, name);
    await writeSync(target, sampleContent());
    const db = openInside(target, folder);
    const blobs = new Map<string, string>();
    for (const table of ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants"]) {
      for (const row of db.prepare(`SELECT external_id, data FROM ${table} ORDER BY id`).all()) {
        blobs.set(`${table}/${text(row, "external_id")}`, Buffer.from(blob(row, "data")).toString("hex"));
      }
    }
    for (const row of db.prepare("SELECT external_id, expansion FROM v1_grants WHERE expansion IS NOT NULL").all()) {
      blobs.set(`expansion/${text(row, "external_id")}`, Buffer.from(blob(row, "expansion")).toString("hex"));
    }
    db.close();
    return blobs;
  };
  const first = await blobsOf("a.c1z");
  const second = await blobsOf("b.c1z");
  assert.equal(first.size, 4 + 5 + 2 + 3 + 1);
  assert.deepStrictEqual(second, first);
  // The grant's data is what the codec gives with the annotation left out.
  const [grant] = sampleContent().grants;
  assert.equal(
    first.get(`v1_grants/${grant!.id}`),
    Buffer.from(encodeGrant(grant!, { omitExpandable: true })).toString("hex"),
  );
});
