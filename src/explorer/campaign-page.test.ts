/**
 * The campaign panel (static/campaign.js) in Debian's Chromium, driven by playwright-core:
 * deciding one item with a note and every undecided item of a filter, as a reviewer would, and
 * the decisions landing in the campaign file. Skipped where /usr/bin/chromium is missing
 * (`.ci/run` installs it).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { chromium } from "playwright-core";
import { readCampaign } from "../campaign/index.ts";
import { startOver, tenantForCampaign } from "../campaign/_test-support.ts";
import { C1zReader } from "../core/index.ts";
import { chooseSync } from "../review/index.ts";
import { startExplorer } from "./server.ts";
import { CHROMIUM, CHROMIUM_FLAGS, browserSkipReason } from "./_test-browser.ts";

test(
  "campaign panel: decide one item with a note, then every undecided dormant account; at 390 px the panel fits the screen",
  { skip: browserSkipReason() ?? false },
  async (t) => {
    const files = await tenantForCampaign(t);
    await startOver(files, { scopes: ["admins", "dormant", "pending"] });
    const reader = await C1zReader.open(files.reviewed);
    t.after(() => reader.close());
    const explorer = await startExplorer(
      [{ app: "acme", file: files.reviewed, reader, sync: chooseSync(reader).run }],
      { campaign: { file: files.campaign, reviewer: "ana" } },
    );
    t.after(() => explorer.close());
    const profile = fs.mkdtempSync(path.join(tmpdir(), "idsync-chromium-"));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    t.after(async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    });
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(String(error)));

    await page.goto(explorer.url);
    // The layout's tab shows once a campaign answers, with its count once it has been read.
    const toggle = page.locator('[data-tab="campaign"]', { hasText: "Campaign: 0/6" });
    await toggle.waitFor();
    await toggle.click();
    const rows = page.locator(".campaign-items tbody tr");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 6);

    const first = rows.first();
    const item = await first.getAttribute("data-item");
    await first.locator("input").fill("left in May");
    await first.locator('button[data-decision="revoke"]').click();
    await page.locator(".campaign-message", { hasText: "revoke: 1 item decided by ana" }).waitFor();
    assert.match((await page.locator(".campaign-progress").textContent()) ?? "", /^1 of 6 decided · 0 keep · 1 revoke/);

    await page.selectOption('select[name="why"]', "dormant");
    await page.locator(".campaign-pager", { hasText: "of 4" }).waitFor();
    await page.locator(".campaign-bulk button", { hasText: "Keep" }).click();
    await page.locator(".campaign-message", { hasText: "keep: 4 items decided by ana" }).waitFor();
    await page.locator(".campaign-pager", { hasText: "of 0" }).waitFor();
    const shown = (await page.locator("#campaign").textContent()) ?? "";
    assert.doesNotMatch(shown, /null|undefined/, "nothing empty is shown as text");

    await page.setViewportSize({ width: 390, height: 800 });
    // The panel's own width: the views around it are the layout's (and its tests').
    const panel = page.locator("#campaign");
    const box = await panel.boundingBox();
    const width = {
      scroll: await panel.evaluate((node) => node.scrollWidth),
      right: (box?.x ?? 0) + (box?.width ?? Infinity),
    };
    assert.ok(width.scroll <= 390 && width.right <= 390, JSON.stringify(width));

    const campaign = readCampaign(files.campaign);
    assert.deepStrictEqual(
      campaign.decisions[0] && [
        campaign.decisions[0].item,
        campaign.decisions[0].decision,
        campaign.decisions[0].reviewer,
        campaign.decisions[0].note,
      ],
      [item, "revoke", "ana", "left in May"],
    );
    assert.deepStrictEqual(
      campaign.decisions.slice(1).map((entry) => entry.decision),
      ["keep", "keep", "keep", "keep"],
    );
    assert.deepStrictEqual(failures, []);
  },
);
