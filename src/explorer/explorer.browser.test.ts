/**
 * The explorer in a real browser (Debian's Chromium, see `_test-browser.ts`) over the demo's four
 * files: the printed URL's token traded for a cookie and a clean address, people searched
 * across apps and opened, a copied link opening the same place in a new tab, tables paged,
 * sorted and downloaded (the Roles & groups list too), changes in words, and at a phone's
 * width no view wider than the screen.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { C1zReader } from "../core/index.ts";
import { appNameFromPath, chooseSync } from "../review/index.ts";
import { startExplorer, type RunningExplorer } from "./server.ts";
import { PHONE, browserSkipReason, demoFiles, pageOverflow, useBrowser, watchFailures } from "./_test-browser.ts";

const skip = browserSkipReason();
const browser = useBrowser();
let explorer: RunningExplorer;
let folder: string | undefined;
const readers: C1zReader[] = [];

before(async () => {
  if (skip) return;
  folder = mkdtempSync(path.join(tmpdir(), "idsync-explore-demo-"));
  const files = await demoFiles(path.join(folder, "demo"));
  const inputs = [];
  for (const file of files) {
    const reader = await C1zReader.open(file);
    readers.push(reader);
    inputs.push({ app: appNameFromPath(file), file, reader, sync: chooseSync(reader).run });
  }
  // A 500's cause shows in the test's output; the page only gets one line.
  explorer = await startExplorer(inputs, { onError: (error) => console.error(error) });
});
after(async () => {
  await explorer?.close();
  for (const reader of readers) reader.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A new tab; every answer of 400 or more it gets is recorded (the campaign's 404 aside: none is served here). */
async function tab(): Promise<{ page: Page; failures: string[] }> {
  const page = await browser().newPage();
  const failures = watchFailures(page, (url) => url.endsWith("/api/campaign"));
  return { page, failures };
}

const hashOf = (page: Page): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.slice(1));

test(
  "the printed URL leaves its token in an HttpOnly, SameSite=Strict cookie and lands on a clean address",
  { skip },
  async () => {
    const { page, failures } = await tab();
    await page.goto(explorer.url);
    await page.locator(".cards").first().waitFor();
    assert.equal(new URL(page.url()).search, "", "no token in the address bar");
    const cookies = await browser().cookies(explorer.origin);
    assert.deepStrictEqual(
      cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite]),
      [[`idsync-explore-${explorer.port}`, true, "Strict"]],
    );
    assert.equal(await page.evaluate("document.cookie"), "", "scripts cannot read it");
    assert.match(await page.title(), /^Review: .+ · clockify · idsync explore$/);
    const favicon = await page.evaluate("fetch('/favicon.svg').then((r) => r.status)");
    assert.equal(favicon, 200);
    assert.deepStrictEqual(failures, []);
    await page.close();
  },
);

test("search a person across apps, open them, and open the copied link in a new tab", { skip }, async () => {
  const { page, failures } = await tab();
  await page.goto(`${explorer.origin}/#tab=people`);
  const rows = page.locator(".side tbody tr");
  await rows.first().waitFor();
  // Someone with an account in several apps: the first offboarding gap.
  const gap = (await page.evaluate("fetch('/api/offboarding-gaps').then((r) => r.json())")) as {
    items: Array<{ email: string; apps: unknown[] }>;
  };
  const person = gap.items[0]!;
  await page.locator(".side input[type=search]").fill(person.email);
  await page.locator(".side .pager span", { hasText: /^1–1 of 1$/ }).waitFor();
  assert.equal(await rows.count(), 1, "one person, whatever the number of apps");
  await rows.first().locator("a").click();
  const accounts = page.locator(".detail section.account");
  await accounts.first().waitFor();
  assert.equal(await accounts.count(), person.apps.length, "an account per app");
  assert.ok((await page.locator(".detail td[data-label=How]").count()) > 0, "with the path to each access");
  assert.equal(await page.locator(".detail .campaign-here").count(), 0, "no campaign box when none is served");
  const name = await page.locator(".detail h2").textContent();
  assert.equal(await page.title(), `${name}: people · clockify · idsync explore`);
  assert.equal(hashOf(page).get("q"), person.email, "the search stays in the address");

  const copied = await tab();
  await copied.page.goto(page.url());
  await copied.page.locator(".detail section.account").first().waitFor();
  assert.equal(
    await copied.page.locator(".detail h2").textContent(),
    name,
    "the same person, in a new tab of the same browser",
  );
  assert.equal(await copied.page.locator(".side input[type=search]").inputValue(), person.email, "and the same search");
  assert.deepStrictEqual([...failures, ...copied.failures], []);
  await copied.page.close();
  await page.close();
});

