/**
 * The explorer on a 20,000-user file in Debian's Chromium (see `_test-browser.ts`):
 * Review, Changes and a role's holders draw one page of rows, sorting and filtering are asked
 * of the server and come back with the right first row, choosing a person on page 2 keeps
 * page 2, and at a phone's width no view is wider than the screen. The file is written through
 * the writer from seeded random data (two syncs, so Changes has something to say). Nothing is
 * measured by time: rows are counted, requests watched, first rows compared.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import {
  C1zReader,
  newGrant,
  newGroupResource,
  newRoleResource,
  newUserResource,
  type Grant,
  type Resource,
} from "../core/index.ts";
import { chooseSync, compareKeys } from "../review/index.ts";
import { groupType, roleType, userType, writeSync } from "../review/_test-tenant.ts";
import { seededRandom } from "../testkit/random.ts";
import { startExplorer, type RunningExplorer } from "./server.ts";
import { PHONE, browserSkipReason, pageOverflow, useBrowser, watchFailures } from "./_test-browser.ts";
import { httpRequest } from "./_test-support.ts";

const USERS = 20_000;
/** Rows a table draws at once: static/table.js's PAGE_SIZE. */
const PAGE_ROWS = 50;
const FIRST = [
  "Ana",
  "Ben",
  "Chloé",
  "Dmitri",
  "Esi",
  "Farah",
  "Goran",
  "Hana",
  "Ivo",
  "Jun",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
];
const LAST = [
  "Okafor",
  "Lindqvist",
  "Moreau",
  "Tanaka",
  "Novak",
  "Haddad",
  "Silva",
  "Kowalski",
  "Mensah",
  "Ortega",
  "Brennan",
  "Iyer",
];
const DAY = 86_400_000;
const TOKEN = "test-token-0123456789abcdefghijklmnopqrstuvwxyz";
/** How long a wait may last on two busy cores: a ceiling against a hang, not a measure. */
const PATIENCE = 180_000;
const SYNCED = Date.UTC(2026, 5, 1);

interface Person {
  user: Resource;
  groups: number[];
  admin: boolean;
  developer: boolean;
}

/** `count` people with ids `PREFIX-n`: random names, statuses, sign-ins, groups and roles. */
function people(random: () => number, count: number, prefix: string): Person[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, n) => {
    const [first, last] = [pick(FIRST), pick(LAST)];
    const roll = random();
    const spec = {
      emails: [`${first.toLowerCase()}.${last.toLowerCase()}.${prefix}${n}@big.example`],
      login: `${prefix}${n}`,
      ...(roll < 0.03
        ? { status: "disabled" as const, statusDetails: "pending invite" }
        : roll < 0.08
          ? { status: "disabled" as const }
          : {}),
      ...(roll < 0.03 || random() < 0.1 ? {} : { lastLogin: new Date(SYNCED - Math.floor(random() * 400) * DAY) }),
    };
    return {
      user: newUserResource(userType, `${prefix}-${n}`, `${first} ${last} ${prefix}${n}`, spec),
      groups: [Math.floor(random() * 40), Math.floor(random() * 40)],
      admin: random() < 0.05,
      developer: random() < 0.6,
    };
  });
}

const groups = Array.from({ length: 40 }, (_, n) => newGroupResource(groupType, `g-${n}`, `Team ${n}`));
const admin = newRoleResource(roleType, "r-admin", "Admin");
const developer = newRoleResource(roleType, "r-dev", "Developer");

function syncOf(everyone: readonly Person[]): { resources: Resource[]; grants: Grant[] } {
  const grants: Grant[] = [];
  for (const person of everyone) {
    for (const group of new Set(person.groups)) grants.push(newGrant(groups[group]!, "member", person.user));
    if (person.admin) grants.push(newGrant(admin, "assigned", person.user));
    if (person.developer) grants.push(newGrant(developer, "assigned", person.user));
  }
  return { resources: [...everyone.map((person) => person.user), ...groups, admin, developer], grants };
}

const skip = browserSkipReason();
const browser = useBrowser();
let folder: string | undefined;
let reader: C1zReader;
let explorer: RunningExplorer;
/** The second, shown sync's people. */
let shown: Person[];

