import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_EXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();
const DAY_MS = 24 * 60 * 60 * 1000;

interface ReviewDocument {
  staleDays: number;
  apps: Array<{
    app: string;
    file: string;
    sync: { id: string; endedAt: string };
    reference: string;
    users: number;
    loginsRecorded: string[];
    counts: Record<string, number | null>;
    admins: Array<{
      id: string;
      adminRoles: string[];
      access: Array<{ entitlementId: string; direct: boolean; via: string[][] }>;
    }>;
    pendingInvites: Array<{ id: string }>;
    dormant: Array<{ id: string; reason: string; daysIdle: number; user: { lastLogin: string } }>;
    inactiveWithAccess: Array<{ id: string; status: string; statusDetails: string }>;
    adminChanges: {
      previousSync: { id: string };
      added: Array<{ id: string }>;
      removed: Array<{ id: string; stillPresent: boolean }>;
    } | null;
  }>;
  offboardingGaps: Array<{
    email: string;
    apps: Array<{ app: string; id: string; status: string; statusDetails: string | null; admin: boolean }>;
  }> | null;
}

test("review: each finding in its own table, admin changes against the previous sync", async () => {
  const files = tenant();
  const document = (await runJson(["review", "-f", files.twoSyncs])) as ReviewDocument;
  const reference = Date.parse(document.apps[0]!.reference);
  const idle = (iso: string) => String(Math.floor((reference - Date.parse(iso)) / DAY_MS));
  const { code, stdout, stderr } = await run(["review", "-f", files.twoSyncs]);
  assert.equal(code, 0, stderr);
  const [heading, ...body] = stdout.split("\n");
  assert.match(
    heading!,
    new RegExp(
      `^clockify · .+clockify\\.c1z · sync ${files.ids.newer} finished \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
    ),
  );
  const previous = stdout.match(/ADMINS ADDED SINCE THE SYNC OF (.+ UTC) \(1\)/)?.[1];
  assert.ok(previous, stdout);
  assert.equal(
    body.join("\n"),
    [
      "5 users: 2 admins, 0 pending invites, 3 dormant, 1 disabled with access",
      "",
      "ADMINS (2)",
      "NAME         EMAIL / LOGIN           KIND   STATUS                LAST LOGIN  ADMIN ROLES",
      "Alice Admin  alice@corp.example.com  human  enabled               2025-02-10  Admin",
      "Bob Builder  bob@example.com         human  disabled (suspended)  2024-06-01  Admin",
      "",
      "PENDING INVITES: none",
      "",
      "DORMANT: NO LOGIN IN THE 90 DAYS BEFORE THE SYNC (3)",
      "NAME                 EMAIL / LOGIN           KIND   LAST LOGIN  IDLE DAYS  HOLDS",
      `Carol Invitee        carol@example.com       human  2025-02-01  ${idle("2025-02-01T08:00:00Z").padStart(9)}  Engineering, Platform, Developers`,
      `Alice Admin          alice@corp.example.com  human  2025-02-10  ${idle("2025-02-10T09:00:00Z").padStart(9)}  Admin`,
      `Dave "The Dev", Jr.  dave@example.com        human  2025-02-11  ${idle("2025-02-11T10:00:00Z").padStart(9)}  Engineering, Platform, Developers`,
      "",
      "DISABLED BUT STILL HOLDING ACCESS (1)",
      "NAME         EMAIL / LOGIN    STATUS                HOLDS",
      "Bob Builder  bob@example.com  disabled (suspended)  Engineering, Admin, Developers",
      "",
      `ADMINS ADDED SINCE THE SYNC OF ${previous} (1)`,
      "NAME         EMAIL / LOGIN    STATUS                ADMIN ROLES",
      "Bob Builder  bob@example.com  disabled (suspended)  Admin",
      "",
      `ADMINS REMOVED SINCE THE SYNC OF ${previous}: none`,
      "",
      "",
    ].join("\n"),
  );
});

test("review -o json: the findings with each user's access and paths", async () => {
  const files = tenant();
  const document = (await runJson(["review", "-f", files.twoSyncs, "--app", "acme"])) as ReviewDocument;
  assert.equal(document.staleDays, 90);
  const [app] = document.apps;
  assert.ok(app && document.apps.length === 1);
  assert.deepStrictEqual(Object.keys(app), [
    "app",
    "file",
    "sync",
    "reference",
    "users",
    "loginsRecorded",
    "counts",
    "admins",
    "pendingInvites",
    "dormant",
    "inactiveWithAccess",
    "adminChanges",
  ]);
  assert.equal(app.app, "acme");
  assert.equal(app.sync.id, files.ids.newer);
  assert.equal(app.reference, app.sync.endedAt, "dormancy is measured from the sync's end");
  assert.deepStrictEqual(app.loginsRecorded, ["human"], "the second generation has no API key");
  assert.deepStrictEqual(app.counts, {
    admins: 2,
    pendingInvites: 0,
    dormant: 3,
    inactiveWithAccess: 1,
    adminChanges: 1,
  });
  assert.deepStrictEqual(
    app.admins.map((admin) => [admin.id, admin.adminRoles]),
    [
      ["u-alice", ["Admin"]],
      ["u-bob", ["Admin"]],
    ],
  );
  const bobsRole = app.admins[1]!.access.find((entry) => entry.entitlementId === "role:r-dev:assigned");
  assert.deepStrictEqual(bobsRole && { direct: bobsRole.direct, via: bobsRole.via }, {
    direct: false,
    via: [["group:g-eng:member"]],
  });
  assert.deepStrictEqual(
    app.dormant.map((user) => [user.id, user.reason]),
    [
      ["u-carol", "last-login"],
      ["u-alice", "last-login"],
      ["u-dave", "last-login"],
    ],
  );
  for (const user of app.dormant) {
    assert.equal(user.daysIdle, Math.floor((Date.parse(app.reference) - Date.parse(user.user.lastLogin)) / DAY_MS));
  }
  assert.deepStrictEqual(
    app.inactiveWithAccess.map((user) => [user.id, user.status, user.statusDetails]),
    [["u-bob", "disabled", "suspended"]],
  );
  assert.deepStrictEqual(
    app.adminChanges && {
      previous: app.adminChanges.previousSync.id,
      added: app.adminChanges.added.map((user) => user.id),
      removed: app.adminChanges.removed,
    },
    {
      previous: files.ids.older,
      added: ["u-bob"],
      removed: [],
    },
  );
});

test("review of a one-sync file: the pending invite, the unused API key, and no admin comparison", async () => {
  const files = tenant();
  const document = (await runJson(["review", "-f", files.january])) as ReviewDocument;
  const [app] = document.apps;
  assert.deepStrictEqual(
    app!.pendingInvites.map((user) => user.id),
    ["u-carol"],
  );
  assert.deepStrictEqual(
    app!.dormant.map((user) => user.id),
    ["k-ci", "u-bob", "u-alice", "u-dave"],
  );
  assert.equal(app!.adminChanges, null);
  assert.equal(app!.counts["adminChanges"], null);
  const console = await run(["review", "-f", files.january]);
  assert.match(
    console.stdout,
    /^PENDING INVITES \(1\)\nNAME +EMAIL \/ LOGIN +WOULD HOLD\nCarol Invitee +carol@example.com +Engineering, Platform, Developer\n/m,
  );
  assert.match(console.stdout, /^CI deploy key +ci-deploy +service +2024-01-01 /m, "an API key is named by its login");
  assert.match(console.stdout, /^ADMIN CHANGES: no earlier full sync in this file to compare with\n$/m);
});

test("--stale-days sets the dormancy line; several files are reviewed in order, each under its app", async () => {
  const files = tenant();
  const document = (await runJson([
    "review",
    "-f",
    files.twoSyncs,
    "-f",
    files.january,
    "--stale-days",
    "5000",
  ])) as ReviewDocument;
  assert.equal(document.staleDays, 5000);
  assert.deepStrictEqual(
    document.apps.map((app) => [app.app, app.counts["dormant"]]),
    [
      ["clockify", 0],
      ["january", 0],
    ],
  );
});

test("--fail-on exits 8 naming the findings, and 0 when there are none", async () => {
  const files = tenant();
  const failing = await run([
    "review",
    "-f",
    files.twoSyncs,
    "-f",
    files.january,
    "--app",
    "a",
    "--app",
    "b",
    "--fail-on",
    "admin-changes,pending-invites",
  ]);
  assert.equal(failing.code, 8);
  assert.equal(failing.stderr, "review found what --fail-on names: a: 1 admin change; b: 1 pending invite\n");
  assert.match(failing.stdout, /^a · /, "the report is printed all the same");
  const passing = await run(["review", "-f", files.twoSyncs, "--fail-on", "pending-invites", "-o", "json"]);
  assert.equal(passing.code, 0);
  assert.equal(passing.stderr, "");
});

test("review refuses bad flags with exit 2 and a hint", async () => {
  const files = tenant();
  const cases: Array<[string[], RegExp]> = [
    [
      ["--fail-on", "admins,nope"],
      /--fail-on does not know "nope".*admins, pending-invites, dormant, inactive-with-access, admin-changes/s,
    ],
    [["--stale-days", "0"], /--stale-days must be a whole number of days above 0, got "0"/],
    [["--stale-days", "ninety"], /--stale-days must be a whole number/],
    [["-f", files.january, "--sync-id", files.ids.january], /--sync-id needs a single -f file/],
    [["--app", "a", "--app", "b"], /--app was given 2 times for 1 file\nhint: give --app once per -f/],
    [["extra"], /unexpected argument "extra"/],
  ];
  for (const [flags, message] of cases) {
    const result = await run(["review", "-f", files.twoSyncs, ...flags]);
    assert.equal(result.code, 2, flags.join(" "));
    assert.match(result.stderr, message);
    assert.equal(result.stdout, "");
  }
});

test("review reads Baton's own files: no admins there, and dormancy unknown since no logins are recorded", async () => {
  const document = (await runJson(["review", "-f", BATON_EXPANDED])) as ReviewDocument;
  const [app] = document.apps;
  assert.equal(app!.users, 1000);
  assert.deepStrictEqual(app!.loginsRecorded, []);
  assert.deepStrictEqual(app!.counts, {
    admins: 0,
    pendingInvites: 0,
    dormant: null,
    inactiveWithAccess: 0,
    adminChanges: null,
  });
  const console = await run(["review", "-f", BATON_EXPANDED]);
  assert.match(console.stdout, /^1,000 users: 0 admins, 0 pending invites, unknown dormant, 0 disabled with access$/m);
  assert.match(
    console.stdout,
    /^DORMANT: NO LOGIN IN THE 90 DAYS BEFORE THE SYNC: not known, the sync records no last logins$/m,
  );
});

test("several files: a person disabled in one app and enabled in another is an offboarding gap", async () => {
  const files = tenant();
  // clockify.c1z's latest sync has Bob suspended (and an admin); january.c1z has him enabled.
  // Carol is a pending invite in january and enabled in clockify: not offboarded, so no gap.
  const document = (await runJson(["review", "-f", files.twoSyncs, "-f", files.january])) as ReviewDocument;
  const gaps = document.offboardingGaps!;
  assert.deepStrictEqual(
    gaps.map((gap) => gap.email),
    ["bob@example.com"],
  );
  assert.deepStrictEqual(
    gaps[0]!.apps.map((presence) => [
      presence.app,
      presence.id,
      presence.status,
      presence.statusDetails,
      presence.admin,
    ]),
    [
      ["clockify", "u-bob", "disabled", "suspended", true],
      ["january", "u-bob", "enabled", null, false],
    ],
  );
  assert.deepStrictEqual(Object.keys(gaps[0]!.apps[0]!), [
    "app",
    "type",
    "id",
    "displayName",
    "description",
    "parent",
    "status",
    "statusDetails",
    "user",
    "admin",
  ]);
  assert.equal(
    ((await runJson(["review", "-f", files.twoSyncs])) as ReviewDocument).offboardingGaps,
    null,
    "one file: nothing to compare across",
  );

  const console = await run(["review", "-f", files.twoSyncs, "-f", files.january]);
  assert.match(
    console.stdout,
    /^OFFBOARDING GAPS: DISABLED IN ONE APP, ENABLED IN ANOTHER \(1\)\nEMAIL +NAME +STILL ENABLED IN +NOT ENABLED IN\nbob@example\.com +Bob Builder +january +clockify \(disabled\)\n/m,
  );
  const failing = await run(["review", "-f", files.twoSyncs, "-f", files.january, "--fail-on", "offboarding-gaps"]);
  assert.equal(failing.code, 8);
  assert.equal(failing.stderr, "review found what --fail-on names: across the apps: 1 offboarding gap\n");
});
