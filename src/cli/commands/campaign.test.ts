/**
 * `idsync campaign …` end to end through the command line: real c1z files (the read side's
 * tenant, and env0's simulator synced before and after its tenant changed), campaign and
 * evidence files in temp folders.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { setTimeout } from "node:timers/promises";
import { currentDecisions, decide, readCampaign, saveCampaign } from "../../campaign/index.ts";
import { acquireLock, C1zReader, parseResourceKey, releaseLock } from "../../core/index.ts";
import { findConnector } from "../../connectors/index.ts";
import { findSimulator } from "../../simulators/index.ts";
import { serveSimulator, syncWith } from "../../testkit/index.ts";
import { tempFolder, writeTenant } from "../../review/_test-tenant.ts";
import { isPendingInvite } from "../../review/index.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";

async function idsync(args: string[], env: Record<string, string> = { IDSYNC_REVIEWER: "ana@example.com" }) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runIdsync(["campaign", ...args], { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function ok(args: string[], env?: Record<string, string>): Promise<string> {
  const result = await idsync(args, env);
  assert.equal(result.code, 0, `campaign ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

interface StatusJson {
  progress: { items: number; decided: number; revoke: number; keep: number; followUp: number };
  items: Array<{
    id: string;
    why: string;
    account: { key: string };
    entitlement: { id: string } | null;
    decision: { decision: string; reviewer: string; note: string } | null;
    history: Array<{ decision: string }>;
  }>;
}

test("campaign start, decide, status, close: evidence written, then frozen", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "acme.c1z");
  await writeTenant(file, { generation: 1 });
  const campaign = path.join(folder, "q1.campaign.json");

  const started = await ok(["start", "-f", file, "--out", campaign, "--due", "2099-01-31"]);
  assert.match(
    started,
    /^campaign [0-9a-f]{16} started in .*q1\.campaign\.json: 7 items \(1 admins, 4 dormant, 1 pending, 1 service-accounts\) from 1 sync\n$/,
  );
  assert.equal(fs.statSync(campaign).mode & 0o777, 0o600);

  const status = JSON.parse(await ok(["status", campaign, "--items", "-o", "json"])) as StatusJson;
  const admin = status.items.find((item) => item.why === "admins")!;
  assert.equal(
    await ok(["decide", campaign, "keep", "--item", admin.id, "--note", "on call this quarter"]),
    "keep: 1 item decided by ana@example.com\n",
  );
  assert.equal(
    await ok(["decide", campaign, "revoke", "--item", admin.id, "--reviewer", "ben"]),
    "revoke: 1 item decided by ben\n",
  );
  assert.equal(
    await ok(["decide", campaign, "follow-up", "--why", "dormant", "--account", "dave@example.com"]),
    "follow-up: 1 item decided by ana@example.com\n",
  );
  assert.equal(
    await ok(["decide", campaign, "revoke", "--why", "dormant,service-accounts"]),
    "revoke: 5 items decided by ana@example.com\n",
  );

  const after = JSON.parse(await ok(["status", campaign, "--items", "-o", "json"])) as StatusJson;
  const decidedAdmin = after.items.find((item) => item.id === admin.id)!;
  assert.deepStrictEqual(
    decidedAdmin.history.map((entry) => entry.decision),
    ["keep", "revoke"],
    "changing a decision keeps its history",
  );
  assert.deepStrictEqual([after.progress.decided, after.progress.revoke, after.progress.keep], [6, 6, 0]);
  const console = await ok(["status", campaign, "--undecided"]);
  assert.match(console, /6 of 7 items decided: 0 keep, 6 revoke, 0 follow up; 1 undecided/);
  assert.match(console, /open, due 2099-01-31\n/);
  assert.match(console, /pending/);

  const refused = await idsync(["close", campaign]);
  assert.equal(refused.code, 2);
  assert.equal(
    refused.stderr,
    `error: ${campaign}: 1 item is still undecided\nhint: decide them (idsync campaign decide), or close with --undecided keep or --undecided revoke\n`,
  );
  const closed = await ok(["close", campaign, "--undecided", "keep"]);
  const evidence = ["html", "csv", "json"].map((ext) => path.join(folder, `q1.campaign.evidence.${ext}`));
  assert.equal(
    closed,
    `campaign ${JSON.parse(fs.readFileSync(campaign, "utf8")).id} closed by ana@example.com; evidence:\n${evidence.map((line) => `  ${line}\n`).join("")}`,
  );
  for (const written of evidence) assert.equal(fs.statSync(written).mode & 0o777, 0o600, written);
  const html = fs.readFileSync(evidence[0]!, "utf8");
  assert.doesNotMatch(html, /\b(src|href)\s*=|https?:|\/\/[a-z]/i, "the page loads and links nothing");
  assert.match(html, /revoke<\/span> by ben/);

  const frozen = await idsync(["decide", campaign, "keep", "--all-undecided"]);
  assert.equal(frozen.code, 2);
  assert.match(
    frozen.stderr,
    /^error: .*q1\.campaign\.json: the campaign was closed on \S+ by ana@example\.com; its decisions are frozen\nhint: start a new campaign/,
  );
  assert.equal((await idsync(["close", campaign])).code, 2, "closing twice is refused");
});

test("campaign: a damaged campaign file is one line, exit 6, for every subcommand that reads it", async (t) => {
  const folder = tempFolder(t);
  const campaign = path.join(folder, "broken.campaign.json");
  fs.writeFileSync(campaign, '{"format":"idsync-campaign","version":1,"id":"x","items":[');
  for (const args of [
    ["status", campaign],
    ["decide", campaign, "keep", "--all-undecided"],
    ["close", campaign, "--undecided", "keep"],
    ["verify", campaign, "-f", campaign],
  ]) {
    const result = await idsync(args);
    assert.equal(result.code, 6, args.join(" "));
    assert.match(
      result.stderr,
      /^error: \S+broken\.campaign\.json: the file is not JSON \(cut short or damaged\?\)\nhint: restore it from a backup[^\n]*\n$/,
    );
  }
  const missing = await idsync(["status", path.join(folder, "none.json")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /none\.json: the file does not exist/);
});

test("campaign: usage errors are one line, exit 2", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "acme.c1z");
  await writeTenant(file, { generation: 1 });
  const campaign = path.join(folder, "c.json");
  await ok(["start", "-f", file, "--out", campaign, "--scope", "admins"]);
  const cases: Array<[string[], RegExp]> = [
    [["nope"], /^error: idsync campaign has no subcommand "nope"\n/],
    [
      ["start", "-f", file, "--out", path.join(folder, "d.json"), "--scope", "admins,bogus"],
      /^error: --scope does not know "bogus"\n/,
    ],
    [
      ["start", "-f", file, "--out", path.join(folder, "d.json"), "--due", "2026-02-30"],
      /^error: --due must be a date as YYYY-MM-DD, got "2026-02-30"\n/,
    ],
    [["start", "-f", file, "--out", campaign], /already exists; a new campaign does not replace one\n/],
    [
      ["start", "-f", file, "--out", path.join(folder, "e.json"), "--scope", "offboarding-gaps"],
      /needs two or more files/,
    ],
    [
      ["decide", campaign, "maybe", "--all-undecided"],
      /^error: the decision must be keep, revoke or follow-up, got "maybe"\n/,
    ],
    [["decide", campaign, "keep"], /^error: no item of the campaign matches\n/],
    [["decide", campaign, "keep", "--item", "abcdefabcdef"], /^error: the campaign has no item abcdefabcdef\n/],
    [["decide", campaign, "keep", "--all-undecided", "--note", "two\nlines"], /^error: --note must be one line\n/],
    [
      ["verify", campaign, "-f", file, "--fail-on", "everything"],
      /^error: --fail-on must be outstanding, got "everything"\n/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = await idsync(args);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(" "));
  }
  assert.ok(
    !fs.existsSync(path.join(folder, "d.json")) && !fs.existsSync(path.join(folder, "e.json")),
    "nothing written on a refusal",
  );
});

test("campaign start --roster: orphans and leavers through the command line; a bad row names its line", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "acme.c1z");
  await writeTenant(file, { generation: 1 });
  const roster = path.join(folder, "people.csv");
  fs.writeFileSync(
    roster,
    'email,name,status,manager\nalice@example.com,"Alice, A.",active,mona@example.com\nbob@example.com,Bob,left\n',
  );
  const bad = await idsync(["start", "-f", file, "--roster", roster, "--out", path.join(folder, "c.json")]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    `error: ${roster}, line 3: 3 fields where the header has 4\nhint: quote a field holding a comma\n`,
  );
  fs.writeFileSync(
    roster,
    'email,name,status,manager\nalice@example.com,"Alice, A.",active,mona@example.com\nbob@example.com,Bob,left,\n',
  );
  const campaign = path.join(folder, "c.json");
  await ok(["start", "-f", file, "--roster", roster, "--out", campaign, "--scope", "admins"]);
  const status = JSON.parse(await ok(["status", campaign, "--items", "-o", "json"])) as StatusJson & {
    progress: { byReviewer: Record<string, unknown> };
  };
  assert.deepStrictEqual(
    status.items.map((item) => `${item.why} ${item.account.key}`).sort(),
    ["admins user:u-alice", "leaver user:u-bob", "orphan user:u-carol", "orphan user:u-dave"],
    "carol's pending invite is for no one on the roster",
  );
  assert.deepStrictEqual(Object.keys(status.progress.byReviewer).sort(), ["(none)", "mona@example.com"]);
});

/** Syncs env0's simulated tenant at `generation` into `file`; returns the API key secret it used. */
async function syncEnv0(t: Parameters<typeof serveSimulator>[0], generation: number, file: string): Promise<string> {
  const served = await serveSimulator(t, findSimulator("env0")!, { seed: 7, users: 40, generation });
  await syncWith(findConnector("env0")!, served.settings, file);
  return served.settings["api-key-secret"]!;
}

