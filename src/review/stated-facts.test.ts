/**
 * A product idsync has never heard of, written with the stated facts of core/model facts.ts:
 * review, stats and the cross-app check find its pending invites and admins without a word of
 * English to go on, and a stated fact outweighs a name that says otherwise.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  C1zReader,
  C1zWriter,
  defineResourceType,
  expandGrants,
  newEntitlement,
  newGrant,
  newRoleResource,
  newUserResource,
  type Resource,
} from "../core/index.ts";
import { PeopleAcrossApps, reviewSync, syncStats, userFacts } from "./index.ts";
import { tempFolder, userType, writeSync } from "./_test-tenant.ts";

// Its own type names, so nothing in review can know them.
const memberType = defineResourceType({ id: "mitglied", displayName: "Mitglied", traits: ["user"] });
const gradeType = defineResourceType({ id: "stufe", displayName: "Stufe", traits: ["role"] });

function fifthProduct(): Resource[] {
  const member = (id: string, spec: Parameters<typeof newUserResource>[3]) =>
    newUserResource(memberType, id, id, { emails: [`${id}@example.com`], ...spec });
  return [
    member("eva", { status: "disabled", statusDetails: "Einladung ausstehend", statusReason: "pending_invite" }),
    member("udo", { status: "disabled", statusDetails: "gesperrt", statusReason: "deactivated" }),
    // Words that would read as an invite, and a reason that says it is not one.
    member("ina", { status: "disabled", statusDetails: "invited, then removed", statusReason: "deactivated" }),
    member("max", {}),
    member("ole", {}),
    newRoleResource(gradeType, "g1", "Gebieter", { privileged: true }),
    newRoleResource(gradeType, "g2", "Admin-Leser", { privileged: false }),
  ];
}

async function writeFifthProduct(file: string): Promise<string> {
  const resources = fifthProduct();
  const role = (id: string) => resources.find((resource) => resource.id.resource === id)!;
  const writer = await C1zWriter.open(file);
  const syncId = writer.startSync();
  writer.putResourceTypes([memberType, gradeType]);
  writer.putResources(resources);
  writer.putEntitlements(
    [role("g1"), role("g2")].map((grade) => newEntitlement(grade, "zugewiesen", { grantableTo: [memberType] })),
  );
  const holder = (id: string) => ({ resourceType: memberType.id, resource: id });
  writer.putGrants([
    newGrant(role("g1"), "zugewiesen", holder("eva")),
    newGrant(role("g1"), "zugewiesen", holder("max")),
    newGrant(role("g2"), "zugewiesen", holder("ole")),
  ]);
  await expandGrants(writer);
  writer.endSync();
  await writer.save();
  return syncId;
}

test("review reads a fifth product's stated invites and admin roles, whatever its words", async (t) => {
  const file = path.join(tempFolder(t), "fifth.c1z");
  await writeFifthProduct(file);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const found = reviewSync(reader, reader.resolveSync());
  const ids = (users: ReadonlyArray<{ resource: Resource }>) => users.map((user) => user.resource.id.resource);
  assert.deepStrictEqual(ids(found.pendingInvites), ["eva"]);
  assert.deepStrictEqual(
    ids(found.admins),
    ["eva", "max"],
    "Gebieter is marked admin-grade; Admin-Leser is marked not",
  );
  assert.deepStrictEqual(
    found.admins.map((admin) => admin.adminRoles),
    [["Gebieter"], ["Gebieter"]],
  );
  assert.deepStrictEqual(ids(found.inactiveWithAccess), [], "udo and ina hold nothing");
  assert.equal(
    userFacts(reader.getResource(reader.resolveSync().id, { resourceType: "mitglied", resource: "ina" })!)
      ?.pendingInvite,
    false,
  );
  assert.equal(syncStats(reader, reader.resolveSync()).users.pendingInvites, 1);
});

test("the cross-app check keeps the stated reason: a stated invite is no offboarding gap", async (t) => {
  const folder = tempFolder(t);
  const fifth = path.join(folder, "fifth.c1z");
  const other = path.join(folder, "other.c1z");
  await writeFifthProduct(fifth);
  const enabled = (id: string) => newUserResource(userType, `${id}-2`, id, { emails: [`${id}@example.com`] });
  await writeSync(other, { resources: [enabled("eva"), enabled("udo")], grants: [] }, { expand: false });
  const people = new PeopleAcrossApps();
  for (const [file, app] of [
    [fifth, "fifth"],
    [other, "other"],
  ] as const) {
    const reader = await C1zReader.open(file);
    try {
      people.add(reader, reader.resolveSync(), app);
    } finally {
      reader.close();
    }
  }
  assert.deepStrictEqual(
    people.gaps().map((gap) => gap.email),
    ["udo@example.com"],
    "eva's invite (no English word says so) is not a gap; udo, deactivated, is",
  );
});
