/**
 * @module
 * Deciding on items: keep, revoke or follow up, by one reviewer at one time with a note. Every
 * decision is appended to the campaign's log; an item's current decision is its last entry, and
 * changing it keeps the earlier ones as its history. A closed campaign is frozen: nothing more
 * is decided on it.
 */
import { ConfigError, countOf, someOf } from "../core/index.ts";
import { DECISIONS, type Campaign, type CampaignItem, type Decision, type DecisionEntry, type Why } from "./format.ts";

/** Which items a decision is for; every criterion given must hold (they AND). */
export interface ItemFilter {
  /** Item ids. */
  items?: readonly string[];
  app?: string;
  why?: readonly Why[];
  /** An entitlement id, e.g. `role:r-admin:assigned`. */
  entitlement?: string;
  /** `TYPE:ID`, the bare id, an email or a login (case-insensitive). */
  account?: string;
  /** Only items nobody has decided on yet. */
  undecided?: boolean;
}

export function isDecision(value: string): value is Decision {
  return (DECISIONS as readonly string[]).includes(value);
}

/** The current decision of each decided item: its last entry. */
export function currentDecisions(campaign: Campaign): Map<string, DecisionEntry> {
  const current = new Map<string, DecisionEntry>();
  for (const entry of campaign.decisions) current.set(entry.item, entry);
  return current;
}

/** "keep by ana at 2026-…: note": one decision in words, for evidence and the command line. */
export function entryText(entry: DecisionEntry): string {
  return `${entry.decision} by ${entry.reviewer} at ${entry.at}${entry.note ? `: ${entry.note}` : ""}`;
}

/** Every decision on `itemId`, oldest first. */
export function historyOf(campaign: Campaign, itemId: string): DecisionEntry[] {
  return campaign.decisions.filter((entry) => entry.item === itemId);
}

function accountMatches(item: CampaignItem, wanted: string): boolean {
  const needle = wanted.toLowerCase();
  const { key, email, login } = item.account;
  const bareId = key.slice(key.indexOf(":") + 1);
  return [key, bareId, email, login].some((value) => value?.toLowerCase() === needle);
}

/** The items `filter` selects; a filter with no criterion selects none (a bulk decision names what it is for). */
export function selectItems(campaign: Campaign, filter: ItemFilter): CampaignItem[] {
  const current = currentDecisions(campaign);
  const hasCriterion = [
    filter.items?.length,
    filter.app,
    filter.why?.length,
    filter.entitlement,
    filter.account,
    filter.undecided,
  ].some(Boolean);
  if (!hasCriterion) return [];
  const unknown = (filter.items ?? []).filter((id) => !campaign.items.some((item) => item.id === id));
  if (unknown.length > 0) {
    throw new ConfigError(`the campaign has no item ${someOf(unknown)}`, {
      setting: "item",
      hint: "list the items with `idsync campaign status C --items`",
    });
  }
  return campaign.items.filter(
    (item) =>
      (!filter.items?.length || filter.items.includes(item.id)) &&
      (filter.app === undefined || item.app === filter.app) &&
      (!filter.why?.length || filter.why.includes(item.why)) &&
      (filter.entitlement === undefined || item.entitlement?.id === filter.entitlement) &&
      (filter.account === undefined || accountMatches(item, filter.account)) &&
      (!filter.undecided || !current.has(item.id)),
  );
}

export interface DecideOptions {
  decision: Decision;
  reviewer: string;
  note: string;
  at: Date;
}

/** Refuses any change to a closed campaign, saying when it was closed and by whom. */
export function assertOpen(campaign: Campaign, file: string): void {
  if (!campaign.closed) return;
  throw new ConfigError(
    `${file}: the campaign was closed on ${campaign.closed.at} by ${campaign.closed.by}; its decisions are frozen`,
    {
      hint: "start a new campaign to review again: idsync campaign start",
    },
  );
}

/**
 * Appends `options.decision` for every item `filter` selects. An item whose current decision
 * already says the same (decision and note) is left as it is. Returns the new campaign and how
 * many items were selected and changed.
 */
