import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { exitCodeFor, isIdsyncError } from "../core/index.ts";
import { T0, startOver, tenantForCampaign } from "./_test-support.ts";
import { closeCampaign, currentDecisions, decide, historyOf, progressOf, selectItems } from "./decisions.ts";
import { itemId } from "./items.ts";
import { campaignText, readCampaign, saveCampaign, sha256File } from "./store.ts";

const keyOf = (item: { why: string; account: { key: string }; entitlement: { id: string } | null }) =>
  `${item.why} ${item.account.key} ${item.entitlement?.id ?? "-"}`;

test("start: one item per finding, with why and evidence, naming the sync and its file's SHA-256", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = await startOver(files);
  assert.equal(campaign.format, "idsync-campaign");
  assert.equal(campaign.version, 1);
  assert.equal(campaign.createdAt, T0.toISOString());
  assert.deepStrictEqual(
    campaign.syncs.map((sync) => [sync.app, sync.file, sync.sha256]),
    [["acme", files.reviewed, sha256File(files.reviewed)]],
  );
  const keys = campaign.items.map(keyOf);
  for (const expected of [
    "admins user:u-alice role:r-admin:assigned",
    "pending user:u-carol -",
    "dormant user:u-bob -",
    "service-accounts user:k-ci -",
    "all-grants user:u-bob role:r-dev:assigned",
  ]) {
    assert.ok(keys.includes(expected), `${expected} in ${keys.join("\n")}`);
  }
  const bobsRole = campaign.items.find((item) => keyOf(item) === "all-grants user:u-bob role:r-dev:assigned")!;
  assert.deepStrictEqual(bobsRole.via, [["group:g-eng:member"]]);
  assert.match(bobsRole.evidence, /through group:g-eng:member/);
  assert.match(campaign.items.find((item) => item.why === "pending")!.evidence, /^pending invite; would hold /);
  assert.equal(fs.statSync(files.campaign).mode & 0o777, 0o600, "written 0600");
  assert.deepStrictEqual(readCampaign(files.campaign), campaign, "the file holds what was built");
});

test("start: item ids come from app, account, entitlement and why, so a rebuilt campaign has the same ids", async (t) => {
  const files = await tenantForCampaign(t);
  const first = await startOver(files);
  fs.rmSync(files.campaign);
  const again = await startOver(files, { now: new Date("2026-04-01T00:00:00Z") });
  assert.notEqual(first.id, again.id, "each campaign has its own id");
  assert.deepStrictEqual(
    again.items.map((item) => item.id),
    first.items.map((item) => item.id),
  );
  const admin = first.items.find((item) => item.why === "admins")!;
  assert.equal(admin.id, itemId("acme", "user:u-alice", "role:r-admin:assigned", "admins"));
  assert.match(admin.id, /^[0-9a-f]{12}$/);
});

test("start: refuses an --out that exists, before reading any file, and leaves it as it was", async (t) => {
  const files = await tenantForCampaign(t);
  fs.writeFileSync(files.campaign, "mine");
  await assert.rejects(
    startOver(files),
    (error: unknown) => isIdsyncError(error) && exitCodeFor(error) === 2 && /already exists/.test(error.message),
  );
  assert.equal(fs.readFileSync(files.campaign, "utf8"), "mine");
});

test("a damaged, foreign or newer-version campaign file is one line, exit 6, and is not rewritten", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = await startOver(files);
  const text = campaignText(campaign);
  const cases: Array<[string, string, RegExp]> = [
    ["cut short", text.slice(0, text.length / 2), /is not JSON/],
    ["empty", "", /is empty/],
    ["not a campaign", JSON.stringify({ hello: 1 }), /not an idsync campaign file/],
    ["a newer version", text.replace('"version": 1', '"version": 2'), /version 2; this idsync reads version 1/],
    [
      "a decision on no item",
      text.replace(
        '"decisions": []',
        '"decisions": [{"item":"nope","decision":"keep","reviewer":"x","at":"t","note":""}]',
      ),
      /decision 1 names no item/,
    ],
    [
      "an unknown decision",
      text.replace(
        '"decisions": []',
        `"decisions": [{"item":"${campaign.items[0]!.id}","decision":"maybe","reviewer":"x","at":"t","note":""}]`,
      ),
      /neither keep, revoke nor follow-up/,
    ],
  ];
  for (const [what, content, message] of cases) {
    fs.writeFileSync(files.campaign, content);
    assert.throws(
      () => readCampaign(files.campaign),
      (error: unknown) =>
        isIdsyncError(error) &&
        exitCodeFor(error) === 6 &&
        message.test(error.message) &&
        error.message.startsWith(files.campaign) &&
        !error.message.includes("\n"),
      what,
    );
    assert.throws(() => saveAfterDecide(files.campaign));
    assert.equal(fs.readFileSync(files.campaign, "utf8"), content, `${what}: left as it was`);
  }
});

function saveAfterDecide(file: string): void {
  const campaign = readCampaign(file);
  saveCampaign(file, campaign);
}

