import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_SYNC_ID, BATON_UNEXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("access -p: what a user holds directly and through nested groups, with the path", async () => {
  const files = tenant();
  const { code, stdout, stderr } = await run(["access", "-f", files.twoSyncs, "-p", "user:u-dave"]);
  assert.equal(code, 0, stderr);
  assert.equal(
    stdout,
    [
      'user:u-dave  Dave "The Dev", Jr. <dave@example.com>  enabled, human, last login 2025-02-11',
      "",
      "ENTITLEMENT              RESOURCE     HOW",
      "group:g-eng:member       Engineering  via group:g-platform:member",
      "group:g-platform:member  Platform     direct",
      "role:r-dev:assigned      Developers   via group:g-platform:member → group:g-eng:member",
      `3 entitlements (1 direct, 2 inherited) in sync ${files.ids.newer}`,
      "",
    ].join("\n"),
  );
});

const CAROL = (file: string, syncId: string, grantIds: Array<string | null>) => ({
  file,
  syncId,
  principal: {
    type: "user",
    id: "u-carol",
    displayName: "Carol Invitee",
    description: null,
    parent: null,
    status: "disabled",
    statusDetails: "pending invite",
    user: {
      email: "carol@example.com",
      emails: ["carol@example.com"],
      accountType: "human",
      pendingInvite: true,
      login: null,
      lastLogin: null,
    },
  },
  access: [
    {
      entitlementId: "group:g-eng:member",
      slug: "member",
      displayName: "Engineering member",
      resource: { type: "group", id: "g-eng", displayName: "Engineering" },
      grantId: grantIds[0],
      direct: false,
      via: [["group:g-platform:member"]],
    },
    {
      entitlementId: "group:g-platform:member",
      slug: "member",
      displayName: "Platform member",
      resource: { type: "group", id: "g-platform", displayName: "Platform" },
      grantId: grantIds[1],
      direct: true,
      via: [],
    },
    {
      entitlementId: "role:r-dev:assigned",
      slug: "assigned",
      displayName: "Developer role",
      resource: { type: "role", id: "r-dev", displayName: "Developer" },
      grantId: grantIds[2],
      direct: false,
      via: [["group:g-platform:member", "group:g-eng:member"]],
    },
  ],
  count: 3,
});

test("access --email -o json, exactly, from an expanded and from an unexpanded file", async () => {
  const files = tenant();
  assert.deepStrictEqual(
    await runJson(["access", "-f", files.january, "--email", "CAROL@example.com"]),
    CAROL(files.january, files.ids.january, [
      "group:g-eng:member:user:u-carol",
      "group:g-platform:member:user:u-carol",
      "role:r-dev:assigned:user:u-carol",
    ]),
  );
  assert.deepStrictEqual(
    await runJson(["access", "-f", files.unexpanded, "-p", "user:u-carol"]),
    CAROL(files.unexpanded, files.ids.unexpanded, [null, "group:g-platform:member:user:u-carol", null]),
  );
});

test("access needs exactly one of -p and --email, and a principal the sync knows", async () => {
  const files = tenant();
  for (const args of [[], ["-p", "user:u-bob", "--email", "bob@example.com"]]) {
    const { code, stderr } = await run(["access", "-f", files.january, ...args]);
    assert.equal(code, 2);
    assert.match(stderr, /^error: name the principal with -p TYPE:ID or --email ADDRESS \(one of them\)\n/);
  }
  const unknown = await run(["access", "-f", files.january, "--email", "nobody@example.com"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no user with the email nobody@example.com/);
  const missing = await run(["access", "-f", files.january, "-p", "user:ghost"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /has no principal user:ghost\n/);
});

test("access in Baton's unexpanded fixture follows group memberships", async () => {
  const { code, stdout, stderr } = await run(["access", "-f", BATON_UNEXPANDED, "-p", "user:user-0000200"]);
  assert.equal(code, 0);
  assert.match(stderr, /^note: .+ has no finished full sync; showing the unfinished full sync/);
  assert.match(stdout, /^group:group-0000001:member +Group 0000001 +direct; via group:group-0000000:member$/m);
  assert.match(stdout, new RegExp(`^241 entitlements \\(42 direct, 199 inherited\\) in sync ${BATON_SYNC_ID}$`, "m"));
});
