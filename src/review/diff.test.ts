import assert from "node:assert/strict";
import path from "node:path";
import { test, type TestContext } from "node:test";
import { C1zReader, resourceKey } from "../core/index.ts";
import { chooseSync, diffCounts, diffSummary, diffSyncs, syncPairInFile, type SyncDiff } from "./index.ts";
import { BATON_EXPANDED, BATON_UNEXPANDED, tempFolder, writeTenant } from "./_test-tenant.ts";

async function open(t: TestContext, file: string): Promise<C1zReader> {
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  return reader;
}

/** What a reviewer reads from a diff, in plain data. */
function outline(diff: SyncDiff) {
  const keys = (items: Array<{ id: { resourceType: string; resource: string } }>) =>
    items.map((item) => resourceKey(item.id));
  return {
    users: {
      added: keys(diff.users.added),
      removed: keys(diff.users.removed),
      changed: diff.users.changed.map((item) => ({
        key: item.key,
        changes: item.changes.map((change) => `${change.field}: ${change.old} -> ${change.new}`),
        accessAdded: item.accessAdded,
        accessRemoved: item.accessRemoved,
      })),
    },
    resources: {
      added: keys(diff.resources.added),
      removed: keys(diff.resources.removed),
      changed: diff.resources.changed.map(
        (item) => `${item.key} ${item.changes.map((change) => change.field).join(",")}`,
      ),
    },
    entitlements: {
      added: diff.entitlements.added.map((entitlement) => entitlement.id),
      removed: diff.entitlements.removed.map((entitlement) => entitlement.id),
      changed: diff.entitlements.changed.map(
        (item) => `${item.key} ${item.changes.map((change) => change.field).join(",")}`,
      ),
    },
    grants: {
      added: diff.grants.added.map((grant) => grant.id),
      removed: diff.grants.removed.map((grant) => grant.id),
      changed: diff.grants.changed.map((item) => item.key),
    },
  };
}

const EXPECTED = {
  users: {
    added: ["user:u-erin"],
    removed: ["user:k-ci"],
    changed: [
      {
        key: "user:u-alice",
        changes: ["email: alice@example.com -> alice@corp.example.com"],
        accessAdded: [],
        accessRemoved: [],
      },
      {
        key: "user:u-bob",
        changes: ["status: enabled -> disabled (suspended)"],
        accessAdded: ["role:r-admin:assigned"],
        accessRemoved: [],
      },
      {
        key: "user:u-carol",
        changes: ["status: disabled (pending invite) -> enabled"],
        accessAdded: [],
        accessRemoved: [],
      },
    ],
  },
  resources: { added: ["group:g-sec"], removed: [], changed: ["role:r-dev name"] },
  entitlements: { added: ["group:g-sec:member"], removed: [], changed: ["role:r-dev:assigned name"] },
  grants: {
    added: ["group:g-eng:member:user:u-erin", "role:r-admin:assigned:user:u-bob", "role:r-dev:assigned:user:u-erin"],
    removed: ["role:r-dev:assigned:user:k-ci"],
    changed: [],
  },
};

const SUMMARY = "+1 user, -1 user, 3 changed; +1 resource, 1 changed; +1 entitlement, 1 changed; +3 grants, -1 grant";

test("diff of one file's two syncs: joiners, leavers, status and email changes, a new admin", async (t) => {
  const file = path.join(tempFolder(t), "tenant.c1z");
  const first = await writeTenant(file, { generation: 1 });
  const second = await writeTenant(file, { generation: 2 });
  const reader = await open(t, file);
  const pair = syncPairInFile(reader);
  assert.deepStrictEqual([pair.old.id, pair.new.id], [first, second]);
  const diff = await diffSyncs({ reader, sync: pair.old }, { reader, sync: pair.new });
  assert.deepStrictEqual(outline(diff), EXPECTED);
  assert.equal(diffSummary(diff), SUMMARY);
  assert.deepStrictEqual(diffCounts(diff).users, { added: 1, removed: 1, changed: 3 });
  // Dave only logged in again: not a change.
  assert.ok(!diff.users.changed.some((item) => item.key === "user:u-dave"));
});

test("diff of two files gives the same answer; diffing a sync with itself finds nothing", async (t) => {
  const folder = tempFolder(t);
  const oldFile = path.join(folder, "january.c1z");
  const newFile = path.join(folder, "february.c1z");
  await writeTenant(oldFile, { generation: 1 });
  await writeTenant(newFile, { generation: 2 });
  const older = await open(t, oldFile);
  const newer = await open(t, newFile);
  const diff = await diffSyncs(
    { reader: older, sync: chooseSync(older).run },
    { reader: newer, sync: chooseSync(newer).run },
  );
  assert.deepStrictEqual(outline(diff), EXPECTED);
  assert.equal(diffSummary(diff), SUMMARY);
  assert.deepStrictEqual(diff.old.file, oldFile);
  const same = await diffSyncs(
    { reader: newer, sync: chooseSync(newer).run },
    { reader: newer, sync: chooseSync(newer).run },
  );
  assert.equal(diffSummary(same), "no changes");
});

test("a file with a single full sync cannot be diffed alone, and says what to do", async (t) => {
  const file = path.join(tempFolder(t), "once.c1z");
  await writeTenant(file);
  const reader = await open(t, file);
  assert.throws(() => syncPairInFile(reader), {
    kind: "invalid-config",
    message: /needs two finished full syncs to compare, and has 1$/,
  });
});

test("Baton's fixtures: expansion added 12,072 grants and extended the sources of 1,199", async (t) => {
  const unexpanded = await open(t, BATON_UNEXPANDED);
  const expanded = await open(t, BATON_EXPANDED);
  const diff = await diffSyncs(
    { reader: unexpanded, sync: chooseSync(unexpanded).run },
    { reader: expanded, sync: chooseSync(expanded).run },
  );
  assert.equal(diffSummary(diff), "+12,072 grants, 1,199 changed");
  assert.ok(diff.grants.changed.every((item) => item.changes.length === 1 && item.changes[0]!.field === "sources"));
  // Derived grants are not a principal's own: no user is "changed" by expansion.
  assert.equal(diff.users.changed.length, 0);
});
