/**
 * The page: its scripts never turn data into HTML, its HTML has nothing inline the CSP would
 * block, and its rendering helpers (`render.js`) put what the API says into the page as text —
 * checked on a minimal stand-in for the DOM.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";

const STATIC = path.join(import.meta.dirname, "static");
const SCRIPTS = readdirSync(STATIC).filter((name) => name.endsWith(".js"));
const INDEX = readFileSync(path.join(STATIC, "index.html"), "utf8");

test("the page's scripts never write HTML: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval", () => {
  assert.ok(SCRIPTS.includes("app.js") && SCRIPTS.includes("render.js"), SCRIPTS.join(", "));
  for (const script of SCRIPTS) {
    const source = readFileSync(path.join(STATIC, script), "utf8");
    for (const banned of [
      /innerHTML/,
      /outerHTML/,
      /insertAdjacentHTML/,
      /document\.write/,
      /\beval\s*\(/,
      /new Function\s*\(/,
      /srcdoc/i,
    ]) {
      assert.doesNotMatch(source, banned, script);
    }
  }
});

test("index.html loads its own script and stylesheet and has nothing inline for the CSP to block", () => {
  assert.match(INDEX, /<script type="module" src="\/app\.js"><\/script>/);
  assert.match(INDEX, /<link rel="stylesheet" href="\/app\.css">/);
  assert.match(INDEX, /<script type="module" src="\/campaign\.js"><\/script>/);
  assert.match(INDEX, /<link rel="stylesheet" href="\/campaign\.css">/);
  assert.equal([...INDEX.matchAll(/<script\b/g)].length, 2, "two scripts, each with a src");
  assert.match(INDEX, /<link rel="icon" href="\/favicon\.svg"/, "a favicon of its own: no 404 for /favicon.ico");
  assert.doesNotMatch(INDEX, /<style\b|\sstyle=|\son[a-z]+=|javascript:|https?:\/\//i);
});

// ── A stand-in for the DOM: just what `el` and `table` use ─────────────────────────────────

class FakeText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

class FakeElement {
  readonly tagName: string;
  readonly attributes = new Map<string, string>();
  readonly children: Array<FakeElement | FakeText> = [];
  readonly listeners = new Map<string, unknown>();
  className = "";
  value = "";
  constructor(tag: string) {
    this.tagName = tag;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  addEventListener(event: string, handler: unknown): void {
    this.listeners.set(event, handler);
  }
  append(...nodes: Array<FakeElement | FakeText | string>): void {
    for (const node of nodes) {
      assert.ok(typeof node !== "string", "strings go in as text nodes");
      this.children.push(node);
    }
  }
  /** The text of the subtree, as `textContent` would read it. */
  get textContent(): string {
    return this.children.map((child) => (child instanceof FakeText ? child.text : child.textContent)).join("");
  }
  elements(): FakeElement[] {
    return this.children.flatMap((child) => (child instanceof FakeElement ? [child, ...child.elements()] : []));
  }
}

const fakeDocument = {
  createElement: (tag: string) => new FakeElement(tag),
  createTextNode: (text: string) => new FakeText(text),
};

interface Page {
  el(tag: string, props?: Record<string, unknown>, ...children: unknown[]): FakeElement;
  table(
    columns: Array<[string, (row: Record<string, unknown>) => unknown]>,
    rows: unknown[],
    empty?: string,
  ): FakeElement;
  readState(hash: string): Record<string, string | undefined>;
  stateHref(state: Record<string, string | undefined>): string;
  howText(direct: boolean, via: string[][]): string;
  statusText(resource: unknown): string;
  contact(resource: unknown): string;
  rangeText(offset: number, count: number, total: number): string;
  plural(n: number, one: string, many?: string): string;
  changeLines(item: unknown): FakeElement[];
}

let page: Page;
before(async () => {
  (globalThis as Record<string, unknown>).document = fakeDocument;
  page = (await import(pathToFileURL(path.join(STATIC, "render.js")).href)) as Page;
});
after(() => {
  delete (globalThis as Record<string, unknown>).document;
});

const HOSTILE = `<img src=x onerror="alert(document.cookie)"><script>alert(1)</script>`;

test("el puts strings in as text nodes, however they look", () => {
  const cell = page.el("td", { class: "name" }, HOSTILE, 42, null, false, ["a", ["b"]]);
  assert.equal(cell.elements().length, 0, "no element came out of the text");
  assert.equal(cell.textContent, `${HOSTILE}42ab`);
  assert.equal(cell.className, "name");
});