test("decide: keeps every earlier decision as history; the current one is the last", async (t) => {
  const files = await tenantForCampaign(t);
  let campaign = await startOver(files);
  const admin = campaign.items.find((item) => item.why === "admins")!;
  const at = (minute: number) => new Date(T0.getTime() + minute * 60_000);
  campaign = decide(
    campaign,
    files.campaign,
    { items: [admin.id] },
    { decision: "keep", reviewer: "ana", note: "on call", at: at(1) },
  ).campaign;
  const changed = decide(
    campaign,
    files.campaign,
    { items: [admin.id] },
    { decision: "revoke", reviewer: "ben", note: "left the team", at: at(2) },
  );
  assert.equal(changed.changed, 1);
  campaign = changed.campaign;
  assert.deepStrictEqual(
    historyOf(campaign, admin.id).map((entry) => [entry.decision, entry.reviewer, entry.at, entry.note]),
    [
      ["keep", "ana", at(1).toISOString(), "on call"],
      ["revoke", "ben", at(2).toISOString(), "left the team"],
    ],
  );
  assert.equal(currentDecisions(campaign).get(admin.id)!.decision, "revoke");
  const same = decide(
    campaign,
    files.campaign,
    { items: [admin.id] },
    { decision: "revoke", reviewer: "cy", note: "left the team", at: at(3) },
  );
  assert.equal(same.changed, 0, "saying the same again adds nothing");
});

test("decide in bulk: by app, why, entitlement, account and undecided, all criteria together", async (t) => {
  const files = await tenantForCampaign(t);
  let campaign = await startOver(files);
  const byWhy = selectItems(campaign, { why: ["dormant"] });
  assert.deepStrictEqual(byWhy.map((item) => item.account.key).sort(), [
    "user:k-ci",
    "user:u-alice",
    "user:u-bob",
    "user:u-dave",
  ]);
  assert.deepStrictEqual(
    selectItems(campaign, { entitlement: "role:r-dev:assigned", why: ["all-grants"] })
      .map((item) => item.account.key)
      .sort(),
    ["user:k-ci", "user:u-bob", "user:u-carol", "user:u-dave"],
  );
  assert.equal(
    selectItems(campaign, { account: "BOB@example.com" }).length,
    3,
    "email, case-insensitive: dormant and two grants",
  );
  assert.equal(selectItems(campaign, { account: "u-bob" }).length, 3, "bare id");
  assert.equal(selectItems(campaign, { app: "other" }).length, 0);
  assert.equal(selectItems(campaign, {}).length, 0, "no criterion, no item");

  const dormant = decide(
    campaign,
    files.campaign,
    { why: ["dormant"] },
    { decision: "revoke", reviewer: "ana", note: "", at: T0 },
  );
  assert.equal(dormant.changed, 4);
  campaign = dormant.campaign;
  const rest = decide(
    campaign,
    files.campaign,
    { undecided: true },
    { decision: "keep", reviewer: "ana", note: "", at: T0 },
  );
  assert.equal(rest.changed, campaign.items.length - 4);
  const progress = progressOf(rest.campaign, T0);
  assert.deepStrictEqual(
    [progress.decided, progress.undecided, progress.revoke, progress.keep],
    [campaign.items.length, 0, 4, campaign.items.length - 4],
  );
  assert.throws(
    () =>
      decide(
        campaign,
        files.campaign,
        { items: ["000000000000"] },
        { decision: "keep", reviewer: "a", note: "", at: T0 },
      ),
    /no item 000000000000/,
  );
  assert.throws(
    () => decide(campaign, files.campaign, { app: "other" }, { decision: "keep", reviewer: "a", note: "", at: T0 }),
    /no item of the campaign matches/,
  );
});

test("close: refuses undecided items unless told what to decide; then it is frozen", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = await startOver(files);
  assert.throws(() => closeCampaign(campaign, files.campaign, { by: "lead", at: T0 }), /17 items are still undecided/);
  const closed = closeCampaign(campaign, files.campaign, { by: "lead", at: T0, undecided: "keep" });
  assert.deepStrictEqual(closed.closed, { at: T0.toISOString(), by: "lead", undecided: "keep" });
  assert.equal(progressOf(closed, T0).keep, campaign.items.length);
  assert.match(closed.decisions[0]!.note, /closed with --undecided keep/);
  assert.throws(
    () => decide(closed, files.campaign, { undecided: true }, { decision: "revoke", reviewer: "a", note: "", at: T0 }),
    (error: unknown) =>
      isIdsyncError(error) && /was closed on .* by lead; its decisions are frozen/.test(error.message),
  );
  assert.throws(() => closeCampaign(closed, files.campaign, { by: "lead", at: T0 }), /frozen/);
});

test("progress: overdue once the due day is over, never once closed", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = { ...(await startOver(files)), due: "2026-03-01" };
  assert.equal(progressOf(campaign, new Date("2026-03-01T23:59:59Z")).overdue, false);
  assert.equal(progressOf(campaign, new Date("2026-03-02T00:00:00Z")).overdue, true);
  assert.equal(
    progressOf({ ...campaign, closed: { at: "x", by: "y", undecided: null } }, new Date("2026-04-01T00:00:00Z"))
      .overdue,
    false,
  );
});
