/**
 * @module
 * One pager per paging shape the APIs have, each answering one engine call with one page (the
 * engine owns every loop and all concurrency, connector.ts) and a versioned token (token.ts):
 *
 * - {@link pageOfList}: a list the connector already holds whole (an unpaged API answer),
 *   handed to the engine in slices.
 * - {@link pageOfParts}: a listing made of whole lists read in turn (members, then API keys).
 * - {@link skipLimitPage}: `skip`/`limit` pages with a total count.
 * - {@link cursorPage}: pages chained by a cursor the API returns.
 * - numbered pages: numbered.ts.
 *
 * A connector names its listing (`what`, for messages) and says how to fetch one page; the
 * pager keeps the position, checks each page (guards.ts) and writes the token.
 */
import type { Page, SyncContext } from "../connector.ts";
import { repeatedPageError, shortHash } from "./guards.ts";
import { isCount, readPageToken, writePageToken, type PagePosition } from "./token.ts";

/** Items per page handed to the engine from a list held whole: few pages, each write small. */
export const LIST_SLICE = 500;

export interface ListSliceOptions<T, R> {
  /** Names the listing in messages, e.g. `grants of role admin`. */
  what: string;
  /** @default LIST_SLICE */
  size?: number;
  /** Maps an item to what the page holds, or undefined to leave it out. @default the item itself */
  select?: (item: T) => R | undefined;
}

interface ListPosition extends PagePosition {
  at: number;
}
const isListPosition = (position: PagePosition): position is ListPosition => isCount(position["at"]);

/**
 * Up to `size` selected items from the token's position on. The position counts items of
 * `items` scanned, so a list fetched again after a restart continues where it was.
 */
export function pageOfList<T, R = T>(items: readonly T[], token: string | undefined, ctx: SyncContext, options: ListSliceOptions<T, R>): Page<R> {
  const size = options.size ?? LIST_SLICE;
  const select = options.select ?? ((item: T) => item as unknown as R);
  let index = readPageToken(token, options.what, ctx.logger, isListPosition)?.at ?? 0;
  const out: R[] = [];
  for (; index < items.length && out.length < size; index++) {
    const selected = select(items[index] as T);
    if (selected !== undefined) out.push(selected);
  }
  return index < items.length ? { items: out, nextPageToken: writePageToken({ at: index }) } : { items: out };
}

interface PartPosition extends PagePosition {
  part: number;
}
const isPartPosition = (position: PagePosition): position is PartPosition => isCount(position["part"], 1);

/** One page per part, each part a whole list read when its page is asked for. */
export async function pageOfParts<T>(parts: ReadonlyArray<() => Promise<T[]>>, token: string | undefined, ctx: SyncContext, what: string): Promise<Page<T>> {
  const part = readPageToken(token, what, ctx.logger, isPartPosition)?.part ?? 0;
  const read = parts[part];
  if (read === undefined) return { items: [] };
  const items = await read();
  return part + 1 < parts.length ? { items, nextPageToken: writePageToken({ part: part + 1 }) } : { items };
}

export interface SkipLimitListing<T> {
  /** The product, for messages: `Runlayer`. */
  api: string;
  what: string;
  /** Items asked per request. */
  limit: number;
  /** What identifies an item: a page starting with the item an earlier page started with is a repeat. */
  keyOf(item: T): string;
  /** `total` is undefined when the API sent a bare list. */
  fetch(request: { skip: number; limit: number }, signal: AbortSignal): Promise<{ items: T[]; total: number | undefined }>;
}

interface SkipPosition extends PagePosition {
  skip: number;
  /** The total the API announced, for progress. */
  total?: number;
  /** The page size to ask for, once the API showed it serves fewer than asked while more remain. */
  limit?: number;
  /** Short hashes of the first items of the pages before, the latest last. */
  firsts?: string[];
}
const isSkipPosition = (position: PagePosition): position is SkipPosition =>
  isCount(position["skip"]) &&
  (position["total"] === undefined || isCount(position["total"])) &&
  (position["limit"] === undefined || isCount(position["limit"], 1)) &&
  (position["firsts"] === undefined || (Array.isArray(position["firsts"]) && position["firsts"].every((hash) => typeof hash === "string")));

