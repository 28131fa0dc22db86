import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { T0, startOver, tenantForCampaign } from "./_test-support.ts";
import { closeCampaign, decide } from "./decisions.ts";
import { EVIDENCE_COLUMNS, evidenceCsv, evidenceHtml, evidenceOf, writeEvidence, type Evidence } from "./index.ts";
import { sha256File } from "./store.ts";

async function closedCampaign(t: { after(cleanUp: () => void): void }) {
  const files = await tenantForCampaign(t);
  let campaign = await startOver(files);
  const admin = campaign.items.find((item) => item.why === "admins")!;
  campaign = decide(
    campaign,
    files.campaign,
    { items: [admin.id] },
    { decision: "keep", reviewer: "ana", note: "on call", at: T0 },
  ).campaign;
  campaign = decide(
    campaign,
    files.campaign,
    { items: [admin.id] },
    {
      decision: "revoke",
      reviewer: "ben",
      note: '<script>alert("x")</script> =1+1',
      at: new Date(T0.getTime() + 60_000),
    },
  ).campaign;
  campaign = closeCampaign(campaign, files.campaign, {
    by: "lead",
    at: new Date(T0.getTime() + 120_000),
    undecided: "keep",
  });
  return { files, campaign, admin };
}

test("evidence JSON: the syncs with their files' hashes, and each item's decision with its history", async (t) => {
  const { files, campaign, admin } = await closedCampaign(t);
  const evidence = evidenceOf(campaign, T0);
  assert.deepStrictEqual(
    evidence.syncs.map((sync) => [sync.syncId, sync.sha256]),
    [[campaign.syncs[0]!.syncId, sha256File(files.reviewed)]],
  );
  assert.equal(evidence.campaign.closed?.by, "lead");
  const item = evidence.items.find((entry) => entry.id === admin.id)!;
  assert.deepStrictEqual(
    item.history.map((entry) => `${entry.decision}/${entry.reviewer}`),
    ["keep/ana", "revoke/ben"],
  );
  assert.equal(item.decision?.decision, "revoke");
  assert.equal(evidence.progress.undecided, 0);
});

test("evidence CSV: one row per item, formulas guarded, earlier decisions kept, syncs and hashes named", async (t) => {
  const { campaign, admin } = await closedCampaign(t);
  const evidence = evidenceOf(campaign, T0);
  const lines = evidenceCsv(evidence).split("\r\n");
  assert.equal(lines[0], EVIDENCE_COLUMNS.join(","));
  assert.equal(lines.length, campaign.items.length + 2, "header, one line per item, and the final CRLF");
  const row = lines.find((line) => line.startsWith(admin.id))!;
  assert.ok(row.includes(`"<script>alert(""x"")</script> =1+1"`), row);
  assert.ok(row.includes(`keep by ana at ${T0.toISOString()}: on call`), row);
  assert.ok(row.endsWith(`,${campaign.syncs[0]!.syncId},${campaign.syncs[0]!.sha256}`), row);
  const guarded = evidenceCsv({
    ...evidence,
    items: [{ ...evidence.items[0]!, evidence: "=HYPERLINK(1)" }],
  } as Evidence);
  assert.ok(guarded.includes(",'=HYPERLINK(1),"), "a formula is written as text");
});

test("evidence HTML: self-contained, escaped, printable, naming syncs, hashes and who decided what and when", async (t) => {
  const { campaign } = await closedCampaign(t);
  const html = evidenceHtml(evidenceOf(campaign, T0));
  assert.doesNotMatch(html, /\b(src|href)\s*=/i, "nothing is loaded or linked");
  assert.doesNotMatch(html, /https?:|\/\/[a-z]/i, "no address of anywhere else");
  assert.doesNotMatch(html, /@import|url\(/i, "the style loads nothing");
  assert.doesNotMatch(html, /<script/i, "no script, not even the one in a note");
  assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "the note is shown as text");
  assert.match(html, /@media print/);
  assert.ok(html.includes(campaign.syncs[0]!.sha256));
  assert.ok(html.includes(campaign.syncs[0]!.syncId));
  assert.match(html, /revoke<\/span> by ben/);
  assert.ok(html.includes(`keep by ana at ${T0.toISOString()}: on call`), "the earlier decision");
});

test("writeEvidence: three files beside the campaign, mode 0600", async (t) => {
  const { files, campaign } = await closedCampaign(t);
  const paths = writeEvidence(campaign, files.campaign, T0);
  assert.deepStrictEqual(
    Object.values(paths).map((file) => file.slice(files.folder.length + 1)),
    ["q1.campaign.evidence.html", "q1.campaign.evidence.csv", "q1.campaign.evidence.json"],
  );
  for (const file of Object.values(paths)) assert.equal(fs.statSync(file).mode & 0o777, 0o600, file);
  assert.equal(JSON.parse(fs.readFileSync(paths.json, "utf8")).campaign.id, campaign.id);
});
