/**
 * The whole access review in Debian's Chromium (see `_test-browser.ts`), as a reviewer
 * goes through it over the demo's four files: a campaign started from the command line, a
 * person searched across apps and opened, a decision with a note made on their item in the
 * campaign tab, the progress moving, the campaign closed, and its HTML evidence opened in the
 * browser: it names the syncs, the files' hashes, the decision, its reviewer and time, loads
 * nothing but itself, and prints every item.
 *
 * The page decides but does not close: closing freezes the campaign and writes evidence files
 * beside it, which belongs to whoever runs the command line (`idsync campaign close`), so the
 * test closes it there, as a reviewer would.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { currentDecisions, readCampaign } from "../campaign/index.ts";
import { runIdsync } from "../cli/idsync.ts";
import { captureStream } from "../cli/io.ts";
import { browserSkipReason, demoCampaign, useBrowser, type DemoCampaign, watchFailures } from "./_test-browser.ts";

const skip = browserSkipReason();
const browser = useBrowser();
let folder: string;
let served: DemoCampaign | undefined;

/** `idsync ARGS…`, which must succeed; its stdout. */
async function idsync(args: string[]): Promise<string> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runIdsync(args, { stdout, stderr, env: {} });
  if (code !== 0) throw new Error(`idsync ${args.join(" ")} exited ${code}: ${stderr.text()}`);
  return stdout.text();
}

before(async () => {
  if (skip) return;
  folder = mkdtempSync(path.join(tmpdir(), "idsync-review-flow-"));
  served = await demoCampaign(folder, ["--scope", "admins,pending", "--reviewer", "lead"]);
});
after(async () => {
  await served?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface CampaignPage {
  items: Array<{ id: string; app: string; account: { email: string | null } }>;
  progress: { items: number };
}

test(
  "search a person across apps, decide on their item with a note, close the campaign, and read its evidence in the browser",
  { skip },
  async () => {
    const page = await browser().newPage();
    const failures = watchFailures(page);
    await page.goto(served!.explorer.url);
    await page.locator("main:not([aria-busy]) .cards").first().waitFor();

    // The person: one with an item on the panel's first page and an account in more than one app.
    const shown = (await page.evaluate(
      "fetch('/api/campaign?undecided=1&limit=25').then((r) => r.json())",
    )) as CampaignPage;
    let chosen: { item: CampaignPage["items"][number]; email: string; apps: number } | undefined;
    for (const item of shown.items) {
      const email = item.account.email;
      if (!email) continue;
      const found = (await page.evaluate(
        `fetch('/api/people?q=${encodeURIComponent(email)}').then((r) => r.json())`,
      )) as { items: Array<{ email: string; accounts: unknown[] }> };
      const person = found.items.find((candidate) => candidate.email === email);
      if (person && person.accounts.length > 1) {
        chosen = { item, email, apps: person.accounts.length };
        break;
      }
    }
    assert.ok(chosen, "the demo has an admin or pending invite with accounts in several apps");
    const total = shown.progress.items;

    // Search them across apps and open them.
    await page.locator('nav.tabs a[data-tab="people"]').click();
    await page.locator(".side input[type=search]").fill(chosen.email);
    await page.locator(".side .pager span", { hasText: /^1–1 of 1$/ }).waitFor();
    await page.locator(".side tbody tr a").first().click();
    await page.locator(".detail section.account").first().waitFor();
    assert.equal(await page.locator(".detail section.account").count(), chosen.apps, "their account in every app");

    // Decide on their item in the campaign tab, and watch the progress move.
    const tab = page.locator('nav.tabs a[data-tab="campaign"]');
    await tab.filter({ hasText: `Campaign: 0/${total}` }).waitFor();
    await tab.click();
    const progress = page.locator(".campaign-progress");
    await progress.filter({ hasText: new RegExp(`^0 of ${total} decided`) }).waitFor();
    const row = page.locator(`.campaign-items tbody tr[data-item="${chosen.item.id}"]`);
    await row.locator("input").fill("no longer on the team");
    await row.locator('button[data-decision="revoke"]').click();
    await page.locator(".campaign-message", { hasText: "revoke: 1 item decided by ana" }).waitFor();
    await progress
      .filter({ hasText: new RegExp(`^1 of ${total} decided · 0 keep · 1 revoke · 0 follow up`) })
      .waitFor();
    await tab.filter({ hasText: `Campaign: 1/${total}` }).waitFor();
    assert.deepStrictEqual(failures, []);
    await page.close();

    // Closed from the command line (the page has no close: see the module comment).
    const closing = await idsync([
      "campaign",
      "close",
      served!.campaignFile,
      "--undecided",
      "keep",
      "--reviewer",
      "lead",
    ]);
    const html = /^\s+(\S+\.evidence\.html)$/m.exec(closing)?.[1];
    assert.ok(html, closing);
    const campaign = readCampaign(served!.campaignFile);
    const decision = currentDecisions(campaign).get(chosen.item.id)!;
    assert.deepStrictEqual(
      [decision.decision, decision.reviewer, decision.note],
      ["revoke", "ana", "no longer on the team"],
    );

    // The evidence, opened as an auditor would: from the file.
    const evidence = await browser().newPage();
    const fileUrl = pathToFileURL(html).href;
    const requests: string[] = [];
    evidence.on("request", (request) => requests.push(request.url()));
    await evidence.goto(fileUrl);
    await evidence.waitForLoadState("load");
    assert.ok(requests.includes(fileUrl), "the counter sees the file's own request");
    assert.deepStrictEqual(
      requests.filter((url) => url !== fileUrl),
      [],
      "nothing loaded but the file itself",
    );
    const text = (await evidence.locator("body").textContent())!;
    for (const sync of campaign.syncs) {
      assert.ok(text.includes(sync.syncId), `names ${sync.app}'s sync ${sync.syncId}`);
      assert.ok(text.includes(sync.sha256), `and its file's SHA-256 ${sync.sha256}`);
    }
    const itemRow = evidence.locator("tbody tr", {
      has: evidence.locator("code", { hasText: new RegExp(`^${chosen.item.id}$`) }),
    });
    assert.equal(await itemRow.count(), 1);
    const decided = (await itemRow.textContent())!;
    for (const expected of ["revoke by ana", decision.at, "no longer on the team", chosen.email])
      assert.ok(decided.includes(expected), `the item's row says ${expected}: ${decided}`);
    assert.ok(text.includes(`${campaign.closed!.at} by lead`), "and who closed it, when");

    // Printed, every item is still there: the print style hides nothing.
    await evidence.emulateMedia({ media: "print" });
    const rows = evidence.locator("h2:has-text('Items and decisions') + table tbody tr");
    assert.equal(await rows.count(), campaign.items.length);
    const hidden: string[] = [];
    for (let index = 0; index < campaign.items.length; index++) {
      if (!(await rows.nth(index).isVisible())) hidden.push(campaign.items[index]!.id);
    }
    assert.deepStrictEqual(hidden, [], "every item printed");
    assert.deepStrictEqual(
      requests.filter((url) => url !== fileUrl),
      [],
      "printing loads nothing either",
    );
    await evidence.close();
  },
);