test("campaign verify: revocations done and outstanding in a newer sync of a changed tenant; --fail-on outstanding exits 8", async (t) => {
  const folder = tempFolder(t);
  fs.mkdirSync(path.join(folder, "later"));
  const before = path.join(folder, "env0.c1z");
  const later = path.join(folder, "later", "env0.c1z");
  const secrets = [await syncEnv0(t, 0, before), await syncEnv0(t, 1, later)];
  const campaign = path.join(folder, "env0.campaign.json");
  await ok(["start", "-f", before, "--scope", "all-grants", "--out", campaign]);
  await ok(["decide", campaign, "revoke", "--all-undecided", "--note", "certify nothing"]);

  const report = JSON.parse(await ok(["verify", campaign, "-f", later, "-o", "json"])) as {
    counts: { done: number; outstanding: number; "disabled-with-grant": number; unchecked: number };
    items: Array<{ state: string; detail: string; item: { account: { key: string }; entitlement: { id: string } } }>;
  };
  assert.ok(report.counts.done > 0, `the changed tenant lost some access: ${JSON.stringify(report.counts)}`);
  assert.ok(report.counts.outstanding > 0, "and kept most of it");
  assert.equal(report.counts.unchecked, 0);
  // Cross-checked against the newer file's own grants.
  const reader = await C1zReader.open(later);
  try {
    const syncId = reader.resolveSyncId();
    for (const { state, item } of report.items) {
      const principal = parseResourceKey(item.account.key)!;
      const held = [...reader.grants(syncId, { entitlementId: item.entitlement.id, principal })].length > 0;
      const account = reader.getResource(syncId, principal);
      // A pending invite is no account switched off: it still holds what it was invited to.
      const off = account !== undefined && account.user?.status !== "enabled" && !isPendingInvite(account);
      assert.equal(
        state,
        held ? (off ? "disabled-with-grant" : "outstanding") : "done",
        `${item.account.key} ${item.entitlement.id}`,
      );
    }
  } finally {
    reader.close();
  }
  const console = await ok(["verify", campaign, "-f", later]);
  const { done, outstanding } = report.counts;
  const disabled = report.counts["disabled-with-grant"];
  assert.match(
    console,
    new RegExp(
      `^campaign [0-9a-f]+: ${report.items.length} revocations, ${done} done, ${outstanding} outstanding, ${disabled} account disabled with the grant still present, 0 unchecked\n`,
    ),
  );
  assert.match(console, /\nOUTSTANDING \(\d+\)\n/);
  const failing = await idsync(["verify", campaign, "-f", later, "--fail-on", "outstanding"]);
  assert.equal(failing.code, 8);
  assert.equal(
    failing.stderr,
    `verify found revocations not shown done: ${outstanding} outstanding, ${disabled} account disabled with the grant still present, 0 unchecked\n`,
  );

  await ok(["close", campaign]);
  for (const name of fs.readdirSync(folder).filter((entry) => !entry.endsWith(".c1z") && entry !== "later")) {
    const text = fs.readFileSync(path.join(folder, name), "utf8");
    for (const secret of secrets) assert.ok(!text.includes(secret), `${name} holds no API key secret`);
  }
  for (const output of [console, failing.stdout, failing.stderr])
    for (const secret of secrets) assert.ok(!output.includes(secret));
});