before(async () => {
  if (skip) return;
  folder = mkdtempSync(path.join(tmpdir(), "idsync-explore-big-"));
  const file = path.join(folder, "big.c1z");
  const random = seededRandom(17);
  const first = people(random, USERS, "u");
  await writeSync(file, syncOf(first), { expand: false });
  // A month later: 300 left, 400 joined, a few more admins.
  const joined = people(random, 400, "j");
  shown = [...first.slice(300).map((person, n) => (n % 200 === 0 ? { ...person, admin: true } : person)), ...joined];
  await writeSync(file, syncOf(shown), { expand: false });
  reader = await C1zReader.open(file);
  explorer = await startExplorer([{ app: "big", file, reader, sync: chooseSync(reader).run }], {
    token: TOKEN,
    onError: (error) => console.error(error),
  });
  // The review and the people directory are built once, on first request: built here, the
  // tests wait on the page rather than on a scan of 20,000 users.
  for (const target of ["/api/triage", "/api/people?limit=1"]) {
    const reply = await httpRequest(explorer.origin, target, { token: TOKEN });
    if (reply.status !== 200) throw new Error(`GET ${target}: ${reply.status} ${reply.body}`);
  }
});
after(async () => {
  await explorer?.close();
  reader?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A tab on the explorer, signed in; every API request it makes is recorded, with every failure. */
async function tab(): Promise<{ page: Page; requests: URL[]; failures: string[] }> {
  const page = await browser().newPage();
  page.setDefaultTimeout(PATIENCE);
  const requests: URL[] = [];
  const failures = watchFailures(page);
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) requests.push(url);
  });
  await page.goto(explorer.url);
  await page.locator("main:not([aria-busy]) .cards").first().waitFor();
  return { page, requests, failures };
}

const byName = (a: Person, b: Person): number =>
  compareKeys(a.user.displayName.toLowerCase(), b.user.displayName.toLowerCase());
const emailOf = (person: Person): string => person.user.user!.emails[0]!.address;

/** Waits until the table in `scope` shows a range starting at `from` and says it draws at most a page. */
async function onePage(page: Page, scope: string, from = 1): Promise<{ rows: number; total: number }> {
  const range = page.locator(`${scope} .pager span`, { hasText: new RegExp(`^${from.toLocaleString("en-US")}–`) });
  await range.waitFor();
  const total = Number(/of ([\d,]+)$/.exec((await range.textContent())!)![1]!.replaceAll(",", ""));
  return { rows: await page.locator(`${scope} tbody tr`).count(), total };
}

