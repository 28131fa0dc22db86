/**
 * @module
 * The campaign file: one JSON document holding what was put up for review (the items), what
 * it was built from (each sync's id and the SHA-256 of its file), and every decision taken, in
 * order. Decisions are only ever appended: the current decision on an item is its last one, and
 * the ones before it are its history.
 *
 * `version` is bumped when a reader of the old version would misread a new file (a field whose
 * meaning changes, a new kind of decision); adding a field old readers may ignore is not a bump.
 */
import { CampaignFileError } from "./campaign-file-error.ts";

export const CAMPAIGN_FORMAT = "idsync-campaign";
export const CAMPAIGN_VERSION = 1;

/** Why an item is in the campaign: a review finding, every grant, or the roster. */
export const SCOPES = [
  "admins",
  "dormant",
  "pending",
  "disabled-with-access",
  "offboarding-gaps",
  "service-accounts",
  "all-grants",
] as const;
export type Scope = (typeof SCOPES)[number];
/** Found through `--roster`: accounts whose email is no active person. */
export const ROSTER_REASONS = ["orphan", "leaver"] as const;
export type Why = Scope | (typeof ROSTER_REASONS)[number];
export const WHYS: readonly Why[] = [...SCOPES, ...ROSTER_REASONS];

export const DECISIONS = ["keep", "revoke", "follow-up"] as const;
export type Decision = (typeof DECISIONS)[number];

/** A sync a campaign was built from: the file's bytes, named by their hash. */
export interface CampaignSync {
  app: string;
  /** The path as given to `campaign start`. */
  file: string;
  sha256: string;
  syncId: string;
  /** ISO time the sync ended (its start, when unfinished). */
  syncEndedAt: string;
}

export interface ItemAccount {
  /** `TYPE:ID` of the principal. */
  key: string;
  name: string;
  email: string | null;
  login: string | null;
  accountType: string;
  /** As `statusLabel` words it: "enabled", "disabled (pending invite)". */
  status: string;
  /** ISO, or null when never or not recorded. */
  lastLogin: string | null;
}

export interface ItemEntitlement {
  id: string;
  name: string;
  /** `TYPE:ID` of the resource it is on, and that resource's name. */
  resource: string;
  resourceName: string;
}

/** A person on the roster, as matched to an account by email. */
export interface ItemPerson {
  name: string;
  status: string;
  manager: string | null;
}

export interface CampaignItem {
  /** Stable: from app, account, entitlement and why (`itemId`). */
  id: string;
  app: string;
  account: ItemAccount;
  /** Null: the account itself is under review (a dormant account, a pending invite…). */
  entitlement: ItemEntitlement | null;
  why: Why;
  /** One line saying what the finding saw, e.g. "no login for 212 days (last 2024-06-01)". */
  evidence: string;
  /** `via` paths when held through groups, e.g. ["group:g-eng:member"]; empty when direct or an account item. */
  via: string[][];
  /** The reviewer the roster suggests (the person's manager), else null. */
  reviewer: string | null;
  /** The roster's person for the account's email, when a roster was given and has them. */
  person: ItemPerson | null;
}

export interface DecisionEntry {
  item: string;
  decision: Decision;
  reviewer: string;
  /** ISO time. */
  at: string;
  note: string;
}

export interface CampaignRoster {
  file: string;
  sha256: string;
  people: number;
}

export interface CampaignClosed {
  at: string;
  by: string;
  /** What `close --undecided` decided for the items left undecided, if anything. */
  undecided: "keep" | "revoke" | null;
}

