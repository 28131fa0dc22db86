/**
 * @module
 * `campaign start`: opens each file, hashes it, reviews its sync and gathers the items of the
 * scopes asked for, then writes the campaign. The files are only read.
 */
import { randomBytes } from "node:crypto";
import { C1zReader, ConfigError, type C1zReaderOptions } from "../core/index.ts";
import { PeopleAcrossApps, STALE_LOGIN_DAYS, adminKeys, reviewSync } from "../review/index.ts";
import { CAMPAIGN_FORMAT, CAMPAIGN_VERSION, type Campaign, type CampaignSync, type Scope } from "./format.ts";
import { ItemList, appItems, assignReviewers, gapItems, rosterItems } from "./items.ts";
import { readRoster } from "./roster.ts";
import { checkNewCampaign, createCampaign, sha256File } from "./store.ts";
import { wholeSync } from "./whole-sync.ts";

export interface StartOptions {
  inputs: ReadonlyArray<{ app: string; file: string }>;
  scopes: readonly Scope[];
  /** A roster CSV path. */
  roster?: string;
  /** YYYY-MM-DD. */
  due?: string;
  staleDays?: number;
  /** Who starts it. */
  reviewer: string;
  now: Date;
  read?: Pick<C1zReaderOptions, "maxDecodedBytes">;
}

/** Builds the campaign the options describe (nothing is written). */
export async function buildCampaign(options: StartOptions): Promise<Campaign> {
  if (options.scopes.includes("offboarding-gaps") && options.inputs.length < 2) {
    throw new ConfigError(
      "the offboarding-gaps scope needs two or more files: it finds people off in one app and on in another",
      {
        setting: "scope",
        hint: "give one -f per app, or leave offboarding-gaps out of --scope",
      },
    );
  }
  const roster = options.roster === undefined ? undefined : readRoster(options.roster);
  const list = new ItemList();
  const syncs: CampaignSync[] = [];
  const people = new PeopleAcrossApps();
  for (const { app, file } of options.inputs) {
    // Hashed before it is read, so the hash names the bytes the items come from.
    const sha256 = sha256File(file);
    const reader = await C1zReader.open(file, options.read ?? {});
    try {
      const sync = wholeSync(reader, "review");
      const review = reviewSync(reader, sync, options.staleDays === undefined ? {} : { staleDays: options.staleDays });
      syncs.push({ app, file, sha256, syncId: sync.id, syncEndedAt: (sync.endedAt ?? sync.startedAt).toISOString() });
      appItems(list, { app, reader, sync, review }, options.scopes);
      if (roster) rosterItems(list, { app, reader, sync }, roster);
      if (options.scopes.includes("offboarding-gaps")) people.add(reader, sync, app, adminKeys(review));
    } finally {
      reader.close();
    }
  }
  if (options.scopes.includes("offboarding-gaps")) gapItems(list, people.gaps());
  const items = list.items;
  if (roster) assignReviewers(items, roster);
  return {
    format: CAMPAIGN_FORMAT,
    version: CAMPAIGN_VERSION,
    id: randomBytes(8).toString("hex"),
    createdAt: options.now.toISOString(),
    createdBy: options.reviewer,
    due: options.due ?? null,
    scopes: [...options.scopes],
    staleDays: options.staleDays ?? STALE_LOGIN_DAYS,
    syncs,
    roster:
      roster && options.roster !== undefined
        ? { file: options.roster, sha256: sha256File(options.roster), people: roster.people.size }
        : null,
    items,
    decisions: [],
    closed: null,
  };
}

/** Builds the campaign and writes it to `out`, which must not exist yet. */
export async function startCampaign(out: string, options: StartOptions): Promise<Campaign> {
  checkNewCampaign(out); // before the files are read, not after
  const campaign = await buildCampaign(options);
  createCampaign(out, campaign);
  return campaign;
}
