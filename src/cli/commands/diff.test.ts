import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_EXPANDED, BATON_UNEXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

/** The parts of the diff document these tests read. */
interface DiffDocument {
  old: { file: string; sync: { id: string } };
  new: { file: string; sync: { id: string } };
  summary: unknown;
  users: { removed: Array<{ id: string }>; changed: unknown[] };
  entitlements: { changed: unknown[] };
  grants: { added: unknown[] };
}
const SUMMARY = "+1 user, -1 user, 3 changed; +1 resource, 1 changed; +1 entitlement, 1 changed; +3 grants, -1 grant";

test("diff FILE: the file's latest two full syncs, by section, with a summary line", async () => {
  const files = tenant();
  const { code, stdout, stderr } = await run(["diff", files.twoSyncs]);
  assert.equal(code, 0, stderr);
  const lines = stdout.split("\n");
  assert.match(lines[0]!, new RegExp(`^old: .+clockify\\.c1z sync ${files.ids.older} \\(full, finished .+ UTC\\)$`));
  assert.match(lines[1]!, new RegExp(`^new: .+clockify\\.c1z sync ${files.ids.newer} \\(full, finished .+ UTC\\)$`));
  assert.equal(
    lines.slice(2).join("\n"),
    [
      "",
      "USERS",
      "   ID            NAME           DETAILS",
      "+  user:u-erin   Erin New       erin@example.com, enabled, human",
      "-  user:k-ci     CI deploy key  enabled, service",
      "~  user:u-alice  Alice Admin    email: alice@example.com → alice@corp.example.com",
      "~  user:u-bob    Bob Builder    status: enabled → disabled (suspended)",
      "                                became Admin (role)",
      "~  user:u-carol  Carol Invitee  status: disabled (pending invite) → enabled",
      "",
      "RESOURCES",
      "   ID           NAME        DETAILS",
      "+  group:g-sec  Security",
      "~  role:r-dev   Developers  name: Developer → Developers",
      "",
      "ENTITLEMENTS",
      "   ID                   NAME             DETAILS",
      "+  group:g-sec:member   Security member",
      "~  role:r-dev:assigned  Developers role  name: Developer role → Developers role",
      "",
      "GRANTS",
      "   PRINCIPAL    NAME           CHANGE                      HOW",
      "+  user:u-erin  Erin New       joined group Engineering    direct",
      "+  user:u-bob   Bob Builder    became Admin (role)         direct",
      "+  user:u-erin  Erin New       became Developers (role)    via group Engineering",
      "-  user:k-ci    CI deploy key  no longer Developer (role)  direct",
      "",
      SUMMARY,
      "",
    ].join("\n"),
  );
  // -f FILE is the same as the positional file.
  assert.equal((await run(["diff", "-f", files.twoSyncs])).stdout, stdout);
});

test("diff OLD NEW -o json: the same changes, across two files", async () => {
  const files = tenant();
  const document = (await runJson(["diff", files.january, files.twoSyncs])) as DiffDocument;
  assert.deepStrictEqual(Object.keys(document), [
    "old",
    "new",
    "summary",
    "resourceTypes",
    "users",
    "resources",
    "entitlements",
    "grants",
  ]);
  assert.equal(document.old.file, files.january);
  assert.equal(document.old.sync.id, files.ids.january);
  assert.equal(document.new.sync.id, files.ids.newer);
  assert.deepStrictEqual(document.summary, {
    text: SUMMARY,
    resourceTypes: { added: 0, removed: 0, changed: 0 },
    users: { added: 1, removed: 1, changed: 3 },
    resources: { added: 1, removed: 0, changed: 1 },
    entitlements: { added: 1, removed: 0, changed: 1 },
    grants: { added: 3, removed: 1, changed: 0 },
  });
  assert.deepStrictEqual(document.users.changed[1], {
    type: "user",
    id: "u-bob",
    displayName: "Bob Builder",
    changes: [{ field: "status", old: "enabled", new: "disabled (suspended)" }],
    accessAdded: ["role:r-admin:assigned"],
    accessRemoved: [],
    inWords: ["status: enabled → disabled (suspended)", "became Admin (role)"],
  });
  assert.deepStrictEqual(
    document.users.removed.map((user) => user.id),
    ["k-ci"],
  );
  assert.deepStrictEqual(document.grants.added[2], {
    id: "role:r-dev:assigned:user:u-erin",
    entitlementId: "role:r-dev:assigned",
    resource: { type: "role", id: "r-dev", displayName: "Developers" },
    principal: { type: "user", id: "u-erin", displayName: "Erin New" },
    direct: false,
    via: ["group:g-eng:member"],
    expandable: null,
    inWords: "became Developers (role)",
  });
  assert.deepStrictEqual(document.entitlements.changed, [
    {
      id: "role:r-dev:assigned",
      changes: [{ field: "name", old: "Developer role", new: "Developers role" }],
      inWords: ["name: Developer role → Developers role"],
    },
  ]);
});

test("diff --old-sync-id/--sync-id pick syncs; identical syncs say so; one sync is not enough", async () => {
  const files = tenant();
  const reversed = await run(["diff", files.twoSyncs, "--old-sync-id", files.ids.newer, "--sync-id", files.ids.older]);
  assert.match(
    reversed.stdout,
    /\n\+1 user, -1 user, 3 changed; -1 resource, 1 changed; -1 entitlement, 1 changed; \+1 grant, -3 grants\n$/,
  );
  assert.match(reversed.stdout, /^\+ {2}user:k-ci/m, "the leaver is back");
  assert.match(
    reversed.stdout,
    /^~ {2}user:u-bob +Bob Builder +status: disabled \(suspended\) → enabled\n {32}no longer Admin \(role\)$/m,
    "words for access lost, named in the older sync",
  );
  const same = await run(["diff", files.january, files.january]);
  assert.match(same.stdout, /\n\nno changes\n$/);
  const single = await run(["diff", files.january]);
  assert.equal(single.code, 2);
  assert.match(single.stderr, /needs two finished full syncs to compare, and has 1\nhint: /);
  const three = await run(["diff", "a", "b", "c"]);
  assert.equal(three.code, 2);
});

test("diff of Baton's unexpanded and expanded fixtures", async () => {
  const { code, stdout, stderr } = await run(["diff", BATON_UNEXPANDED, BATON_EXPANDED]);
  assert.equal(code, 0);
  assert.match(stderr, /^note: .+expansion\.unexpanded\.c1z has no finished full sync/);
  assert.match(stdout, /\n\+12,072 grants, 1,199 changed\n$/);
});
