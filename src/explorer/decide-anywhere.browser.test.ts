/**
 * Deciding where an account is shown, in Debian's Chromium (see `_test-browser.ts`), over the
 * demo's four files and a campaign of their admins and pending invites: on a person's page and
 * on a Review finding's row, keep / revoke / follow up with a note, the campaign's progress
 * moving there, and the same decision in the Campaign tab, without leaving the person or the
 * row's page.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { currentDecisions, readCampaign } from "../campaign/index.ts";
import {
  PHONE,
  browserSkipReason,
  demoCampaign,
  pageOverflow,
  useBrowser,
  type DemoCampaign,
  watchFailures,
} from "./_test-browser.ts";

const skip = browserSkipReason();
const browser = useBrowser();
let folder: string;
let served: DemoCampaign | undefined;

interface Item {
  id: string;
  app: string;
  why: string;
  account: { key: string; name: string | null; email: string | null };
}

before(async () => {
  if (skip) return;
  folder = mkdtempSync(path.join(tmpdir(), "idsync-decide-anywhere-"));
  served = await demoCampaign(folder, ["--scope", "admins,pending"]);
});
after(async () => {
  await served?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const itemsOf = () => readCampaign(served!.campaignFile).items as unknown as Item[];
const decisionOf = (id: string) => currentDecisions(readCampaign(served!.campaignFile)).get(id);

test("decide on a person's item from their page, and on a Review finding's row", { skip }, async () => {
  const page = await browser().newPage();
  const failures = watchFailures(page);
  await page.goto(served!.explorer.url);
  await page.locator("main:not([aria-busy]) .cards").first().waitFor();
  const items = itemsOf();
  const total = items.length;
  const tab = page.locator('nav.tabs a[data-tab="campaign"]');
  await tab.filter({ hasText: `Campaign: 0/${total}` }).waitFor();

  // A person: their page lists their items with the buttons and the campaign's progress.
  const person = items.find((item) => item.account.email)!;
  await page.locator('nav.tabs a[data-tab="people"]').click();
  await page.locator(".side input[type=search]").fill(person.account.email!);
  await page.locator(".side .pager span", { hasText: /^1–1 of 1$/ }).waitFor();
  await page.locator(".side tbody tr a").first().click();
  const here = page.locator(".detail .campaign-here");
  const row = here.locator(`tr[data-item="${person.id}"]`);
  await row.waitFor();
  await here.locator(".campaign-progress", { hasText: new RegExp(`^0 of ${total} decided`) }).waitFor();
  const chosenAt = await page.evaluate("location.hash");
  await row.locator("input").fill("still on call");
  await row.locator('button[data-decision="keep"]').click();
  await here.locator(".campaign-message", { hasText: "keep: 1 item decided by ana" }).waitFor();
  await here.locator(".campaign-progress", { hasText: new RegExp(`^1 of ${total} decided · 1 keep`) }).waitFor();
  await row.locator(".campaign-keep", { hasText: "keep" }).waitFor();
  await tab.filter({ hasText: `Campaign: 1/${total}` }).waitFor();
  assert.equal(await page.evaluate("location.hash"), chosenAt, "the person stays chosen");
  assert.equal(await page.locator(".detail h2").textContent(), person.account.name ?? person.account.email);
  assert.deepStrictEqual([decisionOf(person.id)?.decision, decisionOf(person.id)?.note], ["keep", "still on call"]);

  // The Campaign tab shows the same decision.
  await tab.click();
  await page.locator('#campaign select[name="undecided"]').selectOption("");
  const inTab = page.locator(`#campaign .campaign-items tr[data-item="${person.id}"]`);
  await inTab.locator(".campaign-keep", { hasText: "keep" }).waitFor();
  assert.match((await inTab.textContent())!, /still on call/);

  // A Review finding: the admin row's Decide opens that account's items in place.
  const admin = items.find((item) => item.why === "admins" && item.id !== person.id && item.account.email)!;
  await page.goto(`${served!.explorer.origin}/#app=${encodeURIComponent(admin.app)}&tab=review&f=admins`);
  await page.locator("main:not([aria-busy]) .cards").first().waitFor();
  const finding = page.locator("#view tbody tr", { hasText: admin.account.email! }).first();
  await finding.locator("button", { hasText: "Decide" }).click();
  const inline = finding.locator(`.campaign-here tr[data-item="${admin.id}"]`);
  await inline.waitFor();
  // Filtering draws the table again: the box opened before stays open in the new row.
  await page.locator("#view input[type=search]").fill(admin.account.email!);
  await page.locator("#view .pager span", { hasText: /^1–1 of 1$/ }).waitFor();
  assert.equal(await finding.locator("button", { hasText: "Decide" }).getAttribute("aria-expanded"), "true");
  await inline.waitFor({ timeout: 1000 });
  await inline.locator("input").fill("no longer needed");
  await inline.locator('button[data-decision="revoke"]').click();
  await finding
    .locator(".campaign-progress", { hasText: new RegExp(`^2 of ${total} decided · 1 keep · 1 revoke`) })
    .waitFor();
  await inline.locator(".campaign-revoke", { hasText: "revoke" }).waitFor();
  await tab.filter({ hasText: `Campaign: 2/${total}` }).waitFor();
  assert.deepStrictEqual([decisionOf(admin.id)?.decision, decisionOf(admin.id)?.note], ["revoke", "no longer needed"]);
  assert.deepStrictEqual(failures, []);
  await page.close();
});

test("at phone width, a person's items and a Review row's items fit the screen", { skip }, async () => {
  const page = await browser().newPage();
  await page.setViewportSize(PHONE);
  const failures = watchFailures(page);
  const items = itemsOf();
  const person = items.find((item) => item.account.email)!;
  await page.goto(`${served!.explorer.origin}/#tab=people&q=${encodeURIComponent(person.account.email!)}`);
  await page.locator(".side tbody tr a").first().click();
  await page.locator(`.detail .campaign-here tr[data-item="${person.id}"]`).waitFor();
  let { scrollWidth, innerWidth } = await pageOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `a person's page is ${scrollWidth} px wide on a ${innerWidth} px screen`);

  const admin = items.find((item) => item.why === "admins" && item.account.email)!;
  await page.goto(`${served!.explorer.origin}/#app=${encodeURIComponent(admin.app)}&tab=review&f=admins`);
  const finding = page.locator("#view tbody tr", { hasText: admin.account.email! }).first();
  await finding.locator("button", { hasText: "Decide" }).click();
  await finding.locator(`.campaign-here tr[data-item="${admin.id}"]`).waitFor();
  ({ scrollWidth, innerWidth } = await pageOverflow(page));
  assert.ok(scrollWidth <= innerWidth, `Review with a row's items open is ${scrollWidth} px wide on ${innerWidth} px`);
  assert.deepStrictEqual(failures, []);
  await page.close();
});