export function decide(
  campaign: Campaign,
  file: string,
  filter: ItemFilter,
  options: DecideOptions,
): { campaign: Campaign; selected: number; changed: number } {
  assertOpen(campaign, file);
  const selected = selectItems(campaign, filter);
  if (selected.length === 0) {
    throw new ConfigError("no item of the campaign matches", {
      hint: "select items with --item ID, --app, --why, --entitlement, --account or --all-undecided (see `idsync campaign status C --items`)",
    });
  }
  const current = currentDecisions(campaign);
  const at = options.at.toISOString();
  const appended: DecisionEntry[] = [];
  for (const item of selected) {
    const now = current.get(item.id);
    if (now && now.decision === options.decision && now.note === options.note) continue;
    appended.push({ item: item.id, decision: options.decision, reviewer: options.reviewer, at, note: options.note });
  }
  return {
    campaign: { ...campaign, decisions: [...campaign.decisions, ...appended] },
    selected: selected.length,
    changed: appended.length,
  };
}

export interface CloseOptions {
  /** What to decide for items left undecided; without it, undecided items refuse the close. */
  undecided?: "keep" | "revoke";
  by: string;
  at: Date;
}

/** Freezes the campaign, first deciding the undecided items as `options.undecided` says. */
export function closeCampaign(campaign: Campaign, file: string, options: CloseOptions): Campaign {
  assertOpen(campaign, file);
  const current = currentDecisions(campaign);
  const open = campaign.items.filter((item) => !current.has(item.id));
  if (open.length > 0 && !options.undecided) {
    throw new ConfigError(`${file}: ${countOf(open.length, "item is", "items are")} still undecided`, {
      setting: "undecided",
      hint: "decide them (idsync campaign decide), or close with --undecided keep or --undecided revoke",
    });
  }
  const at = options.at.toISOString();
  const decided: DecisionEntry[] = open.map((item) => ({
    item: item.id,
    decision: options.undecided!,
    reviewer: options.by,
    at,
    note: `left undecided; closed with --undecided ${options.undecided}`,
  }));
  return {
    ...campaign,
    decisions: [...campaign.decisions, ...decided],
    closed: { at, by: options.by, undecided: open.length > 0 ? options.undecided! : null },
  };
}

export interface CampaignProgress {
  items: number;
  decided: number;
  undecided: number;
  keep: number;
  revoke: number;
  followUp: number;
  /** Per app, per why and per suggested reviewer (`(none)` when the roster names none): items and how many are decided. */
  byApp: Record<string, { items: number; decided: number }>;
  byWhy: Record<string, { items: number; decided: number }>;
  byReviewer: Record<string, { items: number; decided: number }>;
  /** Due and not closed, with the due day over (end of that day, UTC). */
  overdue: boolean;
}

export const NO_REVIEWER = "(none)";

export function progressOf(campaign: Campaign, now: Date): CampaignProgress {
  const current = currentDecisions(campaign);
  const progress: CampaignProgress = {
    items: campaign.items.length,
    decided: 0,
    undecided: 0,
    keep: 0,
    revoke: 0,
    followUp: 0,
    byApp: {},
    byWhy: {},
    byReviewer: {},
    overdue: false,
  };
  const count = (table: Record<string, { items: number; decided: number }>, key: string, decided: boolean) => {
    const row = (table[key] ??= { items: 0, decided: 0 });
    row.items++;
    if (decided) row.decided++;
  };
  for (const item of campaign.items) {
    const entry = current.get(item.id);
    if (entry) {
      progress.decided++;
      if (entry.decision === "keep") progress.keep++;
      else if (entry.decision === "revoke") progress.revoke++;
      else progress.followUp++;
    } else progress.undecided++;
    count(progress.byApp, item.app, entry !== undefined);
    count(progress.byWhy, item.why, entry !== undefined);
    count(progress.byReviewer, item.reviewer ?? NO_REVIEWER, entry !== undefined);
  }
  progress.overdue =
    campaign.closed === null &&
    campaign.due !== null &&
    now.getTime() >= Date.parse(`${campaign.due}T00:00:00Z`) + 86_400_000;
  return progress;
}
