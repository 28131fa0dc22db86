/**
 * @module
 * Test support for campaigns: the read side's small tenant as real c1z files (generation 1 to
 * review, generation 2 as the newer sync to verify against), and a campaign started over them.
 */
import fs from "node:fs";
import path from "node:path";
import { tempFolder, writeTenant } from "../review/_test-tenant.ts";
import { startCampaign, type StartOptions } from "./build.ts";
import type { Campaign, Scope } from "./format.ts";

export const T0 = new Date("2026-03-01T09:00:00Z");

export interface CampaignFiles {
  folder: string;
  /** Generation 1 of the tenant, as the app `acme`. */
  reviewed: string;
  /** Generation 2, a later sync of the same tenant. */
  newer: string;
  campaign: string;
}

export async function tenantForCampaign(t: { after(cleanUp: () => void): void }): Promise<CampaignFiles> {
  const folder = tempFolder(t);
  fs.mkdirSync(path.join(folder, "later"));
  const reviewed = path.join(folder, "acme.c1z");
  const newer = path.join(folder, "later", "acme.c1z");
  await writeTenant(reviewed, { generation: 1 });
  await writeTenant(newer, { generation: 2 });
  return { folder, reviewed, newer, campaign: path.join(folder, "q1.campaign.json") };
}

export const ALL_SCOPES: Scope[] = [
  "admins",
  "dormant",
  "pending",
  "disabled-with-access",
  "service-accounts",
  "all-grants",
];

export async function startOver(files: CampaignFiles, options: Partial<StartOptions> = {}): Promise<Campaign> {
  return startCampaign(files.campaign, {
    inputs: [{ app: "acme", file: files.reviewed }],
    scopes: ALL_SCOPES,
    reviewer: "lead",
    now: T0,
    ...options,
  });
}