export interface Campaign {
  format: typeof CAMPAIGN_FORMAT;
  version: typeof CAMPAIGN_VERSION;
  id: string;
  createdAt: string;
  createdBy: string;
  /** YYYY-MM-DD, or null. */
  due: string | null;
  scopes: Scope[];
  staleDays: number;
  syncs: CampaignSync[];
  roster: CampaignRoster | null;
  items: CampaignItem[];
  decisions: DecisionEntry[];
  closed: CampaignClosed | null;
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === "string";

/** The campaign `text` holds, or a CampaignFileError naming `file` and what is wrong. */
export function parseCampaign(text: string, file: string): Campaign {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw damaged(
      file,
      text.trim() === "" ? "the file is empty" : "the file is not JSON (cut short or damaged?)",
      error,
    );
  }
  if (!isObject(document) || document.format !== CAMPAIGN_FORMAT) {
    throw damaged(file, 'this is not an idsync campaign file (no "format": "idsync-campaign")');
  }
  if (document.version !== CAMPAIGN_VERSION) {
    throw new CampaignFileError(
      "unsupported-file",
      file,
      `campaign file version ${JSON.stringify(document.version)}; this idsync reads version ${CAMPAIGN_VERSION}`,
      {
        hint: "open it with the idsync version that wrote it",
      },
    );
  }
  const problem = shapeProblem(document);
  if (problem) throw damaged(file, `the campaign is damaged: ${problem}`);
  return document as unknown as Campaign;
}

function damaged(file: string, problem: string, cause?: unknown): CampaignFileError {
  return new CampaignFileError("corrupt-file", file, problem, {
    hint: "restore it from a backup; idsync writes campaign files whole, so a damaged one was changed by something else",
    cause,
  });
}

/** What is wrong with a parsed document's shape, or undefined. Checks what the commands rely on. */
function shapeProblem(document: Json): string | undefined {
  for (const key of ["id", "createdAt", "createdBy"]) if (!isString(document[key])) return `"${key}" is not text`;
  if (!isStringOrNull(document.due)) return `"due" is not a date`;
  if (
    !Array.isArray(document.scopes) ||
    !document.scopes.every((scope) => (SCOPES as readonly unknown[]).includes(scope))
  )
    return `"scopes" is not a list of scopes`;
  if (typeof document.staleDays !== "number") return `"staleDays" is not a number`;
  if (
    !Array.isArray(document.syncs) ||
    !document.syncs.every(
      (sync) => isObject(sync) && isString(sync.app) && isString(sync.sha256) && isString(sync.syncId),
    )
  ) {
    return `"syncs" is not a list of syncs`;
  }
  if (document.roster !== null && !(isObject(document.roster) && isString(document.roster.sha256)))
    return `"roster" is neither null nor a roster`;
  if (!Array.isArray(document.items)) return `"items" is not a list`;
  const ids = new Set<string>();
  for (const [index, item] of document.items.entries()) {
    if (
      !isObject(item) ||
      !isString(item.id) ||
      !isString(item.app) ||
      !isObject(item.account) ||
      !isString(item.account.key)
    )
      return `item ${index + 1} lacks its id, app or account`;
    if (!WHYS.includes(item.why as Why)) return `item ${item.id} has an unknown "why"`;
    if (item.entitlement !== null && !(isObject(item.entitlement) && isString(item.entitlement.id)))
      return `item ${item.id} has a malformed entitlement`;
    if (ids.has(item.id)) return `item ${item.id} appears twice`;
    ids.add(item.id);
  }
  if (!Array.isArray(document.decisions)) return `"decisions" is not a list`;
  for (const [index, entry] of document.decisions.entries()) {
    if (!isObject(entry) || !isString(entry.item) || !ids.has(entry.item))
      return `decision ${index + 1} names no item of the campaign`;
    if (!(DECISIONS as readonly unknown[]).includes(entry.decision))
      return `decision ${index + 1} is neither keep, revoke nor follow-up`;
    if (!isString(entry.reviewer) || !isString(entry.at) || !isString(entry.note))
      return `decision ${index + 1} lacks its reviewer, time or note`;
  }
  if (
    document.closed !== null &&
    !(isObject(document.closed) && isString(document.closed.at) && isString(document.closed.by))
  )
    return `"closed" is neither null nor a closing`;
  return undefined;
}
