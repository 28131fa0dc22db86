/**
 * @module
 * Runlayer's `skip`/`limit` paging within the engine's one-page-per-call contract, concurrent
 * once the total is known (shared/apis/runlayer.md: lists answer `{"data":[…],"count":N}`).
 *
 * The first call fetches `skip=0` and learns `count`. Every later call fetches the next
 * `pagesPerCall` pages at once and returns them together, so a list of P pages takes about
 * 1 + P / pagesPerCall round trips instead of P. At most `pagesPerCall × limit` items are held
 * per call. The page token is plain text (`skip=600&count=2000`), so a checkpoint resumes
 * exactly where the last committed call ended.
 *
 * Nothing is lost when the API pages differently than asked: pages are consumed in order only
 * while each starts where the previous one ended, and the next call continues from the last
 * item actually received. A short page while `count` says more remain is read as a server-side
 * cap on `limit`, and later calls ask for that size instead.
 *
 * A page that repeats another (a cache or proxy answering with a stale body) would drop the
 * items it hides, so it fails the sync instead, leaving the previous file as it was.
 * It is caught by first items: no two pages of a call, nor of a call and the one before it, may
 * start with the same item (the token carries short hashes of the previous call's first items).
 */
import { SyncError, type Logger } from "../../core/kit.ts";

/** One page as the client parsed it; `count` is undefined when the API sent a bare array. */
export interface ListPage<T> {
  items: T[];
  count: number | undefined;
}

export interface PageRequest {
  skip: number;
  limit: number;
}

/** Fetches one page; the pager passes a signal that aborts when a sibling page fails. */
export type PageSource<T> = (page: PageRequest, signal: AbortSignal) => Promise<ListPage<T>>;

/** A list to page through: where pages come from, what identifies an item, what to call it in errors. */
export interface PagedList<T> {
  source: PageSource<T>;
  keyOf(item: T): string;
  /** e.g. "users", "assignments of role developer". */
  what: string;
}

export interface PagingOptions {
  /** Items asked per request. */
  limit: number;
  /** Pages fetched at once once `count` is known; 1 pages sequentially. */
  pagesPerCall: number;
}

export interface PagerContext {
  signal: AbortSignal;
  logger: Logger;
}

interface Cursor {
  skip: number;
  count: number | undefined;
  /** The page size to ask for, when the API showed it serves fewer than `limit`. */
  limit: number | undefined;
  /** Hashes of the first items of the previous call's pages. */
  seen: string[];
}

const WHOLE = /^\d+$/;

/** FNV-1a of a key, 8 hex digits: enough to tell pages apart, short enough for a token. */
function shortHash(key: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

function unreadable(token: string): SyncError {
  return new SyncError(`unreadable Runlayer page token "${token}"`, { hint: "delete the unfinished sync's working files next to the c1z and run again" });
}

function readToken(token: string | undefined): Cursor {
  if (token === undefined || token === "") return { skip: 0, count: undefined, limit: undefined, seen: [] };
  const params = new URLSearchParams(token);
  const number = (name: string): number | undefined => {
    const text = params.get(name);
    if (text === null) return undefined;
    if (!WHOLE.test(text)) throw unreadable(token);
    return Number(text);
  };
  const skip = number("skip");
  if (skip === undefined) throw unreadable(token);
  const seen = params.get("seen")?.split(".").filter((hash) => hash !== "") ?? [];
  return { skip, count: number("count"), limit: number("limit"), seen };
}

function writeToken(cursor: Cursor): string {
  const params = new URLSearchParams({ skip: String(cursor.skip) });
  if (cursor.count !== undefined) params.set("count", String(cursor.count));
  if (cursor.limit !== undefined) params.set("limit", String(cursor.limit));
  if (cursor.seen.length > 0) params.set("seen", cursor.seen.join("."));
  return params.toString();
}

/** Fetches all `requests` at once; the first failure aborts the others and is the one thrown. */
async function fetchTogether<T>(source: PageSource<T>, requests: PageRequest[], signal: AbortSignal): Promise<ListPage<T>[]> {
  if (requests.length === 1) return [await source(requests[0]!, signal)];
  const siblings = new AbortController();
  const combined = AbortSignal.any([signal, siblings.signal]);
  return Promise.all(
    requests.map((request) =>
      source(request, combined).catch((error: unknown) => {
        siblings.abort(error);
        throw error;
      }),
    ),
  );
}

/**
 * One engine call's worth of pages from `token` on (undefined: the start of the list), and the
 * token of the next call (undefined: the list is done).
 */
export async function fetchPages<T>(
  list: PagedList<T>,
  token: string | undefined,
  options: PagingOptions,
  ctx: PagerContext,
): Promise<{ items: T[]; nextPageToken?: string; total?: number }> {
  const cursor = readToken(token);
  const limit = cursor.limit ?? options.limit;
  let pages = 1;
  if (cursor.count !== undefined) {
    const remaining = Math.max(0, cursor.count - cursor.skip);
    pages = Math.min(Math.max(1, options.pagesPerCall), Math.max(1, Math.ceil(remaining / limit)));
  }
  const requests = Array.from({ length: pages }, (_, index) => ({ skip: cursor.skip + index * limit, limit }));
  const answers = await fetchTogether(list.source, requests, ctx.signal);

  const items: T[] = [];
  let position = cursor.skip;
  let count: number | undefined;
  let stride = cursor.limit;
  let done = false;
  const firsts = new Set(cursor.seen);
  const seen: string[] = [];
  for (const [index, answer] of answers.entries()) {
    // An earlier page was shorter or longer than asked: this one starts elsewhere, so it is
    // dropped and the next call asks again from where the data actually reached.
    if (requests[index]!.skip !== position) break;
    const first = answer.items.length > 0 ? shortHash(list.keyOf(answer.items[0]!)) : undefined;
    if (first !== undefined && firsts.has(first)) {
      throw new SyncError(`Runlayer repeated a page of ${list.what}: the page at skip=${position} starts with an item an earlier page started with; stopping instead of dropping the items it hides`, {
        hint: "run the sync again: it resumes from the last page committed",
      });
    }
    if (first !== undefined) {
      firsts.add(first);
      seen.push(first);
    }
    items.push(...answer.items);
    position += answer.items.length;
    if (answer.count !== undefined) count = Math.max(count ?? 0, answer.count);
    const short = answer.items.length < limit;
    if (answer.items.length === 0 || (short && answer.count === undefined)) {
      // The CLI's rule for a bare array: a short page is the last one. An empty page always is.
      done = true;
      break;
    }
    if (short && answer.count !== undefined && position < answer.count) {
      ctx.logger.debug("Runlayer served a shorter page than asked while more items remain; asking for that size from now on", {
        asked: limit,
        served: answer.items.length,
        skip: requests[index]!.skip,
        count: answer.count,
      });
      stride = answer.items.length;
    }
  }
  if (!done && count !== undefined && position >= count) done = true;
  // The announced count goes along for progress only; paging above never trusts it alone.
  const total = count ?? cursor.count;
  const announced = total !== undefined ? { total } : {};
  return done ? { items, ...announced } : { items, ...announced, nextPageToken: writeToken({ skip: position, count, limit: stride, seen }) };
}

/** Every page of a list, for the few lists that must be read whole (see roles.ts). */
export async function fetchAllPages<T>(list: PagedList<T>, options: PagingOptions, ctx: PagerContext): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPages(list, token, options, ctx);
    all.push(...page.items);
    token = page.nextPageToken;
  } while (token !== undefined);
  return all;
}
