/**
 * The tables the page asks for a page at a time (findings, people, holders, roles, changes, gaps):
 * filtered, sorted and paged on the server, and downloadable as CSV; and the risk flags.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { tempFolder, writeTenant } from "../review/_test-tenant.ts";
import { riskFlags, RISK_FLAGS, type ReviewedRow } from "./triage.ts";
import { answerTable, tableQuery, CsvReply, type Column } from "./tables.ts";
import { useExplorer } from "./_test-support.ts";

const served = useExplorer(async (cleanups) => {
  const folder = tempFolder(cleanups);
  const clockify = path.join(folder, "clockify.c1z");
  await writeTenant(clockify);
  await writeTenant(clockify, { generation: 2 });
  const env0 = path.join(folder, "env0.c1z");
  await writeTenant(env0);
  return [clockify, env0];
});

interface Table<T> {
  items: T[];
  count: number;
  total: number;
  offset: number;
  limit: number;
  sort: string | null;
}

const get = <T>(target: string) => served().json(target) as Promise<Table<T> & Record<string, unknown>>;

test("answerTable filters on any column, sorts either way with empty cells last, and pages", () => {
  const rows = [
    { name: "carol", age: 30 },
    { name: "Alice", age: null },
    { name: "bob", age: 25 },
    { name: "dave", age: 41 },
  ];
  const columns: Array<Column<(typeof rows)[number]>> = [
    { key: "name", title: "Name", value: (row) => row.name },
    { key: "age", title: "Age", value: (row) => row.age },
  ];
  const ask = (query: string) =>
    answerTable(rows, columns, tableQuery(new URLSearchParams(query)), (row) => row.name, {
      name: "t",
    }) as Table<string>;
  assert.deepStrictEqual(ask("sort=name").items, ["Alice", "bob", "carol", "dave"], "case does not split the order");
  assert.deepStrictEqual(ask("sort=-age").items, ["dave", "carol", "bob", "Alice"], "empty last, descending too");
  assert.deepStrictEqual(ask("sort=age").items, ["bob", "carol", "dave", "Alice"]);
  assert.deepStrictEqual(ask("q=A&sort=name").items, ["Alice", "carol", "dave"]);
  const paged = ask("sort=name&offset=1&limit=2");
  assert.deepStrictEqual(
    [paged.items, paged.count, paged.total, paged.offset, paged.limit, paged.sort],
    [["bob", "carol"], 2, 4, 1, 2, "name"],
  );
  assert.throws(() => ask("sort=height"), /sort must name a column \(name, age\), got "height"/);
  assert.throws(() => ask("format=xml"), /format must be json or csv/);
  const csv = answerTable(
    [{ name: "=HYPERLINK(1)", age: 3 }],
    columns,
    tableQuery(new URLSearchParams("format=csv")),
    (row) => row,
    { name: "t" },
  );
  assert.ok(csv instanceof CsvReply);
  assert.equal(csv.body, "Name,Age\r\n'=HYPERLINK(1),3\r\n", "a formula stays text in a spreadsheet");
});

const row = (
  id: string,
  user: Partial<NonNullable<ReviewedRow["user"]>> = {},
  extra: Partial<ReviewedRow> = {},
): ReviewedRow => ({
  type: "user",
  id,
  displayName: id,
  status: "enabled",
  statusDetails: null,
  user: { email: null, login: null, accountType: "human", lastLogin: null, pendingInvite: false, ...user },
  ...extra,
});

test("riskFlags: dormant or never-used admins, admin service accounts, admins on an invite, leavers who still hold access", () => {
  const flags = riskFlags({
    admins: [
      row("dormant-admin"),
      row("never-admin"),
      row("key", { accountType: "service" }),
      row("invited-admin"),
      row("fine-admin"),
    ],
    dormant: [
      row("dormant-admin", {}, { reason: "no-login-since" }),
      row("never-admin", {}, { reason: "never-logged-in" }),
      row("dormant-user"),
    ],
    pendingInvites: [row("invited-admin"), row("invited-user")],
    inactiveWithAccess: [row("leaver"), row("invited-user")],
  });
  assert.deepStrictEqual(Object.fromEntries(flags), {
    "user:dormant-admin": [RISK_FLAGS.adminDormant],
    "user:never-admin": [RISK_FLAGS.adminNeverSignedIn],
    "user:key": [RISK_FLAGS.adminServiceAccount],
    "user:invited-admin": [RISK_FLAGS.adminPendingInvite],
    "user:leaver": [RISK_FLAGS.disabledWithAccess],
  });
});

test("/api/triage counts each finding per app, and the flagged people", async () => {
  const triage = (await served().json("/api/triage")) as {
    apps: Array<{ app: string; counts: Record<string, number | null>; flags: Record<string, number> }>;
  };
  assert.deepStrictEqual(
    triage.apps.map((card) => card.app),
    ["clockify", "env0"],
  );
  const clockify = triage.apps[0]!;
  // Generation 2: Alice and Bob are admins; Bob is suspended and still holds access.
  assert.equal(clockify.counts.admins, 2);
  assert.equal(clockify.counts.inactiveWithAccess, 1);
  assert.equal(clockify.counts.adminsAdded, 1);
  assert.equal(clockify.flags[RISK_FLAGS.disabledWithAccess], 1);
  assert.equal(triage.apps[1]!.counts.adminsAdded, null, "one sync in env0.c1z: admin changes unknown");
});

test("/api/findings pages, sorts and filters one finding, and downloads it as CSV", async () => {
  const admins = await get<ReviewedRow & { flags: string[] }>("/api/findings?app=clockify&finding=admins&sort=-name");
  assert.deepStrictEqual(
    admins.items.map((user) => user.displayName),
    ["Bob Builder", "Alice Admin"],
  );
  assert.deepStrictEqual(admins.items[0]!.flags, [RISK_FLAGS.disabledWithAccess]);
  const page = await get<ReviewedRow>("/api/findings?app=clockify&finding=admins&sort=name&limit=1&offset=1");
  assert.deepStrictEqual([page.items.map((user) => user.id), page.total], [["u-bob"], 2]);
  const filtered = await get<ReviewedRow>("/api/findings?app=clockify&finding=admins&q=CORP.example");
  assert.deepStrictEqual(
    filtered.items.map((user) => user.id),
    ["u-alice"],
  );
  // The tenant's last sign-ins are of early 2025, long before the sync: Alice is a dormant admin.
  const risky = await get<ReviewedRow & { flags: string[] }>("/api/findings?app=clockify&finding=risky");
  assert.deepStrictEqual(
    risky.items.map((user) => [user.id, user.flags]),
    [
      ["u-alice", [RISK_FLAGS.adminDormant]],
      ["u-bob", [RISK_FLAGS.disabledWithAccess]],
    ],
  );
  const csv = await served().call("/api/findings?app=clockify&finding=admins&sort=name&format=csv");
  assert.equal(csv.status, 200);
  assert.equal(csv.headers["content-type"], "text/csv; charset=utf-8");
  assert.equal(csv.headers["content-disposition"], 'attachment; filename="clockify-admins.csv"');
  const lines = csv.body.trimEnd().split("\r\n");
  assert.equal(lines[0], "Name,Email / login,Kind,Status,Last sign-in,Idle days,Admin roles,Holds,Flags,Id");
  assert.match(lines[1]!, /^Alice Admin,alice@corp\.example\.com,human,enabled,/);
  assert.equal(lines.length, 3);
  const unknown = await served().call("/api/findings?app=env0&finding=adminsAdded");
  assert.equal(unknown.status, 404);
  assert.equal((await served().call("/api/findings?app=env0&finding=everything")).status, 400);
});

test("/api/people: one search over every app, people joined by email; /api/person lists each account with its access", async () => {
  const found = await get<{
    key: string;
    name: string;
    accounts: Array<{ app: string; status: string; admin: boolean }>;
  }>("/api/people?q=bob");
  assert.equal(found.total, 1);
  const bob = found.items[0]!;
  assert.equal(bob.key, "email:bob@example.com");
  assert.deepStrictEqual(
    bob.accounts.map((account) => [account.app, account.status, account.admin]),
    [
      ["clockify", "disabled (suspended)", true],
      ["env0", "enabled", false],
    ],
  );
  const everyone = await get<{ key: string }>("/api/people?sort=name&limit=2");
  assert.equal(everyone.count, 2);
  assert.ok(everyone.total >= 6, "alice has two emails: two people; the key has none: its own entry");

  const person = (await served().json(`/api/person?key=${encodeURIComponent(bob.key)}`)) as {
    name: string;
    accounts: Array<{ app: string; access: Array<{ entitlementId: string; direct: boolean; via: string[][] }> }>;
  };
  assert.equal(person.name, "Bob Builder");
  const clockify = person.accounts.find((account) => account.app === "clockify")!;
  assert.deepStrictEqual(clockify.access.map((entry) => entry.entitlementId).sort(), [
    "group:g-eng:member",
    "role:r-admin:assigned",
    "role:r-dev:assigned",
  ]);
  assert.ok(
    clockify.access.find((entry) => entry.entitlementId === "role:r-dev:assigned")!.via.length > 0,
    "the path to inherited access",
  );
  assert.equal((await served().call("/api/person?key=email:nobody@example.com")).status, 404);
  assert.equal((await served().call("/api/person")).status, 400);
});

test("/api/offboarding-gaps: people disabled in one app and enabled in another, as a table", async () => {
  const gaps = await get<{ email: string; key: string }>("/api/offboarding-gaps");
  assert.deepStrictEqual(
    gaps.items.map((gap) => [gap.email, gap.key]),
    [["bob@example.com", "email:bob@example.com"]],
  );
});

test("/api/holders: an entitlement's holders with status, email and last sign-in, sorted and filtered", async () => {
  const holders = await get<{
    principal: { id: string };
    email: string | null;
    status: string | null;
    lastLogin: string | null;
  }>("/api/holders?app=clockify&entitlement=role:r-dev:assigned&sort=-lastLogin");
  const users = holders.items.filter((holder) => holder.email !== null);
  assert.deepStrictEqual(
    users.map((holder) => holder.principal.id),
    ["u-dave", "u-carol", "u-bob", "u-erin"],
  );
  assert.equal(users[0]!.lastLogin, "2025-02-11T10:00:00.000Z");
  assert.equal(users[2]!.status, "disabled (suspended)");
  const filtered = await get<{ principal: { id: string } }>(
    "/api/holders?app=clockify&entitlement=role:r-dev:assigned&q=suspended",
  );
  assert.deepStrictEqual(
    filtered.items.map((holder) => holder.principal.id),
    ["u-bob"],
  );
  assert.equal((await served().call("/api/holders?app=clockify&entitlement=role:nothing:assigned")).status, 404);
});

test("/api/changes: one list of the diff, in words, admin changes marked; /api/syncs lists the syncs to choose", async () => {
  const { syncs } = (await served().json("/api/syncs?app=clockify")) as { syncs: Array<{ id: string }> };
  assert.equal(syncs.length, 2);
  const grants = await get<{ inWords: string; admin: boolean; principal: { id: string } }>(
    "/api/changes?app=clockify&section=grants&kind=added&sort=-admin",
  );
  assert.deepStrictEqual(grants.items[0], { ...grants.items[0], admin: true, inWords: "became Admin (role)" });
  assert.equal(grants.items[0]!.principal.id, "u-bob");
  assert.ok(grants.items.slice(1).every((grant) => !grant.admin));
  const reversed = (await served().json(
    `/api/changes?app=clockify&section=users&kind=added&old=${syncs[0]!.id}&new=${syncs[1]!.id}`,
  )) as { items: Array<{ id: string }>; old: { sync: { id: string } } };
  assert.equal(reversed.old.sync.id, syncs[0]!.id, "the two syncs can be chosen");
  assert.deepStrictEqual(
    reversed.items.map((user) => user.id),
    ["k-ci"],
    "backwards, the removed key comes back",
  );
  assert.equal(
    (await served().call("/api/changes?app=env0&section=users&kind=added")).status,
    404,
    "one sync: nothing to compare",
  );
});

test("/api/roles: a type's resources with how many hold each, sorted by name or holders, filtered, and as CSV", async () => {
  type Listed = { type: string; id: string; displayName: string; holders: number };
  const roles = await get<Listed>("/api/roles?app=clockify&type=role&sort=name");
  assert.deepStrictEqual(
    roles.items.map((role) => [role.type, role.id, role.displayName, role.holders]),
    [
      ["role", "r-admin", "Admin", 2],
      ["role", "r-dev", "Developers", 6],
    ],
  );
  const groups = await get<Listed>("/api/roles?app=clockify&type=group&sort=-holders");
  // Engineering: Bob, Erin, the Platform group, and Carol and Dave through it; Security: nobody.
  assert.deepStrictEqual(
    groups.items.map((group) => [group.id, group.holders]),
    [
      ["g-eng", 5],
      ["g-platform", 2],
      ["g-sec", 0],
    ],
  );
  assert.deepStrictEqual(
    (await get<Listed>("/api/roles?app=clockify&type=group&sort=holders&limit=1")).items.map((group) => group.id),
    ["g-sec"],
  );
  assert.deepStrictEqual(
    (await get<Listed>("/api/roles?app=clockify&type=group&q=PLAT")).items.map((group) => group.id),
    ["g-platform"],
  );
  const csv = await served().call("/api/roles?app=clockify&type=group&sort=-holders&format=csv");
  assert.equal(csv.headers["content-disposition"], 'attachment; filename="clockify-group.csv"');
  assert.equal(csv.body, "Name,Holders,Id\r\nEngineering,5,g-eng\r\nPlatform,2,g-platform\r\nSecurity,0,g-sec\r\n");
  assert.equal((await served().call("/api/roles?app=clockify&type=team")).status, 400, "a type the sync does not have");
  assert.equal((await served().call("/api/roles?app=clockify")).status, 400, "no type");
});
