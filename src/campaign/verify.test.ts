import assert from "node:assert/strict";
import { test } from "node:test";
import fs from "node:fs";
import path from "node:path";
import { exitCodeFor, isIdsyncError } from "../core/index.ts";
import { BATON_UNEXPANDED } from "../testkit/index.ts";
import { tenant, writeSync } from "../review/_test-tenant.ts";
import { T0, startOver, tenantForCampaign } from "./_test-support.ts";
import { decide } from "./decisions.ts";
import type { Campaign } from "./format.ts";
import { verifyCampaign } from "./verify.ts";

/** Revokes the item of `why` for `account` (and `entitlement`, when given). */
function revoke(
  campaign: Campaign,
  file: string,
  why: Campaign["items"][number]["why"],
  account: string,
  entitlement?: string,
): Campaign {
  return decide(
    campaign,
    file,
    { why: [why], account, ...(entitlement ? { entitlement } : {}) },
    { decision: "revoke", reviewer: "ana", note: "", at: T0 },
  ).campaign;
}

test("verify: a revoke is done when the newer sync no longer has the access, outstanding while it does", async (t) => {
  const files = await tenantForCampaign(t);
  let campaign = await startOver(files);
  // Generation 2: the API key is gone, Carol accepted her invite, Alice is still admin, Bob still holds Engineering.
  campaign = revoke(campaign, files.campaign, "all-grants", "k-ci", "role:r-dev:assigned");
  campaign = revoke(campaign, files.campaign, "admins", "u-alice");
  campaign = revoke(campaign, files.campaign, "pending", "u-carol");
  campaign = revoke(campaign, files.campaign, "all-grants", "u-bob", "group:g-eng:member");
  campaign = decide(
    campaign,
    files.campaign,
    { why: ["dormant"], account: "u-dave" },
    { decision: "keep", reviewer: "ana", note: "", at: T0 },
  ).campaign;

  const verification = await verifyCampaign(campaign, { inputs: [{ app: "acme", file: files.newer }] });
  assert.deepStrictEqual(
    verification.items.map((item) => [item.item.account.key, item.item.why, item.state, item.detail]),
    [
      ["user:u-alice", "admins", "outstanding", "still holds Admin role, directly"],
      ["user:u-carol", "pending", "outstanding", "still enabled"],
      ["user:k-ci", "all-grants", "done", "the account is gone"],
      [
        "user:u-bob",
        "all-grants",
        "disabled-with-grant",
        "account disabled (suspended), grant still present: holds Engineering member, directly",
      ],
    ],
  );
  assert.deepStrictEqual(verification.counts, { done: 1, outstanding: 2, "disabled-with-grant": 1, unchecked: 0 });
  assert.equal(verification.syncs[0]!.file, files.newer);
});

test("verify: a disabled account still holding access is its own outcome, not done; disabled and holding nothing is done", async (t) => {
  const files = await tenantForCampaign(t);
  // Bob: dormant in generation 1; in generation 2 suspended, yet still in Engineering (so a developer) and Admin.
  const campaign = revoke(await startOver(files), files.campaign, "dormant", "u-bob");
  const kept = await verifyCampaign(campaign, { inputs: [{ app: "acme", file: files.newer }] });
  assert.deepStrictEqual(
    kept.items.map((item) => [item.state, item.detail]),
    [["disabled-with-grant", "account disabled (suspended), grant still present: holds Engineering member and 2 more"]],
  );
  assert.deepStrictEqual(kept.counts, { done: 0, outstanding: 0, "disabled-with-grant": 1, unchecked: 0 });

  // The same month, with Bob's grants gone too.
  const emptied = path.join(files.folder, "later", "emptied.c1z");
  const second = tenant(2);
  await writeSync(
    emptied,
    { ...second, grants: second.grants.filter((grant) => grant.principal.id.resource !== "u-bob") },
    { expand: true },
  );
  const gone = await verifyCampaign(campaign, { inputs: [{ app: "acme", file: emptied }] });
  assert.deepStrictEqual(
    gone.items.map((item) => [item.state, item.detail]),
    [["done", "now disabled (suspended), holding nothing"]],
  );
});

test("verify: revokes of an app no newer file was given for are unchecked, not done", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = revoke(await startOver(files), files.campaign, "admins", "u-alice");
  const verification = await verifyCampaign(campaign, { inputs: [] });
  assert.deepStrictEqual(verification.counts, { done: 0, outstanding: 0, "disabled-with-grant": 0, unchecked: 1 });
  assert.match(verification.items[0]!.detail, /no newer sync of acme was given/);
});

test("verify: refuses the reviewed sync itself, and an app the campaign does not review", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = revoke(await startOver(files), files.campaign, "admins", "u-alice");
  await assert.rejects(
    verifyCampaign(campaign, { inputs: [{ app: "acme", file: files.reviewed }] }),
    (error: unknown) => isIdsyncError(error) && /is the one the campaign reviewed, not a newer one/.test(error.message),
  );
  await assert.rejects(
    verifyCampaign(campaign, { inputs: [{ app: "other", file: files.newer }] }),
    (error: unknown) =>
      isIdsyncError(error) &&
      /the app "other", which the campaign does not review/.test(error.message) &&
      /apps are acme/.test(error.hint ?? ""),
  );
});

test("start and verify refuse a file with no finished full sync: it cannot be the whole truth", async (t) => {
  const files = await tenantForCampaign(t);
  const campaign = revoke(await startOver(files), files.campaign, "admins", "u-alice");
  const unfinished = (error: unknown) =>
    isIdsyncError(error) &&
    exitCodeFor(error) === 2 &&
    /has no finished full sync to (review|verify) \(its newest, \S+, is unfinished\)/.test(error.message);
  await assert.rejects(verifyCampaign(campaign, { inputs: [{ app: "acme", file: BATON_UNEXPANDED }] }), unfinished);
  fs.rmSync(files.campaign);
  await assert.rejects(startOver(files, { inputs: [{ app: "baton", file: BATON_UNEXPANDED }] }), unfinished);
  assert.ok(!fs.existsSync(files.campaign), "no campaign written");
});
