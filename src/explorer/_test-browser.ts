/**
 * @module
 * Test support for the explorer in a real browser: Debian's Chromium (`/usr/bin/chromium`,
 * the `chromium` package `.ci/run` installs) driven by playwright-core, which downloads no
 * browser of its own. One browser per test file, with a fresh profile, so its tabs share
 * cookies as a reviewer's do. Without Chromium the tests skip with a message, except in CI
 * (`CI` set), where a missing browser fails them.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { runIdsync } from "../cli/idsync.ts";
import { captureStream } from "../cli/io.ts";
import { simulatedProducts } from "../cli/products.ts";
import { C1zReader } from "../core/index.ts";
import { appNameFromPath, chooseSync } from "../review/index.ts";
import { startExplorer, type RunningExplorer } from "./server.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Chromium's flags for a quiet, headless run that reaches nothing but the explorer. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser tests cannot run here, or undefined when they can; in CI they must. */
export function browserSkipReason(executable = CHROMIUM, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (existsSync(executable)) return undefined;
  if (env.CI)
    throw new Error(
      `${executable} is missing, and CI must run the browser tests: install the chromium package (.ci/run does)`,
    );
  return `${executable} is missing: install Debian's chromium package to run the explorer's browser tests`;
}

/** The desktop and phone sizes the page is tried at. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Launches Chromium once for the test file (with a fresh `--user-data-dir`); the getter gives
 * its context, whose pages are tabs of one browser.
 */
export function useBrowser(): () => BrowserContext {
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  before(async () => {
    if (browserSkipReason()) return;
    profile = mkdtempSync(path.join(tmpdir(), "idsync-chromium-"));
    // launchPersistentContext passes the profile as --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      viewport: DESKTOP,
      acceptDownloads: true,
    });
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return () => context!;
}

/** `idsync demo --out DIR`: the simulated tenant of each product, synced twice, as c1z files. */
export async function demoFiles(dir: string): Promise<string[]> {
  const stderr = captureStream();
  const code = await runIdsync(["demo", "--out", dir, "--seed", "3"], { stdout: captureStream(), stderr, env: {} });
  if (code !== 0) throw new Error(`idsync demo failed: ${stderr.text()}`);
  return simulatedProducts().map((product) => path.join(dir, `${product.connector.name}.c1z`));
}

/**
 * What went wrong on `page` from now on: each answer of 400 or more (but those `ignore` accepts)
 * and each uncaught page error, as one line each; a test ends by expecting none.
 */
export function watchFailures(page: Page, ignore: (url: string) => boolean = () => false): string[] {
  const failures: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400 && !ignore(response.url())) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  return failures;
}

/** The demo's files with a campaign over them, served by an explorer where "ana" decides. */
export interface DemoCampaign {
  files: string[];
  campaignFile: string;
  explorer: RunningExplorer;
  close(): Promise<void>;
}

/**
 * `idsync campaign start` over the demo's files in `folder` (with `startArgs`, e.g. its scope),
 * then an explorer serving those files and that campaign.
 */
export async function demoCampaign(folder: string, startArgs: string[]): Promise<DemoCampaign> {
  const files = await demoFiles(path.join(folder, "demo"));
  const campaignFile = path.join(folder, "q3.campaign.json");
  const stderr = captureStream();
  const args = ["campaign", "start", ...files.flatMap((file) => ["-f", file]), ...startArgs, "--out", campaignFile];
  const code = await runIdsync(args, { stdout: captureStream(), stderr, env: {} });
  if (code !== 0) throw new Error(`idsync campaign start failed: ${stderr.text()}`);
  const readers: C1zReader[] = [];
  const inputs = [];
  for (const file of files) {
    const reader = await C1zReader.open(file);
    readers.push(reader);
    inputs.push({ app: appNameFromPath(file), file, reader, sync: chooseSync(reader).run });
  }
  const explorer = await startExplorer(inputs, {
    campaign: { file: campaignFile, reviewer: "ana" },
    onError: (error) => console.error(error),
  });
  const close = async () => {
    await explorer.close();
    for (const reader of readers) reader.close();
  };
  return { files, campaignFile, explorer, close };
}

/** Whether the page scrolls sideways: wider content than its viewport. */
export function pageOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  // Runs in the page, where `document` and `window` exist; this project's types have no DOM.
  return page.evaluate("({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })");
}
