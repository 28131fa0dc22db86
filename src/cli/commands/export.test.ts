import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { C1zWriter, newEntitlement, newGrant, newGroupResource, newUserResource } from "../../core/index.ts";
import { groupType, tempFolder, userType } from "../../review/_test-tenant.ts";
import { BATON_EXPANDED, run, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();
const HEADER =
  "app,principal_type,principal_id,principal_name,email,account_type,status,status_details,last_login," +
  "resource_type,resource_id,resource_name,entitlement_id,entitlement_name,direct,via,grant_id";

test("export csv: header, CRLF, one row per grant grouped by principal, quoted where needed", async () => {
  const files = tenant();
  const { code, stdout, stderr } = await run(["export", "csv", "-f", files.january]);
  assert.equal(code, 0, stderr);
  assert.ok(stdout.endsWith("\r\n") && !stdout.replaceAll("\r\n", "").includes("\n"), "CRLF line ends only");
  const lines = stdout.split("\r\n");
  assert.equal(lines[0], HEADER);
  assert.equal(lines.length, 1 + 13 + 1);
  assert.equal(
    lines[11],
    'january,user,u-dave,"Dave ""The Dev"", Jr.",dave@example.com,human,enabled,,2025-01-11T10:00:00.000Z,' +
      "group,g-platform,Platform,group:g-platform:member,Platform member,true,,group:g-platform:member:user:u-dave",
  );
  assert.equal(
    lines[10],
    "january,user,u-carol,Carol Invitee,carol@example.com,human,disabled,pending invite,,role,r-dev,Developer," +
      "role:r-dev:assigned,Developer role,false,group:g-eng:member,role:r-dev:assigned:user:u-carol",
  );
});

/** A file whose one grant is user u1 (plain@example.com) in one group, with names chosen by the test. */
async function writeOneMembership(
  file: string,
  names: { groupId: string; groupName: string; userName: string; entitlementName: string },
): Promise<void> {
  const writer = await C1zWriter.open(file);
  writer.startSync();
  writer.putResourceTypes([userType, groupType]);
  const group = newGroupResource(groupType, names.groupId, names.groupName);
  const user = newUserResource(userType, "u1", names.userName, { emails: ["plain@example.com"] });
  writer.putResources([group, user]);
  writer.putEntitlements([newEntitlement(group, "member", { displayName: names.entitlementName })]);
  writer.putGrants([newGrant(group, "member", user)]);
  writer.endSync();
  await writer.save();
}

test("export quotes commas, quotes and newlines in names (RFC 4180)", async (t) => {
  const file = path.join(tempFolder(t), "odd.c1z");
  await writeOneMembership(file, {
    groupId: "g,1",
    groupName: "Line one\nline two",
    userName: 'Quote " and, comma\r\n',
    entitlementName: 'say "hi"',
  });
  const { stdout } = await run(["export", "csv", "-f", file, "--app", "odd app"]);
  assert.equal(
    stdout.split("\r\n").slice(1).join("\r\n"),
    'odd app,user,u1,"Quote "" and, comma\r\n",plain@example.com,human,enabled,,,group,"g,1","Line one\nline two",' +
      '"group:g,1:member","say ""hi""",true,,"group:g,1:member:user:u1"\r\n',
  );
});

test("export csv puts ' before cells a spreadsheet would run as formulas; --raw writes them as stored; json never", async (t) => {
  const file = path.join(tempFolder(t), "hostile.c1z");
  await writeOneMembership(file, {
    groupId: "g1",
    groupName: "-2+3",
    userName: '=HYPERLINK("http://evil","x")',
    entitlementName: "@SUM(A1)",
  });

  const guarded = await run(["export", "csv", "-f", file]);
  assert.equal(guarded.code, 0, guarded.stderr);
  assert.equal(
    guarded.stdout.split("\r\n")[1],
    `hostile,user,u1,"'=HYPERLINK(""http://evil"",""x"")",plain@example.com,human,enabled,,,group,g1,'-2+3,group:g1:member,'@SUM(A1),true,,group:g1:member:user:u1`,
  );
  const raw = await run(["export", "csv", "-f", file, "--raw"]);
  assert.equal(raw.code, 0, raw.stderr);
  assert.equal(
    raw.stdout.split("\r\n")[1],
    'hostile,user,u1,"=HYPERLINK(""http://evil"",""x"")",plain@example.com,human,enabled,,,group,g1,-2+3,group:g1:member,@SUM(A1),true,,group:g1:member:user:u1',
  );
  const [row] = JSON.parse((await run(["export", "json", "-f", file])).stdout) as Array<Record<string, unknown>>;
  assert.deepStrictEqual(
    [row!["principal_name"], row!["resource_name"], row!["entitlement_name"]],
    ['=HYPERLINK("http://evil","x")', "-2+3", "@SUM(A1)"],
  );
});

test("export json: one array, one row object per line, keys in column order", async () => {
  const files = tenant();
  const { stdout } = await run([
    "export",
    "json",
    "-f",
    files.january,
    "-f",
    files.twoSyncs,
    "--app",
    "clockify",
    "--app",
    "clockify-now",
  ]);
  const lines = stdout.split("\n");
  assert.equal(lines[0], "[");
  assert.equal(lines.at(-2), "]");
  const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
  assert.equal(rows.length, 13 + 15);
  assert.deepStrictEqual(Object.keys(rows[0]!), HEADER.split(","));
  assert.deepStrictEqual(
    [...new Set(rows.map((row) => row["app"]))],
    ["clockify", "clockify-now"],
    "several files in one table, each with its app",
  );
  assert.deepStrictEqual(JSON.parse(lines[1]!.replace(/,$/, "")), rows[0]);
  const empty = await run(["export", "json", "-f", files.january, "--sync-id", files.ids.january]);
  assert.equal(JSON.parse(empty.stdout).length, 13);
});

test("export --out writes the file atomically, mode 0600, and says how many rows", async (t) => {
  const files = tenant();
  const out = path.join(tempFolder(t), "grants.csv");
  fs.writeFileSync(out, "old contents");
  const { code, stdout, stderr } = await run(["export", "csv", "-f", files.january, "--out", out]);
  assert.equal(code, 0);
  assert.equal(stdout, "");
  assert.equal(stderr, `exported 13 grants to ${out}\n`);
  assert.match(fs.readFileSync(out, "utf8"), /^app,principal_type,/);
  assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  assert.deepStrictEqual(fs.readdirSync(path.dirname(out)), ["grants.csv"], "no temp file left");

  const failed = await run(["export", "csv", "-f", path.join(files.folder, "missing.c1z"), "--out", out]);
  assert.equal(failed.code, 2);
  assert.match(fs.readFileSync(out, "utf8"), /^app,principal_type,/, "a failed export leaves the previous file");
  assert.deepStrictEqual(fs.readdirSync(path.dirname(out)), ["grants.csv"]);
});

test("export takes the app from the file name; usage errors are exit code 2", async () => {
  const files = tenant();
  const { stdout } = await run(["export", "csv", "-f", files.twoSyncs]);
  assert.match(stdout.split("\r\n")[1]!, /^clockify,/);
  for (const args of [
    ["export"],
    ["export", "xlsx"],
    ["export", "csv", "extra"],
    ["export", "csv", "-f", "a.c1z", "-f", "b.c1z", "--app", "x"],
  ]) {
    assert.equal((await run(args)).code, 2, args.join(" "));
  }
});

test("export of Baton's expanded fixture: every grant, principals named by lookup", async () => {
  const { code, stdout } = await run(["export", "csv", "-f", BATON_EXPANDED]);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\r\n");
  assert.equal(lines.length, 1 + 14_981);
  assert.match(
    lines.at(-1)!,
    /^expansion\.expanded,user,user-0000999,User 0000999,user-999@example\.com,human,enabled,Enabled,,/,
  );
});

test("export --out never writes through a symlink planted at a temp name, and sweeps a dead export's leftovers", async (t) => {
  const files = tenant();
  const folder = tempFolder(t);
  const out = path.join(folder, "grants.csv");
  const victim = path.join(folder, "victim.txt");
  fs.writeFileSync(victim, "precious\n");
  // The name earlier versions used, predictable from the pid.
  fs.symlinkSync(victim, path.join(folder, `.grants.csv.${process.pid}.tmp`));
  const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
  fs.writeFileSync(path.join(folder, `.grants.csv.${dead}.0123456789abcdef.idsync-tmp`), "half an export");

  const { code } = await run(["export", "csv", "-f", files.january, "--out", out]);
  assert.equal(code, 0);
  assert.equal(fs.readFileSync(victim, "utf8"), "precious\n");
  assert.match(fs.readFileSync(out, "utf8"), /^app,principal_type,/);
  assert.deepStrictEqual(fs.readdirSync(folder).sort(), [`.grants.csv.${process.pid}.tmp`, "grants.csv", "victim.txt"]);
});
