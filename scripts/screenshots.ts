/**
 * `npm run screenshots`: makes the demo's files, serves them with the explorer, and writes the
 * README's screenshots to docs/screenshots/ with Debian's Chromium (the one the browser tests
 * use; see src/explorer/_test-browser.ts). Viewport-sized PNGs at 1x keep each well under 200 KB.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { C1zReader } from "../src/core/index.ts";
import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  DESKTOP,
  PHONE,
  browserSkipReason,
  demoFiles,
} from "../src/explorer/_test-browser.ts";
import { startExplorer } from "../src/explorer/index.ts";
import { appNameFromPath, chooseSync } from "../src/review/index.ts";

const OUT = join(import.meta.dirname, "../docs/screenshots");

const missing = browserSkipReason(CHROMIUM, {});
if (missing) {
  process.stderr.write(`error: ${missing}\n`);
  process.exit(1);
}

const folder = mkdtempSync(join(tmpdir(), "idsync-screenshots-"));
const readers: C1zReader[] = [];
// The files are named as the README's commands name them (demo/env0.c1z), as the page shows them.
process.chdir(folder);
try {
  const inputs = [];
  for (const file of await demoFiles("demo")) {
    const reader = await C1zReader.open(file);
    readers.push(reader);
    inputs.push({ app: appNameFromPath(file), file, reader, sync: chooseSync(reader).run });
  }
  const explorer = await startExplorer(inputs);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(explorer.url);
    mkdirSync(OUT, { recursive: true });
    const shoot = async (target: Page, name: string, hash: string, ready: string): Promise<void> => {
      await target.goto(`${explorer.origin}/${hash}`);
      await target.locator(ready).first().waitFor();
      await target.locator("[aria-busy]").waitFor({ state: "detached" });
      const file = join(OUT, `${name}.png`);
      await target.screenshot({ path: file });
      process.stdout.write(`docs/screenshots/${name}.png: ${Math.round(statSync(file).size / 1024)} KB\n`);
    };
    await shoot(page, "review", "#app=env0&tab=review&f=risky", "main tbody tr");
    const people = (await page.evaluate("fetch('/api/offboarding-gaps').then((r) => r.json())")) as {
      items: Array<{ key: string }>;
    };
    const someone = encodeURIComponent(people.items[0]!.key);
    await shoot(page, "person", `#tab=people&p=${someone}`, ".detail section.account");
    await shoot(page, "changes", "#app=clockify&tab=changes&f=grants&k=added&s=-admin", "main tbody tr");
    await page.setViewportSize(PHONE);
    await shoot(page, "phone", `#tab=people&p=${someone}`, ".detail section.account");
  } finally {
    await browser.close();
    await explorer.close();
  }
} finally {
  for (const reader of readers) reader.close();
  process.chdir(tmpdir());
  rmSync(folder, { recursive: true, force: true });
}