/** Pages back a repeat is caught: a stale body is most often of a page just before. */
const REMEMBERED_FIRSTS = 8;

/**
 * The page at the token's `skip`. The next page starts after the last item actually received,
 * so a server that caps `limit` loses nothing: a short page while the total says more remain is
 * read again, and if it is short again, taken as the cap; later pages ask for that size. A listing ends on an empty page, on a
 * short page without a total, or once the total is reached.
 */
export async function skipLimitPage<T>(listing: SkipLimitListing<T>, token: string | undefined, ctx: SyncContext): Promise<Page<T>> {
  const position = readPageToken(token, listing.what, ctx.logger, isSkipPosition) ?? { skip: 0 };
  const limit = position.limit ?? listing.limit;
  const request = { skip: position.skip, limit };
  let answer = await listing.fetch(request, ctx.signal);
  if (position.limit === undefined && unexplainedShortPage(answer, request)) {
    // Before the server showed a cap, a short page may be a stale answer (validation's one-item
    // probe served again by a cache) rather than a cap: taken as a cap, it would page the rest
    // one item per request. Read once more; only a second short answer sets the page size.
    ctx.logger.debug(`${listing.api} served a shorter page than asked while more items remain; reading it again`, { listing: listing.what, skip: request.skip, served: answer.items.length });
    answer = await listing.fetch(request, ctx.signal);
  }
  const items = answer.items;
  const first = items.length > 0 ? shortHash(listing.keyOf(items[0]!)) : undefined;
  const firsts = position.firsts ?? [];
  if (first !== undefined && firsts.includes(first)) {
    throw repeatedPageError(listing.api, listing.what, `the page at skip=${position.skip}`, "starts with an item an earlier page started with");
  }
  const reached = position.skip + items.length;
  const total = answer.total ?? position.total;
  const announced = total === undefined ? {} : { total };
  const short = items.length < limit;
  if (items.length === 0 || (short && answer.total === undefined) || (answer.total !== undefined && reached >= answer.total)) {
    return { items, ...announced };
  }
  let stride = position.limit;
  if (short) {
    ctx.logger.debug(`${listing.api} served a shorter page than asked while more items remain; asking for that size from now on`, {
      asked: limit,
      served: items.length,
      skip: position.skip,
      count: answer.total,
    });
    stride = items.length;
  }
  const next: SkipPosition = { skip: reached, total: answer.total, limit: stride };
  if (first !== undefined) next.firsts = [...firsts, first].slice(-REMEMBERED_FIRSTS);
  return { items, ...announced, nextPageToken: writePageToken(next) };
}

/** A page, not the last by the total, shorter than asked for. */
function unexplainedShortPage(answer: { items: unknown[]; total: number | undefined }, request: { skip: number; limit: number }): boolean {
  const count = answer.items.length;
  return answer.total !== undefined && count > 0 && count < request.limit && request.skip + count < answer.total;
}

export interface CursorListing<T> {
  api: string;
  what: string;
  /** The page after `cursor` (the first page when undefined), and the cursor of the one after it. */
  fetch(cursor: string | undefined, signal: AbortSignal): Promise<{ items: T[]; next?: string | undefined }>;
}

interface CursorPosition extends PagePosition {
  cursor: string;
}
const isCursorPosition = (position: PagePosition): position is CursorPosition => typeof position["cursor"] === "string" && position["cursor"] !== "";

/** The page after the token's cursor. A cursor that names the page it came with is a repeat. */
export async function cursorPage<T>(listing: CursorListing<T>, token: string | undefined, ctx: SyncContext): Promise<Page<T>> {
  const cursor = readPageToken(token, listing.what, ctx.logger, isCursorPosition)?.cursor;
  const answer = await listing.fetch(cursor, ctx.signal);
  const next = answer.next === "" ? undefined : answer.next;
  if (next === undefined) return { items: answer.items };
  if (next === cursor) throw repeatedPageError(listing.api, listing.what, "the page after cursor", `"${next.slice(0, 40)}" names that same cursor as its next`);
  return { items: answer.items, nextPageToken: writePageToken({ cursor: next }) };
}

/** Every page of a listing, for the few a connector must hold whole before answering. */
export async function readWholeListing<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...page.items);
    token = page.nextPageToken;
  } while (token !== undefined);
  return all;
}
