/**
 * @module
 * The evidence a closed campaign leaves: the same facts as JSON (for tools), CSV (for a
 * spreadsheet: one row per item) and one HTML page (for an auditor: self-contained, no script,
 * no external asset, prints on A4 or Letter). Each names the syncs the campaign was built from
 * with their files' SHA-256, and who decided what and when, with every earlier decision.
 */
import path from "node:path";
import { currentDecisions, entryText, historyOf, progressOf, type CampaignProgress } from "./decisions.ts";
import type { Campaign, CampaignItem, DecisionEntry } from "./format.ts";
import { evidenceHtml } from "./evidence-html.ts";
import { write } from "./store.ts";

export interface EvidenceItem extends CampaignItem {
  /** The current decision, or null (only an open campaign has undecided items). */
  decision: DecisionEntry | null;
  /** Every decision on the item, oldest first; the last is `decision`. */
  history: DecisionEntry[];
}

export interface Evidence {
  format: "idsync-campaign-evidence";
  version: 1;
  campaign: Pick<Campaign, "id" | "createdAt" | "createdBy" | "due" | "scopes" | "staleDays" | "closed">;
  syncs: Campaign["syncs"];
  roster: Campaign["roster"];
  progress: CampaignProgress;
  items: EvidenceItem[];
}

export function evidenceOf(campaign: Campaign, now: Date): Evidence {
  const current = currentDecisions(campaign);
  const { id, createdAt, createdBy, due, scopes, staleDays, closed } = campaign;
  return {
    format: "idsync-campaign-evidence",
    version: 1,
    campaign: { id, createdAt, createdBy, due, scopes, staleDays, closed },
    syncs: campaign.syncs,
    roster: campaign.roster,
    progress: progressOf(campaign, now),
    items: campaign.items.map((item) => ({
      ...item,
      decision: current.get(item.id) ?? null,
      history: historyOf(campaign, item.id),
    })),
  };
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────

export const EVIDENCE_COLUMNS = [
  "item_id",
  "app",
  "account",
  "account_name",
  "email",
  "account_type",
  "status",
  "entitlement_id",
  "entitlement_name",
  "why",
  "evidence",
  "decision",
  "reviewer",
  "decided_at",
  "note",
  "earlier_decisions",
  "sync_id",
  "file_sha256",
] as const;

const NEEDS_QUOTES = /[",\r\n]/;
/** Cells a spreadsheet would run as a formula get a leading `'` (names come from the SaaS tenants). */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | null): string {
  if (value === null) return "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function evidenceCsv(evidence: Evidence): string {
  const syncOf = new Map(evidence.syncs.map((sync) => [sync.app, sync]));
  const lines = [EVIDENCE_COLUMNS.join(",")];
  for (const item of evidence.items) {
    const sync = syncOf.get(item.app);
    const decision = item.decision;
    const values = [
      item.id,
      item.app,
      item.account.key,
      item.account.name,
      item.account.email,
      item.account.accountType,
      item.account.status,
      item.entitlement?.id ?? null,
      item.entitlement?.name ?? null,
      item.why,
      item.evidence,
      decision?.decision ?? null,
      decision?.reviewer ?? null,
      decision?.at ?? null,
      decision?.note ?? null,
      item.history.slice(0, -1).map(entryText).join("; ") || null,
      sync?.syncId ?? null,
      sync?.sha256 ?? null,
    ];
    lines.push(values.map(cell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

// ── Files ───────────────────────────────────────────────────────────────────────────────────

/** Where the evidence of `campaignFile` goes: beside it, `q3.campaign.json` → `q3.campaign.evidence.{html,csv,json}`. */
export function evidencePaths(campaignFile: string, folder?: string): { html: string; csv: string; json: string } {
  const base = path.basename(campaignFile).replace(/\.json$/i, "");
  const dir = folder ?? path.dirname(campaignFile);
  return {
    html: path.join(dir, `${base}.evidence.html`),
    csv: path.join(dir, `${base}.evidence.csv`),
    json: path.join(dir, `${base}.evidence.json`),
  };
}

/** Writes the three evidence files, each atomically (mode 0600), and returns their paths. */
export function writeEvidence(
  campaign: Campaign,
  campaignFile: string,
  now: Date,
  folder?: string,
): { html: string; csv: string; json: string } {
  const evidence = evidenceOf(campaign, now);
  const paths = evidencePaths(campaignFile, folder);
  write(paths.json, `${JSON.stringify(evidence, null, 2)}\n`);
  write(paths.csv, evidenceCsv(evidence));
  write(paths.html, evidenceHtml(evidence));
  return paths;
}