test(
  "choosing a person on page 2 of the list keeps page 2, and the address keeps it for a reload",
  { skip },
  async () => {
    const { page, failures } = await tab();
    await page.goto(`${explorer.origin}/#tab=people`);
    const range = page.locator(".side .pager span");
    await range.waitFor();
    assert.match((await range.textContent())!, /^1–50 of /);
    await page.locator(".side .pager button", { hasText: "Next" }).click();
    await page.locator(".side .pager span", { hasText: /^51–/ }).waitFor();
    await page.locator(".side tbody tr a").first().click();
    await page.locator(".detail section.account").first().waitFor();
    assert.match((await range.textContent())!, /^51–/, "still page 2");
    assert.equal(hashOf(page).get("o"), "50");
    await page.reload();
    await page.locator(".detail section.account").first().waitFor();
    assert.match((await page.locator(".side .pager span").textContent())!, /^51–/);
    assert.deepStrictEqual(failures, []);
    await page.close();
  },
);

test("Review opens on triage cards; a finding's table sorts on the server and downloads as CSV", { skip }, async () => {
  const { page, failures } = await tab();
  await page.goto(`${explorer.origin}/#app=env0&tab=review&f=admins`);
  const names = page.locator("main tbody tr td[data-label=Name]");
  await names.first().waitFor();
  assert.equal(await page.locator(".triage").count(), 4, "cards for every app");
  assert.equal(
    await page.locator("main th", { hasText: "Campaign" }).count(),
    0,
    "no Decide column without a campaign",
  );
  const shown = await names.allTextContents();
  await page.locator("th button.sort", { hasText: "Name" }).click();
  await page.waitForFunction("new URLSearchParams(location.hash.slice(1)).get('s') === 'name'");
  await page.locator("th[aria-sort=ascending]").waitFor();
  const sorted = await names.allTextContents();
  assert.deepStrictEqual(
    [...sorted].sort((a, b) => a.localeCompare(b)),
    sorted,
    "sorted by name",
  );
  assert.deepStrictEqual([...sorted].sort(), [...shown].sort(), "the same admins");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.csv").click()]);
  assert.equal(download.suggestedFilename(), "env0-admins.csv");
  const csv = readFileSync((await download.path())!, "utf8");
  assert.match(csv, /^Name,Email \/ login,Kind,Status,Last sign-in,/);
  assert.equal(csv.trimEnd().split("\r\n").length, sorted.length + 1);
  assert.deepStrictEqual(failures, []);
  await page.close();
});

test("the Roles & groups list sorts by holders on the server and downloads as CSV", { skip }, async () => {
  const { page, failures } = await tab();
  const asked: URL[] = [];
  page.on("request", (request) => asked.push(new URL(request.url())));
  await page.goto(`${explorer.origin}/#app=env0&tab=roles`);
  const counts = page.locator(".side tbody td[data-label=Holders]");
  await counts.first().waitFor();
  const sort = page.locator(".side th button.sort", { hasText: "Holders" });
  await sort.click();
  await page.locator(".side th[aria-sort=ascending]").waitFor();
  await sort.click();
  await page.locator(".side th[aria-sort=descending]").waitFor();
  assert.equal(hashOf(page).get("s"), "-holders", "the sort stays in the address");
  assert.ok(
    asked.some((url) => url.pathname === "/api/roles" && url.searchParams.get("sort") === "-holders"),
    "asked of the server",
  );
  const shown = (await counts.allTextContents()).map((count) => Number(count.replaceAll(",", "")));
  assert.ok(shown.length > 1 && shown.some((count) => count > 0));
  assert.deepStrictEqual(
    shown,
    [...shown].sort((a, b) => b - a),
    "most held first",
  );
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".side a.csv").click()]);
  assert.match(download.suggestedFilename(), /^env0-\w+\.csv$/);
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  assert.equal(lines[0], "Name,Holders,Id");
  assert.deepStrictEqual(
    lines.slice(1, shown.length + 1).map((line) => Number(line.split(",").at(-2))),
    shown,
    "the CSV in the same order",
  );
  assert.deepStrictEqual(failures, []);
  await page.close();
});

