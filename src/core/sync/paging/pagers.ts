/**
 * @module
 * One pager per paging shape the APIs have, each answering one engine call with one page (the
 * engine owns every loop and all concurrency, connector.ts) and a versioned token (token.ts):
 *
 * - {@link pageOfList}: a list the connector already holds whole (an unpaged API answer),
 *   handed to the engine in slices.
 * - {@link pageOfParts}: a listing made of lists read in turn (members, then API keys), each
 *   whole or paged by its own pager.
 * - {@link skipLimitPage}: `skip`/`limit` pages with a total count.
 * - {@link cursorPage}: pages chained by a cursor the API returns.
 * - numbered pages, the answer saying whether it was the last: numbered.ts.
 *
 * A connector names its listing (`what`, for messages) and says how to fetch one page; the
 * pager keeps the position, checks each page (guards.ts) and writes the token.
 */
import type { Page, SyncContext } from "../connector.ts";
import { firstsAfter, REMEMBERED_FIRSTS, repeatedPageError, shortHash } from "./guards.ts";
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
export function pageOfList<T, R = T>(
  items: readonly T[],
  token: string | undefined,
  ctx: SyncContext,
  options: ListSliceOptions<T, R>,
): Page<R> {
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
  /** The token of the part's page, when the part is itself paged and past its first page. */
  inner?: string;
}
const isPartPosition = (position: PagePosition): position is PartPosition =>
  isCount(position["part"]) &&
  (position["inner"] === undefined || (typeof position["inner"] === "string" && position["inner"] !== ""));

/**
 * A part of {@link pageOfParts}: a whole list (an array), or one page of a paged listing read
 * with `token`, its own pager's (undefined for its first page).
 */
export type ListingPart<T> = (token: string | undefined) => Promise<T[] | Page<T>>;

/**
 * The parts in turn: a whole-list part is one page, a paged part as many as its pager gives.
 * The token holds the part and the part's own token, so each part keeps its pager's guards.
 */
