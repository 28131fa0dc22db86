import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { C1zReader, newUserResource } from "../core/index.ts";
import {
  RecentCache,
  SyncLookup,
  findUsersByEmail,
  isPendingInvite,
  principalByEmail,
  statusLabel,
  userFacts,
} from "./index.ts";
import { compareKeys } from "./order.ts";
import { tempFolder, writeTenant } from "./_test-tenant.ts";

test("a pending invite is a disabled user whose details say invite", () => {
  assert.equal(
    isPendingInvite(newUserResource("user", "1", "A", { status: "disabled", statusDetails: "pending invite" })),
    true,
  );
  assert.equal(
    isPendingInvite(newUserResource("user", "1", "A", { status: "disabled", statusDetails: "Invited" })),
    true,
  );
  assert.equal(
    isPendingInvite(newUserResource("user", "1", "A", { status: "disabled", statusDetails: "suspended" })),
    false,
  );
  assert.equal(
    isPendingInvite(newUserResource("user", "1", "A", { statusDetails: "invited" })),
    false,
    "enabled users are not invites",
  );
});

test("a stated reason decides alone; the words are only read when no reason is stated", () => {
  const stated = (statusReason: "pending_invite" | "deactivated", statusDetails: string) =>
    isPendingInvite(newUserResource("user", "1", "A", { status: "disabled", statusDetails, statusReason }));
  assert.equal(stated("pending_invite", "Einladung ausstehend"), true);
  assert.equal(stated("deactivated", "pending invite"), false, "the reason outweighs words that say otherwise");
  assert.equal(
    isPendingInvite(newUserResource("user", "1", "A", { statusReason: "pending_invite" })),
    false,
    "an invite is never enabled",
  );
  assert.equal(
    userFacts(newUserResource("user", "1", "A", { status: "disabled", statusReason: "deactivated" }))?.statusReason,
    "deactivated",
  );
});

test("user facts: primary email first, every field present, status details shown unless they repeat the status", () => {
  const user = newUserResource("user", "1", "A", {
    emails: [
      { address: "b@x", primary: false },
      { address: "a@x", primary: true },
    ],
  });
  assert.deepStrictEqual(userFacts(user), {
    email: "a@x",
    emails: ["b@x", "a@x"],
    status: "enabled",
    statusDetails: null,
    statusReason: null,
    accountType: "human",
    login: null,
    lastLogin: null,
    pendingInvite: false,
  });
  assert.equal(userFacts(newUserResource("group", "g", "G")) !== undefined, true);
  assert.equal(statusLabel({ status: "disabled", statusDetails: "pending invite" }), "disabled (pending invite)");
  assert.equal(statusLabel({ status: "enabled", statusDetails: "Enabled" }), "enabled");
  assert.equal(statusLabel({ status: "enabled", statusDetails: null }), "enabled");
});

test("RecentCache stays within its capacity and keeps what is used", () => {
  const cache = new RecentCache<number, number>(100);
  let loads = 0;
  const load = (key: number): number => {
    loads++;
    return key * 2;
  };
  for (let i = 0; i < 10_000; i++) {
    assert.equal(cache.get(i, load), i * 2);
    assert.equal(cache.get(0, load), 0, "a hot key");
    assert.ok(cache.size <= 100);
  }
  assert.equal(loads, 10_000, "the hot key was loaded once");
});

test("users are found by email, case-insensitively; none or several is a clear error", async (t) => {
  const file = path.join(tempFolder(t), "tenant.c1z");
  const syncId = await writeTenant(file);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  assert.deepStrictEqual(
    findUsersByEmail(reader, syncId, "Carol@Example.com").map((user) => user.id.resource),
    ["u-carol"],
  );
  assert.equal(principalByEmail(reader, syncId, "bob@example.com").displayName, "Bob Builder");
  assert.throws(() => principalByEmail(reader, syncId, "who@example.com"), {
    kind: "invalid-config",
    message: /no user with the email who@example.com/,
  });
});

test("compareKeys is bytewise UTF-8 order, SQLite's", () => {
  const keys = ["a", "b", "ab", "", "\uFFFD", "\u{1F600}", "\uE000", "z\u{10000}", "z\uD7FF", "Ä", "A"];
  const bytewise = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.deepStrictEqual([...keys].sort(compareKeys), bytewise);
});

test("an invite that was declined, expired or revoked is not pending", () => {
  for (const details of ["invite declined (account ACTIVE)", "invitation expired", "invite revoked"]) {
    assert.equal(
      isPendingInvite(newUserResource("user", "1", "A", { status: "disabled", statusDetails: details })),
      false,
      details,
    );
  }
});

test("SyncLookup names a role by its resource id, and names nothing else", async (t) => {
  const file = path.join(tempFolder(t), "tenant.c1z");
  const syncId = await writeTenant(file);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const lookup = new SyncLookup(reader, syncId);
  assert.equal(lookup.roleName("r-admin"), "Admin");
  assert.equal(lookup.roleName("r-dev"), "Developer");
  assert.equal(lookup.roleName("Admin"), undefined, "a name is no id");
  const someUser = [...reader.resources(syncId, { resourceType: "user" })][0]!;
  assert.equal(lookup.roleName(someUser.id.resource), undefined, "a user's id is no role's");
});
