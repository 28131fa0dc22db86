/**
 * @module
 * The explorer's campaign API, when `idsync explore` is given `--campaign C`: the campaign and
 * its items (`GET /api/campaign`), and deciding on them (`POST /api/campaign/decide`). Every
 * read and write goes through src/campaign, so the file is read fresh (the command line may
 * have decided meanwhile) and written as the command line writes it: whole, atomically, 0600.
 * The server guards the POST (token, same origin, JSON); this checks what the body says.
 */
import {
  DECISIONS,
  WHYS,
  currentDecisions,
  decide,
  historyOf,
  isDecision,
  progressOf,
  readCampaign,
  updateCampaign,
  type ItemFilter,
  type Why,
} from "../campaign/index.ts";
import { choiceText } from "../core/index.ts";
import { ApiError, DEFAULT_LIMIT, MAX_LIMIT, pageOf } from "./api.ts";

export interface CampaignSession {
  /** The campaign file, as given to `--campaign`. */
  file: string;
  /** Who decides from this page: `--reviewer`, `IDSYNC_REVIEWER` or the OS user, resolved at start. */
  reviewer: string;
  /** @default () => new Date() */
  now?: () => Date;
}

/** The most a decide request's body may hold: a page of item ids and a note, with room to spare. */
export const MAX_DECIDE_BODY = 64 * 1024;
/** Notes are one line; longer than this is surely a paste gone wrong. */
const MAX_NOTE = 2_000;

const nowOf = (session: CampaignSession): Date => (session.now ?? (() => new Date()))();

function whyParam(raw: string | null): Why | undefined {
  if (raw === null || raw === "") return undefined;
  if (!(WHYS as readonly string[]).includes(raw))
    throw new ApiError(400, `why must be ${choiceText(WHYS)}, got "${raw}"`);
  return raw as Why;
}

function windowOf(params: URLSearchParams): { offset: number; limit: number } {
  const number = (name: string, fallback: number, max: number): number => {
    const raw = params.get(name);
    if (raw === null || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max)
      throw new ApiError(400, `${name} must be a whole number up to ${max}, got "${raw}"`);
    return Number(raw);
  };
  return {
    offset: number("offset", 0, Number.MAX_SAFE_INTEGER),
    limit: Math.max(1, number("limit", DEFAULT_LIMIT, MAX_LIMIT)),
  };
}

/**
 * The accounts `account=APP/TYPE:ID` names (repeatable; the form /api/person's keys use), as
 * "APP/TYPE:ID" strings to match items by; undefined when none is named.
 */
function accountsParam(params: URLSearchParams): Set<string> | undefined {
  const named = params.getAll("account").filter((raw) => raw !== "");
  if (named.length === 0) return undefined;
  for (const raw of named)
    if (!/^[^/]+\/[^:]+:.+$/.test(raw))
      throw new ApiError(400, `account must be APP/TYPE:ID, e.g. env0/user:u-1, got "${raw}"`);
  return new Set(named);
}

/**
 * `GET /api/campaign[?app=&why=&undecided=1&account=APP/TYPE:ID…&offset=&limit=]`: the campaign
 * (syncs, progress, who decides here) and a page of its items with their current decision and
 * history. `account` (repeatable) finds one person's or one finding's items wherever the page
 * shows them.
 */
export function campaignDocument(session: CampaignSession, params: URLSearchParams) {
  const campaign = readCampaign(session.file);
  const current = currentDecisions(campaign);
  const app = params.get("app") || undefined;
  const why = whyParam(params.get("why"));
  const undecided = params.get("undecided") === "1";
  const accounts = accountsParam(params);
  const window = windowOf(params);
  const page = pageOf(campaign.items, window.offset, window.limit, {
    match: (item) =>
      (app === undefined || item.app === app) &&
      (why === undefined || item.why === why) &&
      (!undecided || !current.has(item.id)) &&
      (accounts === undefined || accounts.has(`${item.app}/${item.account.key}`)),
  });
  const { items: _items, decisions: _decisions, ...about } = campaign;
  return {
    file: session.file,
    reviewer: session.reviewer,
    ...about,
    progress: progressOf(campaign, nowOf(session)),
    items: page.items.map((item) => ({
      ...item,
      decision: current.get(item.id) ?? null,
      history: historyOf(campaign, item.id),
    })),
    count: page.items.length,
    total: page.total,
    ...window,
  };
}

type Body = Record<string, unknown>;

/** The selection a body names: `items` (ids), or `filter` ({app, why, undecided}). */
function filterOf(body: Body): ItemFilter {
  if (body.items !== undefined) {
    if (!Array.isArray(body.items) || body.items.length === 0 || !body.items.every((id) => typeof id === "string")) {
      throw new ApiError(400, "items must be a list of item ids");
    }
    return { items: body.items as string[] };
  }
  const filter = body.filter;
  if (typeof filter !== "object" || filter === null || Array.isArray(filter))
    throw new ApiError(400, "name the items: items: [ids], or filter: {app, why, undecided}");
  const { app, why, undecided } = filter as Body;
  if (app !== undefined && typeof app !== "string") throw new ApiError(400, "filter.app must be an app name");
  if (undecided !== undefined && typeof undecided !== "boolean")
    throw new ApiError(400, "filter.undecided must be true or false");
  const reason = typeof why === "string" || why === undefined ? whyParam(why ?? null) : undefined;
  if (why !== undefined && reason === undefined) throw new ApiError(400, "filter.why must be a reason, e.g. dormant");
  return {
    ...(app !== undefined ? { app } : {}),
    ...(reason ? { why: [reason] } : {}),
    ...(undecided ? { undecided: true } : {}),
  };
}

/** `POST /api/campaign/decide` with `{decision, note?, items | filter}`: decides as `campaign decide` does. */
export function decideRequest(session: CampaignSession, text: string) {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "the body is not JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ApiError(400, "the body must be a JSON object");
  const { decision, note = "" } = body as Body;
  if (typeof decision !== "string" || !isDecision(decision))
    throw new ApiError(400, `decision must be ${choiceText(DECISIONS)}`);
  if (typeof note !== "string" || /[\r\n]/.test(note) || note.length > MAX_NOTE)
    throw new ApiError(400, `note must be one line of at most ${MAX_NOTE} characters`);
  const filter = filterOf(body as Body);
  let outcome = { selected: 0, changed: 0 };
  const campaign = updateCampaign(session.file, (read) => {
    const decided = decide(read, session.file, filter, {
      decision,
      reviewer: session.reviewer,
      note,
      at: nowOf(session),
    });
    outcome = decided;
    return decided.campaign;
  });
  return { decision, reviewer: session.reviewer, ...outcome, progress: progressOf(campaign, nowOf(session)) };
}