test("campaign verify: an account disabled with the grant still present is listed apart and fails --fail-on outstanding, unless --accept-disabled", async (t) => {
  const folder = tempFolder(t);
  fs.mkdirSync(path.join(folder, "later"));
  const file = path.join(folder, "acme.c1z");
  const later = path.join(folder, "later", "acme.c1z");
  await writeTenant(file, { generation: 1 });
  await writeTenant(later, { generation: 2 });
  const campaign = path.join(folder, "q1.campaign.json");
  await ok(["start", "-f", file, "--scope", "dormant", "--out", campaign]);
  // Bob, dormant, is suspended a month later but still in Engineering and Admin.
  await ok(["decide", campaign, "revoke", "--account", "bob@example.com"]);
  await ok(["decide", campaign, "keep", "--all-undecided"]);

  const console = await ok(["verify", campaign, "-f", later]);
  assert.match(
    console,
    /: 1 revocations, 0 done, 0 outstanding, 1 account disabled with the grant still present, 0 unchecked\n/,
  );
  assert.match(console, /\nACCOUNT DISABLED, GRANT STILL PRESENT \(1\)\n/);
  assert.match(console, /account disabled \(suspended\), grant still\s/);
  const failing = await idsync(["verify", campaign, "-f", later, "--fail-on", "outstanding"]);
  assert.equal(failing.code, 8);
  assert.equal(
    failing.stderr,
    "verify found revocations not shown done: 0 outstanding, 1 account disabled with the grant still present, 0 unchecked\n",
  );
  const accepted = await idsync(["verify", campaign, "-f", later, "--fail-on", "outstanding", "--accept-disabled"]);
  assert.deepStrictEqual([accepted.code, accepted.stderr], [0, ""]);
  assert.match(accepted.stdout, /\nACCOUNT DISABLED, GRANT STILL PRESENT \(1\)\n/, "still listed");
  const alone = await idsync(["verify", campaign, "-f", later, "--accept-disabled"]);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /^error: --accept-disabled goes with --fail-on outstanding\n/);
});

