import assert from "node:assert/strict";
import path from "node:path";
import { test, type TestContext } from "node:test";
import {
  C1zReader,
  C1zWriter,
  newEntitlement,
  newGrant,
  newGroupResource,
  newUserResource,
  resourceKey,
} from "../core/index.ts";
import { AccessResolver, accessOf, type AccessReport } from "./index.ts";
import {
  BATON_EXPANDED,
  BATON_SYNC_ID,
  BATON_UNEXPANDED,
  groupType,
  tempFolder,
  userType,
  writeTenant,
} from "./_test-tenant.ts";

/** entitlement id → "direct" / "via a > b" lines, the shape a reviewer reads. */
function summary(report: AccessReport): Record<string, string[]> {
  return Object.fromEntries(
    report.entries.map((entry) => [
      entry.entitlementId,
      [...(entry.direct ? ["direct"] : []), ...entry.via.map((path) => `via ${path.join(" > ")}`)],
    ]),
  );
}

async function openTenant(t: TestContext, expand: boolean): Promise<{ reader: C1zReader; syncId: string }> {
  const file = path.join(tempFolder(t), "tenant.c1z");
  const syncId = await writeTenant(file, { expand });
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  return { reader, syncId };
}

const DAVE = {
  "group:g-eng:member": ["via group:g-platform:member"],
  "group:g-platform:member": ["direct"],
  "role:r-dev:assigned": ["via group:g-platform:member > group:g-eng:member"],
};

test("access through nested groups, from an expanded file: stored grants and their sources", async (t) => {
  const { reader, syncId } = await openTenant(t, true);
  const report = accessOf(reader, syncId, { resourceType: "user", resource: "u-dave" });
  assert.equal(report.principal.displayName, 'Dave "The Dev", Jr.');
  assert.deepStrictEqual(summary(report), DAVE);
  assert.ok(
    report.entries.every((entry) => entry.grantId !== null),
    "every holding is a stored grant",
  );
  const dev = report.entries.find((entry) => entry.entitlementId === "role:r-dev:assigned")!;
  assert.deepStrictEqual(dev.resource, { id: { resourceType: "role", resource: "r-dev" }, displayName: "Developer" });
  assert.equal(dev.entitlementName, "Developer role");
  assert.equal(dev.slug, "assigned");
});

test("access through nested groups, from an unexpanded file: memberships are followed", async (t) => {
  const { reader, syncId } = await openTenant(t, false);
  const report = accessOf(reader, syncId, { resourceType: "user", resource: "u-dave" });
  assert.deepStrictEqual(summary(report), DAVE);
  assert.deepStrictEqual(
    report.entries.map((entry) => entry.grantId),
    [null, "group:g-platform:member:user:u-dave", null],
    "inferred holdings have no stored grant",
  );
  assert.deepStrictEqual(summary(accessOf(reader, syncId, { resourceType: "user", resource: "u-alice" })), {
    "role:r-admin:assigned": ["direct"],
  });
  assert.deepStrictEqual(summary(accessOf(reader, syncId, { resourceType: "group", resource: "g-platform" })), {
    "group:g-eng:member": ["direct"],
    "role:r-dev:assigned": ["via group:g-eng:member"],
  });
});

test("an unknown principal is a clear error; a principal with no grants has empty access", async (t) => {
  const { reader, syncId } = await openTenant(t, true);
  assert.throws(() => accessOf(reader, syncId, { resourceType: "user", resource: "nobody" }), {
    kind: "invalid-config",
    message: /has no principal user:nobody$/,
  });
  const file = path.join(tempFolder(t), "lonely.c1z");
  const writer = await C1zWriter.open(file);
  const id = writer.startSync();
  writer.putResourceTypes([userType]);
  writer.putResources([newUserResource(userType, "u-1", "Loner")]);
  writer.endSync();
  await writer.save();
  const lonely = await C1zReader.open(file);
  t.after(() => lonely.close());
  assert.deepStrictEqual(accessOf(lonely, id, { resourceType: "user", resource: "u-1" }).entries, []);
});

test("membership cycles end, and plain grants to a group reach its members; shallow edges stop at direct members", async (t) => {
  const file = path.join(tempFolder(t), "cycle.c1z");
  const a = newGroupResource(groupType, "a", "A");
  const b = newGroupResource(groupType, "b", "B");
  const c = newGroupResource(groupType, "c", "C");
  const user = newUserResource(userType, "u", "U");
  const writer = await C1zWriter.open(file);
  const syncId = writer.startSync();
  writer.putResourceTypes([userType, groupType]);
  writer.putResources([a, b, c, user]);
  writer.putEntitlements([a, b, c].map((group) => newEntitlement(group, "member")));
  writer.putGrants([
    newGrant(a, "member", user),
    // A ⊂ B and B ⊂ A: a cycle.
    newGrant(b, "member", a.id, { expandable: { entitlementIds: ["group:a:member"] } }),
    newGrant(a, "member", b.id, { expandable: { entitlementIds: ["group:b:member"] } }),
    // Only direct members of B get C's membership: the user is in B only through A.
    newGrant(c, "member", b.id, { expandable: { entitlementIds: ["group:b:member"], shallow: true } }),
    // No annotation: a plain grant to group A, which reaches A's members.
    newGrant(c, "admin", a.id),
  ]);
  writer.endSync();
  await writer.save();
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  assert.deepStrictEqual(summary(accessOf(reader, syncId, { resourceType: "user", resource: "u" })), {
    "group:a:member": ["direct", "via group:a:member > group:b:member"],
    "group:b:member": ["via group:a:member"],
    "group:c:admin": ["via group:a:member"],
  });
});

test("on Baton's fixtures, following memberships in the unexpanded file finds what Baton's expansion stored", async (t) => {
  const unexpanded = await C1zReader.open(BATON_UNEXPANDED);
  t.after(() => unexpanded.close());
  const expanded = await C1zReader.open(BATON_EXPANDED);
  t.after(() => expanded.close());
  const inferred = new AccessResolver(unexpanded, BATON_SYNC_ID);
  const stored = new AccessResolver(expanded, BATON_SYNC_ID);
  let compared = 0;
  let inherited = 0;
  // Every 7th user keeps the test quick while crossing every group, project and role pattern.
  for (const user of expanded.resources(BATON_SYNC_ID, { resourceType: "user" })) {
    if (Number(user.id.resource.replace(/\D/g, "")) % 7 !== 0) continue;
    const expected = new Map<string, string[]>();
    for (const grant of expanded.grants(BATON_SYNC_ID, { principal: user.id })) {
      expected.set(
        grant.entitlement.id,
        Object.keys(grant.sources ?? {})
          .filter((source) => source !== grant.entitlement.id)
          .sort(),
      );
    }
    const fromUnexpanded = inferred.accessOf(user.id);
    const fromExpanded = stored.accessOf(user.id);
    for (const report of [fromUnexpanded, fromExpanded]) {
      const actual = new Map(
        report.entries.map((entry) => [entry.entitlementId, entry.via.map((path) => path.at(-1)!).sort()]),
      );
      assert.deepStrictEqual(
        actual,
        expected,
        `${resourceKey(user.id)} in ${report === fromUnexpanded ? "unexpanded" : "expanded"}`,
      );
    }
    inherited += fromUnexpanded.entries.filter((entry) => !entry.direct).length;
    compared++;
  }
  assert.ok(compared > 100 && inherited > 1_000, `compared ${compared} users, ${inherited} inherited holdings`);
});
