/**
 * Explorers and their session cookies in one browser (Debian's Chromium, see
 * `_test-browser.ts`): two explorers on two ports at once both work in the same
 * browser, and after a restart on the same port the old tab is told, in one line, that its
 * session is from an earlier run and to open the printed URL again, which then works.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { C1zReader } from "../core/index.ts";
import { chooseSync } from "../review/index.ts";
import { tempFolder, writeTenant } from "../review/_test-tenant.ts";
import { startExplorer } from "./server.ts";
import { browserSkipReason, useBrowser } from "./_test-browser.ts";

const skip = browserSkipReason();
const browser = useBrowser();

const opened = (page: Page) => page.locator("main:not([aria-busy]) .cards").first().waitFor();

test(
  "two explorers on two ports share a browser; a restarted one tells the old tab to open its new URL",
  { skip },
  async (t) => {
    const file = path.join(tempFolder(t), "acme.c1z");
    await writeTenant(file);
    const reader = await C1zReader.open(file);
    t.after(() => reader.close());
    const start = (port = 0) => startExplorer([{ app: "acme", file, reader, sync: chooseSync(reader).run }], { port });
    const first = await start();
    const other = await start();
    t.after(() => other.close());

    const page = await browser().newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(first.url);
    await opened(page);
    const beside = await browser().newPage();
    await beside.goto(other.url);
    await opened(beside);
    await page.reload();
    await opened(page);

    await first.close();
    const restarted = await start(first.port);
    t.after(() => restarted.close());
    await page.reload();
    const refusal = page.locator("main p.error[role=alert]");
    await refusal.waitFor();
    assert.equal(
      await refusal.textContent(),
      "This page's session is from an earlier run of idsync explore on this port, which has ended. Open the address it printed this time, with its token.",
    );
    await page.goto(restarted.url);
    await opened(page);
    await beside.reload();
    await opened(beside);
    assert.deepStrictEqual(errors, []);
    await beside.close();
    await page.close();
  },
);