export async function pageOfParts<T>(
  parts: ReadonlyArray<ListingPart<T>>,
  token: string | undefined,
  ctx: SyncContext,
  what: string,
): Promise<Page<T>> {
  const position = readPageToken(token, what, ctx.logger, isPartPosition) ?? { part: 0 };
  const read = parts[position.part];
  if (read === undefined) return { items: [] };
  const answer = await read(position.inner);
  const page: Page<T> = Array.isArray(answer) ? { items: answer } : answer;
  const items = page.items;
  if (page.nextPageToken !== undefined && page.nextPageToken !== "")
    return { items, nextPageToken: writePageToken({ part: position.part, inner: page.nextPageToken }) };
  return position.part + 1 < parts.length
    ? { items, nextPageToken: writePageToken({ part: position.part + 1 }) }
    : { items };
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
  fetch(
    request: { skip: number; limit: number },
    signal: AbortSignal,
  ): Promise<{ items: T[]; total: number | undefined }>;
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
  (position["firsts"] === undefined ||
    (Array.isArray(position["firsts"]) && position["firsts"].every((hash) => typeof hash === "string")));

/**
 * The page at the token's `skip`. The next page starts after the last item actually received,
 * so a server that caps `limit` loses nothing: a short page while the total says more remain is
 * read again, and if it is short again, taken as the cap; later pages ask for that size. A listing ends on an empty page, on a
 * short page without a total, or once the total is reached.
 */
export async function skipLimitPage<T>(
  listing: SkipLimitListing<T>,
  token: string | undefined,
  ctx: SyncContext,
): Promise<Page<T>> {
  const position = readPageToken(token, listing.what, ctx.logger, isSkipPosition) ?? { skip: 0 };
  const limit = position.limit ?? listing.limit;
  const ahead = pagesAhead(position, limit, ctx);
  if (ahead > 0) {
    const run = await readRun(listing, position, limit, ahead, ctx);
    if (run !== undefined) return run;
  }
  const request = { skip: position.skip, limit };
  let answer = await listing.fetch(request, ctx.signal);
  if (position.limit === undefined && unexplainedShortPage(answer, request)) {
    // Before the server showed a cap, a short page may be a stale answer (validation's one-item
    // probe served again by a cache) rather than a cap: taken as a cap, it would page the rest
    // one item per request. Read once more; only a second short answer sets the page size.
    ctx.logger.debug(`${listing.api} served a shorter page than asked while more items remain; reading it again`, {
      listing: listing.what,
      skip: request.skip,
      served: answer.items.length,
    });
    answer = await listing.fetch(request, ctx.signal);
  }
  const items = answer.items;
  const first = items.length > 0 ? shortHash(listing.keyOf(items[0]!)) : undefined;
  const firsts = position.firsts ?? [];
  if (first !== undefined && firsts.includes(first)) {
    throw repeatedPageError(
      listing.api,
      listing.what,
      `the page at skip=${position.skip}`,
      "starts with an item an earlier page started with",
    );
  }
  const reached = position.skip + items.length;
  const total = answer.total ?? position.total;
  const announced = total === undefined ? {} : { total };
  const short = items.length < limit;
  if (
    items.length === 0 ||
    (short && answer.total === undefined) ||
    (answer.total !== undefined && reached >= answer.total)
  ) {
    return { items, ...announced };
  }
  let stride = position.limit;
  if (short) {
    ctx.logger.debug(
      `${listing.api} served a shorter page than asked while more items remain; asking for that size from now on`,
      {
        asked: limit,
        served: items.length,
        skip: position.skip,
        count: answer.total,
      },
    );
    stride = items.length;
  }
  const next: SkipPosition = { skip: reached, total: answer.total, limit: stride };
  if (first !== undefined) next.firsts = firstsAfter(firsts, first);
  return { items, ...announced, nextPageToken: writePageToken(next) };
}

/**
 * How many pages after this one to read with it: once a total is known, the positions of the
 * pages that follow are too, so up to `ctx.readAhead` requests go out at once (the engine sets it
 * from its concurrency; the client's rate limit and in-flight bound still hold). Not on the
 * first page, whose answer brings the total, nor past the total.
 */
function pagesAhead(position: SkipPosition, limit: number, ctx: SyncContext): number {
  const wanted = (ctx.readAhead ?? 1) - 1;
  if (wanted <= 0 || position.total === undefined) return 0;
  const remaining = Math.ceil((position.total - position.skip) / limit);
  return Math.max(0, Math.min(wanted, remaining - 1));
}

/**
 * The pages at `skip`, `skip + limit`, … read at once and handed over as one page, in order. Only
 * a run of full pages is taken (or a short one that reaches the total, which ends the listing):
 * a page shorter than asked while more remain ends the run, and what follows it is dropped, so
 * no item is skipped. Undefined when even the first page is not full, which the one-page path
 * then reads (and judges) again on its own. Each page's first item is checked against the pages
 * before, as one page at a time would.
 */
async function readRun<T>(
  listing: SkipLimitListing<T>,
  position: SkipPosition,
  limit: number,
  ahead: number,
  ctx: SyncContext,
): Promise<Page<T> | undefined> {
  const requests = Array.from({ length: ahead + 1 }, (_, index) => ({ skip: position.skip + index * limit, limit }));
  const answers = await Promise.all(requests.map((request) => listing.fetch(request, ctx.signal)));
  const items: T[] = [];
  const firsts = [...(position.firsts ?? [])];
  let total = position.total;
  let ended = false;
  for (const [index, answer] of answers.entries()) {
    const skip = position.skip + index * limit;
    const reachesTotal = answer.total !== undefined && skip + answer.items.length >= answer.total;
    if (answer.items.length === 0 || (answer.items.length < limit && !reachesTotal)) break;
    const first = shortHash(listing.keyOf(answer.items[0]!));
    if (firsts.includes(first))
      throw repeatedPageError(
        listing.api,
        listing.what,
        `the page at skip=${skip}`,
        "starts with an item an earlier page started with",
      );
    firsts.push(first);
    items.push(...answer.items);
    total = answer.total ?? total;
    if (reachesTotal || answer.total === undefined) {
      ended = reachesTotal;
      break;
    }
  }
  if (items.length === 0) return undefined;
  const announced = total === undefined ? {} : { total };
  if (ended) return { items, ...announced };
  const next: SkipPosition = {
    skip: position.skip + items.length,
    ...announced,
    ...(position.limit === undefined ? {} : { limit: position.limit }),
    firsts: firsts.slice(-REMEMBERED_FIRSTS),
  };
  return { items, ...announced, nextPageToken: writePageToken(next) };
}

/** A page, not the last by the total, shorter than asked for. */
function unexplainedShortPage(
  answer: { items: unknown[]; total: number | undefined },
  request: { skip: number; limit: number },
): boolean {
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
const isCursorPosition = (position: PagePosition): position is CursorPosition =>
  typeof position["cursor"] === "string" && position["cursor"] !== "";

/** The page after the token's cursor. A cursor that names the page it came with is a repeat. */
export async function cursorPage<T>(
  listing: CursorListing<T>,
  token: string | undefined,
  ctx: SyncContext,
): Promise<Page<T>> {
  const cursor = readPageToken(token, listing.what, ctx.logger, isCursorPosition)?.cursor;
  const answer = await listing.fetch(cursor, ctx.signal);
  const next = answer.next === "" ? undefined : answer.next;
  if (next === undefined) return { items: answer.items };
  if (next === cursor)
    throw repeatedPageError(
      listing.api,
      listing.what,
      "the page after cursor",
      `"${next.slice(0, 40)}" names that same cursor as its next`,
    );
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