test("el makes links only within the page", () => {
  const link = page.el("a", { href: "#app=x&tab=people" }, "x");
  assert.equal(link.attributes.get("href"), "#app=x&tab=people");
  assert.equal(
    page.el("a", { href: "/api/people?format=csv" }).attributes.get("href"),
    "/api/people?format=csv",
    "or this server's API (a CSV download)",
  );
  for (const href of ["javascript:alert(1)", "https://evil.example/", "//evil.example", " #x", "/app.js", "/apix"]) {
    assert.throws(() => page.el("a", { href }), /links stay on the page/, href);
  }
});

test("table renders hostile names as text in their cells", () => {
  const rows = [{ displayName: HOSTILE, email: `"><b>x</b>@example.com` }];
  const rendered = page.table(
    [
      ["Name", (row) => row.displayName],
      ["Email", (row) => page.el("code", {}, row.email)],
    ],
    rows,
  );
  assert.deepStrictEqual(
    rendered.elements().map((node) => node.tagName),
    ["thead", "tr", "th", "th", "tbody", "tr", "td", "td", "code"],
  );
  assert.equal(rendered.textContent, `NameEmail${HOSTILE}"><b>x</b>@example.com`);
  assert.equal(page.table([["Name", () => ""]], [], "Nobody.").textContent, "Nobody.");
});

test("the fragment keeps ids with any characters intact", () => {
  const state = { app: "acme & co", tab: "people", p: "user:a&b=c#d%20e", r: undefined, type: "user" };
  const href = page.stateHref(state);
  assert.ok(href.startsWith("#"));
  assert.deepStrictEqual(page.readState(href), {
    app: "acme & co",
    tab: "people",
    p: "user:a&b=c#d%20e",
    type: "user",
  });
  assert.deepStrictEqual(
    page.readState("#tab=elsewhere"),
    { tab: "review" },
    "an unknown tab falls back to the review",
  );
});

test("wording matches the command line's", () => {
  assert.equal(page.howText(true, []), "direct");
  assert.equal(page.howText(false, [["group:a:member", "group:b:member"]]), "via group:a:member → group:b:member");
  assert.equal(page.howText(true, [["group:a:member"]]), "direct; via group:a:member");
  assert.equal(page.statusText({ status: "disabled", statusDetails: "pending invite" }), "disabled (pending invite)");
  assert.equal(page.statusText({ status: "enabled", statusDetails: "Enabled" }), "enabled");
  assert.equal(page.statusText({ status: null }), "");
  assert.equal(page.contact({ user: { email: null, login: "ci-deploy" } }), "ci-deploy");
  assert.equal(page.rangeText(0, 50, 1234), "1–50 of 1,234");
  assert.equal(page.rangeText(0, 0, 0), "none");
  assert.equal(page.plural(1, "user"), "1 user");
  assert.equal(page.plural(2000, "user"), "2,000 users");
});

test("the Changes tab says what changed in words, a line each, not ids or raw JSON", () => {
  const changed = {
    type: "user",
    id: "5a3ed92c1b902f5214b773e0",
    displayName: "Nathan Brown",
    changes: [
      {
        field: "profile",
        old: '{"accountStatus":"ACTIVE","workspaceRoles":[]}',
        new: '{"accountStatus":"INACTIVE","workspaceRoles":["WORKSPACE_ADMIN"]}',
      },
    ],
    accessAdded: ["role:WORKSPACE_ADMIN:assigned", "group:5df8b1a43f488b068cf48654:member"],
    accessRemoved: [],
    inWords: [
      "accountStatus: ACTIVE → INACTIVE",
      "workspaceRoles: (none) → WORKSPACE_ADMIN",
      "became Workspace Admin (role)",
      "joined user group Platform",
    ],
  };
  const cell = page.table([["Changes", (row) => page.changeLines(row)]], [changed]);
  const lines = cell.elements().filter((node) => node.tagName === "div");
  assert.deepStrictEqual(
    lines.map((line) => line.textContent),
    changed.inWords,
  );
  assert.doesNotMatch(
    cell.textContent,
    /\{"|role:WORKSPACE_ADMIN:assigned|group:5df8/,
    "no raw profile JSON, no entitlement ids",
  );
});

test("browser tests skip with a message without Chromium, except in CI, where they fail", async () => {
  const { browserSkipReason } = await import("./_test-browser.ts");
  const missing = path.join(STATIC, "no-such-chromium");
  assert.match(browserSkipReason(missing, {}) ?? "", /no-such-chromium is missing: install Debian's chromium package/);
  assert.throws(() => browserSkipReason(missing, { CI: "true" }), /is missing, and CI must run the browser tests/);
  assert.equal(browserSkipReason(process.execPath, { CI: "true" }), undefined, "present: they run");
});
