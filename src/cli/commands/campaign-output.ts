/**
 * @module
 * What `campaign status` and `campaign verify` print: tables on the console, or the documents
 * of src/campaign as JSON.
 */
import {
  currentDecisions,
  historyOf,
  progressOf,
  type Campaign,
  type CampaignItem,
  type Verification,
  type VerifyState,
} from "../../campaign/index.ts";
import { writeJson } from "../output/json.ts";
import type { Sink } from "../output/sink.ts";
import { TableWriter, type Column } from "../output/table.ts";
import type { OutputFormat } from "./_reading.ts";

const ITEM: Column = { header: "ITEM", id: true };
const ACCOUNT: Column = { header: "ACCOUNT", max: 36 };
const ACCESS: Column = { header: "ACCESS", max: 40 };

function accountText(item: CampaignItem): string {
  return item.account.email ?? item.account.login ?? (item.account.name || item.account.key);
}

function accessText(item: CampaignItem): string {
  if (!item.entitlement) return "(the account)";
  const { name, resourceName } = item.entitlement;
  // "Admin role", not "Admin role on Admin": most entitlements are named after their resource.
  return resourceName && !name.includes(resourceName) ? `${name} on ${resourceName}` : name;
}

export interface StatusOptions {
  format: OutputFormat;
  items: boolean;
  undecidedOnly: boolean;
  width: number | undefined;
  now: Date;
}

export async function writeStatus(sink: Sink, campaign: Campaign, file: string, options: StatusOptions): Promise<void> {
  const progress = progressOf(campaign, options.now);
  const current = currentDecisions(campaign);
  const listed = options.items ? campaign.items.filter((item) => !options.undecidedOnly || !current.has(item.id)) : [];
  if (options.format === "json") {
    const { items: _items, decisions: _decisions, ...about } = campaign;
    const items = listed.map((item) => ({
      ...item,
      decision: current.get(item.id) ?? null,
      history: historyOf(campaign, item.id),
    }));
    return writeJson(sink, { file, ...about, progress, ...(options.items ? { items } : {}) });
  }
  const state = campaign.closed
    ? `closed ${campaign.closed.at} by ${campaign.closed.by}`
    : `open${campaign.due ? `, due ${campaign.due}${progress.overdue ? " (OVERDUE)" : ""}` : ""}`;
  await sink.write(
    `campaign ${campaign.id} · ${file} · started ${campaign.createdAt} by ${campaign.createdBy} · ${state}\n`,
  );
  await sink.write(
    `${progress.decided.toLocaleString("en-US")} of ${progress.items.toLocaleString("en-US")} items decided: ${progress.keep} keep, ${progress.revoke} revoke, ${progress.followUp} follow up; ${progress.undecided} undecided\n\n`,
  );
  const syncs = new TableWriter(
    sink,
    [{ header: "APP" }, { header: "SYNC", id: true }, { header: "ENDED" }, { header: "FILE SHA-256", id: true }],
    options.width,
  );
  for (const sync of campaign.syncs) await syncs.add([sync.app, sync.syncId, sync.syncEndedAt, sync.sha256]);
  await syncs.end("");
  for (const [title, table] of [
    ["APP", progress.byApp],
    ["WHY", progress.byWhy],
    ["REVIEWER", progress.byReviewer],
  ] as const) {
    const rows = new TableWriter(
      sink,
      [{ header: title }, { header: "ITEMS", align: "right" }, { header: "DECIDED", align: "right" }],
      options.width,
    );
    for (const [key, counts] of Object.entries(table))
      await rows.add([key, String(counts.items), String(counts.decided)]);
    await rows.end("");
  }
  if (!options.items) return;
  const items = new TableWriter(
    sink,
    [ITEM, { header: "APP" }, ACCOUNT, ACCESS, { header: "WHY" }, { header: "DECISION" }, { header: "BY", max: 24 }],
    options.width,
  );
  for (const item of listed) {
    const decision = current.get(item.id);
    await items.add([
      item.id,
      item.app,
      accountText(item),
      accessText(item),
      item.why,
      decision?.decision ?? "-",
      decision?.reviewer ?? item.reviewer ?? "",
    ]);
  }
  await items.end("");
}

/** Each state's heading in the console report, in the order the report lists them. */
const STATE_HEADINGS: ReadonlyArray<[VerifyState, string]> = [
  ["outstanding", "OUTSTANDING"],
  ["disabled-with-grant", "ACCOUNT DISABLED, GRANT STILL PRESENT"],
  ["unchecked", "UNCHECKED"],
  ["done", "DONE"],
];

export async function writeVerification(
  sink: Sink,
  verification: Verification,
  width: number | undefined,
): Promise<void> {
  const { done, outstanding, unchecked } = verification.counts;
  const disabled = verification.counts["disabled-with-grant"];
  await sink.write(
    `campaign ${verification.campaignId}: ${verification.items.length} revocations, ${done} done, ${outstanding} outstanding, ${disabled} account disabled with the grant still present, ${unchecked} unchecked\n`,
  );
  for (const sync of verification.syncs)
    await sink.write(`checked against ${sync.app} · ${sync.file} · sync ${sync.syncId} ended ${sync.syncEndedAt}\n`);
  await sink.write("\n");
  for (const [state, heading] of STATE_HEADINGS) {
    const rows = verification.items.filter((item) => item.state === state);
    if (rows.length === 0) continue;
    await sink.write(`${heading} (${rows.length})\n`);
    const table = new TableWriter(
      sink,
      [ITEM, { header: "APP" }, ACCOUNT, ACCESS, { header: "REVOKED BY", max: 24 }, { header: "NOW", wrap: true }],
      width,
    );
    for (const { item, decision, detail } of rows)
      await table.add([item.id, item.app, accountText(item), accessText(item), decision.reviewer, detail]);
    await table.end("");
  }
}
