/**
 * @module
 * The pager for numbered pages: `page=N&page-size=S`, the answer saying whether it was the last.
 * Numbered pages know nothing of the pages before them, so the pager carries what it learned in
 * its token and checks each page against it:
 *
 * - **Rising keys**, when the API sorts the listing by a key, ascending: every page must hold
 *   only keys above the highest of the pages before. A repeated page, or a listing that moved
 *   back (items deleted meanwhile shift later ones onto pages already read), breaks that.
 *   Without a sort, a page starting with an item one of the previous pages started with is a
 *   repeat, as for skip/limit pages.
 * - **Page lengths**: rising keys alone let a gap through. A stale answer to page 1 (validation's
 *   one-item probe served again by a cache) saying more follow would be followed by page 2 of the
 *   real listing, and the items between would be missing. So a page shorter than asked for that
 *   is not the last is read again: a full second answer is used; one as short again means the
 *   server caps the page size there, and from then on every page must hold exactly that many, or
 *   fewer on the last (an empty last page only after full ones). Whatever still does not add up
 *   after a second read fails the listing.
 *
 * A failed check fails the sync with the guards' hint (guards.ts); the next run lists again from
 * the first page.
 */
import type { Page, SyncContext } from "../connector.ts";
import { firstsAfter, pageMisfitError, repeatedPageError, shortHash } from "./guards.ts";
import { isCount, readPageToken, writePageToken, type PagePosition } from "./token.ts";

/** One numbered page as the API answered it. */
export interface NumberedPageAnswer<T> {
  items: T[];
  /** Whether the API said (or its answer showed) that no page follows. */
  lastPage: boolean;
}

export interface NumberedListing<T> {
  /** The product, for messages: `Clockify`. */
  api: string;
  /** Names the listing in messages, e.g. `members`. */
  what: string;
  /** Items asked per page. */
  pageSize: number;
  /** The number of the first page. @default 1 */
  firstPage?: number;
  /** What identifies an item: the key compared against earlier pages. */
  keyOf(item: T): string;
  /**
   * Whether the API returns the listing sorted by `keyOf`, ascending (compared as strings), so
   * that every page must hold only keys above the pages before's. @default false
   */
  sortedByKey?: boolean;
  fetch(request: { page: number; pageSize: number }, signal: AbortSignal): Promise<NumberedPageAnswer<T>>;
}

interface NumberedPosition extends PagePosition {
  page: number;
  /** The highest key of the pages before (sorted listings). */
  after?: string;
  /** Short hashes of the first keys of the pages before, the latest last (unsorted listings). */
  firsts?: string[];
  /** How many items the server puts on a page, once it showed it serves fewer than asked for. */
  length?: number;
}

const isNumberedPosition = (position: PagePosition): position is NumberedPosition =>
  isCount(position["page"]) &&
  (position["after"] === undefined || typeof position["after"] === "string") &&
  (position["length"] === undefined || isCount(position["length"], 1)) &&
  (position["firsts"] === undefined ||
    (Array.isArray(position["firsts"]) && position["firsts"].every((hash) => typeof hash === "string")));

/** The page the token names (the first without one), checked against the pages before it. */
export async function numberedPage<T>(
  listing: NumberedListing<T>,
  token: string | undefined,
  ctx: SyncContext,
): Promise<Page<T>> {
  const position = readPageToken(token, listing.what, ctx.logger, isNumberedPosition) ?? {
    page: listing.firstPage ?? 1,
  };
  const answer = await readCheckedLength(listing, position, ctx);
  const next = nextPosition(listing, position, answer);
  return next === undefined ? { items: answer.items } : { items: answer.items, nextPageToken: writePageToken(next) };
}

/** The page, read a second time when its length does not fit its place (see the module comment). */
async function readCheckedLength<T>(
  listing: NumberedListing<T>,
  position: NumberedPosition,
  ctx: SyncContext,
): Promise<NumberedPageAnswer<T>> {
  const request = { page: position.page, pageSize: listing.pageSize };
  const first = await listing.fetch(request, ctx.signal);
  if (lengthProblem(listing, position, first) === undefined && !unexplainedShortPage(listing, position, first))
    return first;
  ctx.logger.debug(
    `${listing.api}'s page ${position.page} of ${listing.what} does not fit the pages before; reading it again`,
    { served: first.items.length },
  );
  const second = await listing.fetch(request, ctx.signal);
  const problem = lengthProblem(listing, position, second);
  if (problem !== undefined)
    throw pageMisfitError(listing.api, listing.what, `page ${position.page}`, `${problem}, read twice`);
  if (unexplainedShortPage(listing, position, second)) {
    if (second.items.length !== first.items.length) {
      const detail = `held ${first.items.length}, then ${second.items.length} items of the ${listing.pageSize} asked for, each time saying more follow`;
      throw pageMisfitError(listing.api, listing.what, `page ${position.page}`, detail);
    }
    ctx.logger.warn(
      `${listing.api} serves ${second.items.length} ${listing.what} per page, fewer than the ${listing.pageSize} asked for; paging at that size`,
      {
        page: position.page,
      },
    );
  }
  return second;
}

/** What makes a page's length impossible where it sits, or undefined when it follows from the pages before. */
function lengthProblem(
  listing: NumberedListing<unknown>,
  position: NumberedPosition,
  answer: NumberedPageAnswer<unknown>,
): string | undefined {
  const count = answer.items.length;
  const most = position.length ?? listing.pageSize;
  if (count > most) return `holds ${count} items where a page holds at most ${most}`;
  if (answer.lastPage) {
    // Only after a full page can the listing end on an empty one (a total that is a multiple of the page size).
    return count === 0 && position.length !== undefined
      ? "is empty, though the page before was short and said more would follow"
      : undefined;
  }
  if (count === 0) return "is empty and says more follow";
  if (position.length !== undefined && count !== position.length)
    return `holds ${count} items and says more follow, where every page before held ${position.length}`;
  return undefined;
}

/** A page not the last but shorter than asked for, before the server showed a cap: a stale answer, or a cap. */
function unexplainedShortPage(
  listing: NumberedListing<unknown>,
  position: NumberedPosition,
  answer: NumberedPageAnswer<unknown>,
): boolean {
  return position.length === undefined && !answer.lastPage && answer.items.length < listing.pageSize;
}

/** Checks the page's keys against the pages before; the position of the next page, undefined after the last. */
function nextPosition<T>(
  listing: NumberedListing<T>,
  position: NumberedPosition,
  answer: NumberedPageAnswer<T>,
): NumberedPosition | undefined {
  const where = `page ${position.page}`;
  const count = answer.items.length;
  const next: NumberedPosition = { page: position.page + 1 };
  if (listing.sortedByKey) {
    let highest = position.after;
    for (const item of answer.items) {
      const key = listing.keyOf(item);
      if (position.after !== undefined && key <= position.after) {
        throw pageMisfitError(
          listing.api,
          listing.what,
          where,
          `holds ${key}, which belongs to an earlier page; a page was repeated or the list moved back`,
        );
      }
      if (highest === undefined || key > highest) highest = key;
    }
    if (highest !== undefined) next.after = highest;
  } else if (count > 0) {
    const first = shortHash(listing.keyOf(answer.items[0] as T));
    if (position.firsts?.includes(first))
      throw repeatedPageError(listing.api, listing.what, where, "starts with an item an earlier page started with");
    next.firsts = firstsAfter(position.firsts, first);
  }
  if (answer.lastPage) return undefined;
  const length = position.length ?? (count < listing.pageSize ? count : undefined);
  if (length !== undefined) next.length = length;
  return next;
}