test("two processes deciding at once both land: a decide waits for the campaign's lock", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "acme.c1z");
  await writeTenant(file, { generation: 1 });
  const campaign = path.join(folder, "q1.campaign.json");
  await ok(["start", "-f", file, "--out", campaign]);
  const [first, second] = readCampaign(campaign).items;

  // This process writes as the explorer would: it holds the lock across its read and its write.
  const lock = path.join(folder, ".q1.campaign.json.idsync-lock");
  acquireLock(lock, campaign);
  const before = readCampaign(campaign);
  const other = spawn(
    process.execPath,
    [
      path.join(import.meta.dirname, "../../../bin/idsync.js"),
      "campaign",
      "decide",
      campaign,
      "revoke",
      "--item",
      second!.id,
    ],
    {
      env: { ...process.env, IDSYNC_REVIEWER: "ben" },
      stdio: "ignore",
    },
  );
  const exited = once(other, "exit") as Promise<[number | null]>;
  // Without the lock the other process would be done by now, its decision about to be overwritten.
  await Promise.race([exited, setTimeout(1_500)]);
  saveCampaign(
    campaign,
    decide(before, campaign, { items: [first!.id] }, { decision: "keep", reviewer: "ana", note: "", at: new Date() })
      .campaign,
  );
  releaseLock(lock);
  const [code] = await exited;
  assert.equal(code, 0);
  const decided = currentDecisions(readCampaign(campaign));
  assert.equal(decided.get(first!.id)?.decision, "keep");
  assert.equal(decided.get(second!.id)?.decision, "revoke", "the other process's decision is not lost");
});
