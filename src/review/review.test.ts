import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  C1zReader,
  newGrant,
  newGroupResource,
  newRoleResource,
  newUserResource,
  type Grant,
  type Resource,
} from "../core/index.ts";
import { PeopleAcrossApps, reviewSync, type SyncReview } from "./index.ts";
import { groupType, roleType, tempFolder, userType, writeSync } from "./_test-tenant.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY_MS);

/**
 * A tenant with one user per review finding (and a few that must not be found). `round` 2 is
 * the same tenant after the admin group lost its member and a fresh user became Owner.
 */
function reviewTenant(round: 1 | 2): { resources: Resource[]; grants: Grant[] } {
  const user = (id: string, name: string, spec: Parameters<typeof newUserResource>[3] = {}) =>
    newUserResource(userType, id, name, { emails: [`${id}@example.com`], ...spec });
  const idle = user("u-idle", "Ida Idle", { lastLogin: daysAgo(200) });
  const fresh = user("u-fresh", "Fred Fresh", { lastLogin: daysAgo(10) });
  const neverOld = user("u-never-old", "Nora Never", { createdAt: daysAgo(400) });
  const neverNew = user("u-never-new", "Ned New", { createdAt: daysAgo(20) });
  const neverUnknown = user("u-never-unknown", "Uma Unknown");
  // No service account records a login here, so a key without one is "not tracked", not "never used".
  const key = newUserResource(userType, "k-deploy", "deploy key", {
    accountType: "service",
    login: "deploy",
    createdAt: daysAgo(300),
  });
  const invite = user("u-invite", "Ivy Invite", { status: "disabled", statusDetails: "pending invite" });
  const suspended = user("u-suspended", "Sam Suspended", {
    status: "disabled",
    statusDetails: "suspended",
    lastLogin: daysAgo(300),
  });
  const gone = user("u-gone", "Gus Gone", { status: "deleted" });
  const viaGroup = user("u-via-group", "Vic Via", { lastLogin: daysAgo(1) });

  const admins = newGroupResource(groupType, "g-admins", "Admins group");
  const ops = newGroupResource(groupType, "g-ops", "Ops");
  const superAdmin = newRoleResource(roleType, "super_admin", "Super Admin");
  const workspaceAdmin = newRoleResource(roleType, "WORKSPACE_ADMIN", "Workspace admin");
  const owner = newRoleResource(roleType, "OWNER", "Owner");
  const developer = newRoleResource(roleType, "developer", "Developer");

  const grants = [
    newGrant(superAdmin, "assigned", invite),
    newGrant(ops, "member", suspended),
    newGrant(ops, "member", idle),
    newGrant(developer, "assigned", neverOld),
    newGrant(workspaceAdmin, "assigned", admins.id, { expandable: { entitlementIds: ["group:g-admins:member"] } }),
    ...(round === 1 ? [newGrant(admins, "member", viaGroup)] : [newGrant(owner, "assigned", fresh)]),
  ];
  return {
    resources: [
      idle,
      fresh,
      neverOld,
      neverNew,
      neverUnknown,
      key,
      invite,
      suspended,
      gone,
      viaGroup,
      admins,
      ops,
      superAdmin,
      workspaceAdmin,
      owner,
      developer,
    ],
    grants,
  };
}

const writeRound = (file: string, round: 1 | 2): Promise<string> =>
  writeSync(file, reviewTenant(round), { expand: true });

async function review(file: string, syncId: string, staleDays?: number): Promise<SyncReview> {
  const reader = await C1zReader.open(file);
  try {
    const sync = reader.syncs().find((run) => run.id === syncId)!;
    return reviewSync(reader, sync, staleDays === undefined ? {} : { staleDays });
  } finally {
    reader.close();
  }
}

const ids = (users: ReadonlyArray<{ resource: Resource }>): string[] => users.map((user) => user.resource.id.resource);

test("review finds admins (directly and through groups), pending invites, dormant accounts and disabled users with access", async (t) => {
  const file = path.join(tempFolder(t), "review.c1z");
  const syncId = await writeRound(file, 1);
  const found = await review(file, syncId);

  assert.equal(found.users, 10);
  assert.equal(found.staleDays, 90);
  assert.deepStrictEqual(found.loginsRecorded, ["human"]);
  assert.deepStrictEqual(ids(found.admins), ["u-invite", "u-via-group"], "sorted by name: Ivy, Vic");
  assert.deepStrictEqual(
    found.admins.map((admin) => admin.adminRoles),
    [["Super Admin"], ["Workspace admin"]],
  );
  const viaGroup = found.admins[1]!.access.find((entry) => entry.entitlementId === "role:WORKSPACE_ADMIN:assigned");
  assert.deepStrictEqual(viaGroup?.via, [["group:g-admins:member"]], "the path to the role is kept");

  assert.deepStrictEqual(ids(found.pendingInvites), ["u-invite"]);
  assert.deepStrictEqual(
    found.dormant.map((user) => [user.resource.id.resource, user.reason, user.daysIdle]),
    [
      ["u-never-old", "never-logged-in", 400],
      ["u-idle", "last-login", 200],
    ],
    "longest idle first; fresh accounts, unknown creation and untracked service keys are left out",
  );
  assert.deepStrictEqual(
    ids(found.inactiveWithAccess),
    ["u-suspended"],
    "the deleted user holds nothing; the invite is not 'disabled'",
  );
  assert.deepStrictEqual(
    found.inactiveWithAccess[0]!.access.map((entry) => entry.entitlementId),
    ["group:g-ops:member"],
  );
  assert.equal(found.adminChanges, null, "a file with one sync has nothing to compare with");
});