test(
  "on 20,000 users, Review, Changes and a role's holders draw one page; sorting and filtering are the server's",
  { skip },
  async () => {
    const { page, requests, failures } = await tab();

    // Review: the admins, a page of them.
    await page.goto(`${explorer.origin}/#app=big&tab=review&f=admins`);
    await page.locator("main h2", { hasText: "big: Admins" }).waitFor();
    const admins = shown.filter((person) => person.admin).sort(byName);
    const review = await onePage(page, "main .paged");
    assert.equal(review.total, admins.length);
    assert.ok(review.total > PAGE_ROWS && review.rows <= PAGE_ROWS, `${review.rows} rows drawn of ${review.total}`);
    const firstName = page.locator("main .paged tbody tr").first().locator("td[data-label=Name]");
    await page.locator("th button.sort", { hasText: "Name" }).click();
    await firstName.filter({ hasText: admins[0]!.user.displayName }).waitFor();
    await page.locator("th button.sort", { hasText: "Name" }).click();
    await firstName.filter({ hasText: admins.at(-1)!.user.displayName }).waitFor();
    assert.ok(
      requests.some((url) => url.pathname === "/api/findings" && url.searchParams.get("sort") === "-name"),
      "the sort was asked of the server",
    );
    const wanted = admins[Math.floor(admins.length / 2)]!;
    await page.locator("main .search input").fill(emailOf(wanted));
    await page.locator("main .pager span", { hasText: /^1–1 of 1$/ }).waitFor();
    assert.equal(await firstName.textContent(), wanted.user.displayName);
    assert.ok(
      requests.some((url) => url.pathname === "/api/findings" && url.searchParams.get("q") === emailOf(wanted)),
      "and the filter",
    );

    // Changes: the 400 who joined.
    await page.goto(`${explorer.origin}/#app=big&tab=changes&f=users&k=added`);
    await page.locator("main h2", { hasText: "Users added" }).waitFor();
    const changes = await onePage(page, "main .paged");
    assert.equal(changes.total, 400);
    assert.ok(changes.rows <= PAGE_ROWS, `${changes.rows} rows drawn`);

    // A role held by thousands: its holders, sorted by email on the server, then filtered.
    await page.goto(`${explorer.origin}/#app=big&tab=roles&type=role&r=role:r-dev`);
    await page.locator(".detail h2", { hasText: "Developer" }).waitFor();
    const developers = shown.filter((person) => person.developer);
    const holders = await onePage(page, ".detail .paged");
    assert.equal(holders.total, developers.length);
    assert.ok(holders.total > 10_000 && holders.rows <= PAGE_ROWS, `${holders.rows} rows drawn of ${holders.total}`);
    const firstEmail = page.locator(".detail tbody tr").first().locator("td[data-label=Email]");
    await page.locator(".detail th button.sort", { hasText: "Email" }).click();
    const byEmail = developers.map(emailOf).sort(compareKeys);
    await firstEmail.filter({ hasText: new RegExp(`^${byEmail[0]!}$`) }).waitFor();
    assert.ok(requests.some((url) => url.pathname === "/api/holders" && url.searchParams.get("sort") === "email"));
    await page.locator(".detail .search input").fill("u123");
    await page.locator(".detail .pager span", { hasText: /^1–/ }).waitFor();
    const matching = developers.filter((person) => emailOf(person).includes("u123")).map(emailOf);
    await firstEmail.filter({ hasText: new RegExp(`^${matching.sort(compareKeys)[0] ?? "none"}$`) }).waitFor();
    assert.ok(requests.some((url) => url.pathname === "/api/holders" && url.searchParams.get("q") === "u123"));

    assert.deepStrictEqual(failures, []);
    await page.close();
  },
);

test("on 20,000 users, choosing a person on page 2 keeps page 2", { skip }, async () => {
  const { page, failures } = await tab();
  await page.goto(`${explorer.origin}/#tab=people`);
  await onePage(page, ".side");
  await page.locator(".side .pager button", { hasText: "Next" }).click();
  const second = await onePage(page, ".side", PAGE_ROWS + 1);
  assert.ok(second.rows <= PAGE_ROWS);
  await page.locator(".side tbody tr a").nth(3).click();
  await page.locator(".detail section.account").first().waitFor();
  assert.match(
    (await page.locator(".side .pager span").textContent())!,
    new RegExp(`^${PAGE_ROWS + 1}–`),
    "still page 2",
  );
  assert.deepStrictEqual(failures, []);
  await page.close();
});

test("on 20,000 users at a phone's width, no view is wider than the screen", { skip }, async () => {
  const { page, failures } = await tab();
  await page.setViewportSize(PHONE);
  const views = [
    "tab=review",
    "tab=review&f=admins",
    "tab=review&f=dormant",
    "tab=people",
    `tab=people&p=${encodeURIComponent(`email:${emailOf(shown[400]!)}`)}`,
    "tab=roles",
    "tab=roles&type=role&r=role%3Ar-dev",
    "tab=changes&f=users&k=added",
    "tab=changes&f=grants&k=added",
  ];
  for (const view of views) {
    // From a blank page, so that nothing of the previous view is left to measure.
    await page.goto("about:blank");
    await page.goto(`${explorer.origin}/#app=big&${view}`);
    await page.locator("main:not([aria-busy])").waitFor();
    await page.locator("main .list:not([aria-busy]), main .summary").first().waitFor();
    await page.locator("main [aria-busy]").waitFor({ state: "detached" });
    const { scrollWidth, innerWidth } = await pageOverflow(page);
    assert.ok(scrollWidth <= innerWidth, `${view}: ${scrollWidth} px wide on a ${innerWidth} px screen`);
  }
  assert.deepStrictEqual(failures, []);
  await page.close();
});