test(
  "Changes are said in words with names, admin changes highlighted, with the two syncs to choose",
  { skip },
  async () => {
    const { page, failures } = await tab();
    await page.goto(`${explorer.origin}/#app=clockify&tab=changes&f=grants&k=added&s=-admin`);
    await page.locator("main tbody tr").first().waitFor();
    const text = (await page.locator("main").textContent())!;
    assert.doesNotMatch(text, /mores|`|\{"/, "no typo, no literal backticks, no raw profile JSON");
    assert.equal(await page.locator("select[aria-label=From]").count(), 1);
    assert.equal(await page.locator("select[aria-label=to]").count(), 1);
    assert.ok((await page.locator("tr.admin-change").count()) > 0, "the demo makes someone an admin: highlighted");
    assert.match((await page.locator("tr.admin-change").first().textContent())!, /became .*admin/i);
    assert.equal(await page.title(), "Changes · clockify · idsync explore");
    assert.deepStrictEqual(failures, []);
    await page.close();
  },
);

test(
  "at a phone's width no view is wider than the screen, and a chosen person's page comes into view",
  { skip },
  async () => {
    const { page, failures } = await tab();
    await page.setViewportSize(PHONE);
    const views = [
      "review",
      "review&f=admins&app=env0",
      "people",
      "offboarding",
      "roles",
      "roles&app=env0",
      "changes",
      "changes&app=env0&f=users&k=changed",
    ];
    for (const view of views) {
      await page.goto(`${explorer.origin}/#tab=${view}`);
      await page.locator("main:not([aria-busy])").waitFor();
      await page.locator("main .list:not([aria-busy]), main .summary, main > p.muted").first().waitFor();
      const { scrollWidth, innerWidth } = await pageOverflow(page);
      assert.ok(scrollWidth <= innerWidth, `${view}: ${scrollWidth} px wide on a ${innerWidth} px screen`);
    }
    await page.goto(`${explorer.origin}/#tab=people`);
    await page.locator(".side tbody tr a").nth(20).click();
    const title = page.locator(".detail h2");
    await page.locator(".detail section.account").first().waitFor();
    const box = (await title.boundingBox())!;
    assert.ok(box.y >= 0 && box.y + box.height <= PHONE.height, `the person's name is on screen (at y=${box.y})`);
    const { scrollWidth, innerWidth } = await pageOverflow(page);
    assert.ok(scrollWidth <= innerWidth, `a person's page: ${scrollWidth} px`);
    await page.goto(`${explorer.origin}/#tab=roles&app=env0`);
    await page.locator(".side tbody tr a").first().click();
    await page.locator(".detail .list:not([aria-busy])").waitFor();
    assert.ok((await pageOverflow(page)).scrollWidth <= PHONE.width, "a role's holders");
    assert.deepStrictEqual(failures, []);
    await page.close();
  },
);

test("printing leaves out the controls", { skip }, async () => {
  const { page } = await tab();
  await page.goto(`${explorer.origin}/#tab=review`);
  await page.locator("main tbody tr").first().waitFor();
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("nav.tabs").isVisible(), false);
  assert.equal(await page.locator(".search").first().isVisible(), false);
  assert.equal(await page.locator("main table").first().isVisible(), true);
  await page.close();
});