test("--stale-days moves the dormancy line", async (t) => {
  const file = path.join(tempFolder(t), "review.c1z");
  const syncId = await writeRound(file, 1);
  assert.deepStrictEqual(ids((await review(file, syncId, 250)).dormant), ["u-never-old"]);
  assert.deepStrictEqual(ids((await review(file, syncId, 5)).dormant), [
    "u-never-old",
    "u-idle",
    "u-never-new",
    "u-fresh",
  ]);
});

test("admin changes compare with the previous full sync in the same file", async (t) => {
  const file = path.join(tempFolder(t), "review.c1z");
  const first = await writeRound(file, 1);
  const second = await writeRound(file, 2);
  const found = await review(file, second);
  assert.equal(found.adminChanges?.previous.id, first);
  assert.deepStrictEqual(ids(found.adminChanges!.added), ["u-fresh"]);
  assert.deepStrictEqual(found.adminChanges!.added[0]!.adminRoles, ["Owner"]);
  assert.deepStrictEqual(
    found.adminChanges!.removed.map((removed) => [
      removed.resource.id.resource,
      removed.resource.displayName,
      removed.stillPresent,
    ]),
    [["u-via-group", "Vic Via", true]],
  );
  assert.deepStrictEqual(ids(found.admins), ["u-fresh", "u-invite"]);
});

test("people across apps join by email in any case; deleted or disabled beside enabled is a gap, a pending invite is not", async (t) => {
  const folder = tempFolder(t);
  const person = (id: string, email: string, spec: Parameters<typeof newUserResource>[3] = {}) =>
    newUserResource(userType, id, id, { emails: [email], ...spec });
  const first = path.join(folder, "first.c1z");
  const second = path.join(folder, "second.c1z");
  await writeSync(
    first,
    {
      resources: [
        person("a1", "Ann@Example.com", { status: "deleted" }),
        person("b1", "bo@example.com", { status: "disabled", statusDetails: "pending invite" }),
        person("c1", "cy@example.com"),
      ],
      grants: [],
    },
    { expand: false },
  );
  await writeSync(
    second,
    {
      resources: [person("a2", "ann@example.com"), person("b2", "bo@example.com"), person("c2", "cy@example.com")],
      grants: [],
    },
    { expand: false },
  );
  const people = new PeopleAcrossApps();
  for (const [file, app] of [
    [first, "one"],
    [second, "two"],
  ] as const) {
    const reader = await C1zReader.open(file);
    try {
      people.add(reader, reader.syncs()[0]!, app);
    } finally {
      reader.close();
    }
  }
  assert.equal(people.apps, 2);
  assert.deepStrictEqual(
    people
      .gaps()
      .map((gap) => [
        gap.email,
        gap.apps.map((presence) => `${presence.app}:${presence.resource.id.resource}:${presence.facts.status}`),
      ]),
    [["ann@example.com", ["one:a1:deleted", "two:a2:enabled"]]],
  );
  // A newer sync of app "one" (here: the second file) takes the place of its users.
  const reader = await C1zReader.open(second);
  t.after(() => reader.close());
  people.replace(reader, reader.resolveSync(), "one");
  assert.equal(people.apps, 2);
  assert.deepStrictEqual(people.gaps(), []);
});

test("an account that never logged in is judged once the whole sync is read, whatever the listing order", async (t) => {
  const file = path.join(tempFolder(t), "order.c1z");
  // Listed before any login of their kind is seen: the never-used admin key, the never-used person.
  const unusedKey = newUserResource(userType, "k-unused", "unused key", {
    accountType: "service",
    login: "unused",
    createdAt: daysAgo(300),
  });
  const never = newUserResource(userType, "u-never", "Nell Never", {
    emails: ["nell@example.com"],
    createdAt: daysAgo(500),
  });
  const usedKey = newUserResource(userType, "k-used", "used key", {
    accountType: "service",
    login: "used",
    lastLogin: daysAgo(1),
  });
  const active = newUserResource(userType, "u-active", "Abe Active", {
    emails: ["abe@example.com"],
    lastLogin: daysAgo(2),
  });
  const owner = newRoleResource(roleType, "owner", "Owner");
  const syncId = await writeSync(
    file,
    { resources: [unusedKey, never, usedKey, active, owner], grants: [newGrant(owner, "assigned", unusedKey)] },
    { expand: true },
  );
  const found = await review(file, syncId);
  assert.deepStrictEqual(found.loginsRecorded, ["human", "service"]);
  assert.deepStrictEqual(
    found.dormant.map((user) => [user.resource.id.resource, user.reason, user.daysIdle, user.adminRoles]),
    [
      ["u-never", "never-logged-in", 500, []],
      ["k-unused", "never-logged-in", 300, ["Owner"]],
    ],
  );
  assert.deepStrictEqual(ids(found.admins), ["k-unused"]);
});
