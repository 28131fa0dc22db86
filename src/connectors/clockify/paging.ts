/**
 * @module
 * Page tokens for Clockify's numbered pages (shared/apis/clockify.md, "Pagination"), and the check
 * that numbered pages did not go back on themselves.
 *
 * Lists are requested sorted by id, ascending, so every page must hold only ids above the
 * highest one of the page before. A token carries that id along with the next page number
 * (`"3:5c7c6a80aa4f22298a68d2f5"`), which makes the check survive a restart. A repeated page —
 * which would store the previous page's items again and silently drop this page's — therefore
 * fails the sync instead, and the next run lists the members again from the first page.
 * ASSUMPTION: `sort-column=ID` orders by the ObjectId, whose lower-case hex text sorts the same.
 *
 * Rising ids alone let a gap through: a stale answer to page 1 (say, validation's one-member
 * probe served again) with `Last-Page: false` would be followed by page 2 of the real list, and
 * the members between would be missing. So every page must also have the length its place
 * allows. A page shorter than asked for that is not the last is read again: if the second answer
 * is full, it is used; if it is as short again, the server is taken to cap the page size there
 * (the token then carries that length, `"3:<id>:200"`), and every later page must hold exactly
 * that many, or fewer on the last. Whatever still does not add up fails the listing.
 */
import { REPAGE_HINT, SyncError, type Logger } from "../../core/kit.ts";
import type { ListPage } from "./client.ts";

export interface PageCursor {
  /** 1-based. */
  page: number;
  /** The highest id of the pages before, if any. */
  afterId: string | undefined;
  /** How many items the server puts on a page, once it showed it serves fewer than asked for. */
  pageLength?: number | undefined;
}

const TOKEN = /^([1-9][0-9]{0,8})(?::([^:]+)(?::([1-9][0-9]{0,8}))?)?$/;

/** The cursor a page token names; no token is the first page. */
export function cursorFromToken(token: string | undefined): PageCursor {
  if (token === undefined || token === "") return { page: 1, afterId: undefined };
  const match = TOKEN.exec(token);
  if (!match) throw new SyncError(`"${token.slice(0, 40)}" is not a Clockify page token`, { hint: "the checkpoint is damaged: delete the working copy beside the c1z file to start the sync over" });
  return { page: Number(match[1]), afterId: match[2], ...(match[3] === undefined ? {} : { pageLength: Number(match[3]) }) };
}

/** What makes a page impossible where it sits, or undefined when it follows from the pages before. */
export function pageProblem(cursor: PageCursor, result: ListPage<unknown>, pageSize: number): string | undefined {
  const count = result.items.length;
  const most = cursor.pageLength ?? pageSize;
  if (count > most) return `holds ${count} items where a page holds at most ${most}`;
  if (result.lastPage) {
    // Only after a full page can the list end on an empty one (a total that is a multiple of the page size).
    return count === 0 && cursor.pageLength !== undefined ? "is empty, though the page before was short and said more would follow" : undefined;
  }
  if (cursor.pageLength !== undefined && count !== cursor.pageLength) {
    return `holds ${count} items and says more follow, where every page before held ${cursor.pageLength}`;
  }
  return undefined;
}

/** A page not the last but shorter than asked for, before the server showed a cap: a stale answer, or a cap. */
function unexplainedShortPage(cursor: PageCursor, result: ListPage<unknown>, pageSize: number): boolean {
  return cursor.pageLength === undefined && !result.lastPage && result.items.length < pageSize;
}

/**
 * Reads one page and checks it against its place (see the module comment), reading it a second
 * time when the first answer does not add up.
 */
export async function readPage<T extends { id: string }>(
  fetch: () => Promise<ListPage<T>>,
  cursor: PageCursor,
  pageSize: number,
  what: string,
  logger: Logger,
): Promise<{ items: T[]; nextPageToken: string | undefined }> {
  let result = await fetch();
  if (pageProblem(cursor, result, pageSize) !== undefined || unexplainedShortPage(cursor, result, pageSize)) {
    const first = result.items.length;
    result = await fetch();
    const problem = pageProblem(cursor, result, pageSize);
    const where = `Clockify's page ${cursor.page} of ${what}`;
    const hint = REPAGE_HINT;
    if (problem !== undefined) throw new SyncError(`${where} ${problem}, read twice: members would be missing`, { hint });
    if (unexplainedShortPage(cursor, result, pageSize)) {
      if (result.items.length !== first) {
        throw new SyncError(`${where} held ${first}, then ${result.items.length} items of the ${pageSize} asked for, each time saying more follow`, { hint });
      }
      logger.warn(`Clockify serves ${result.items.length} ${what} per page, fewer than the ${pageSize} asked for; paging at that size`, { page: cursor.page });
    }
  }
  return { items: result.items, nextPageToken: nextToken(cursor, result, what, pageSize) };
}

/**
 * Checks a fetched page's ids against its cursor and gives the token of the next page (none
 * after the last). `what` names the list in the error, e.g. "members".
 */
export function nextToken(cursor: PageCursor, result: ListPage<{ id: string }>, what: string, pageSize: number): string | undefined {
  let highest = cursor.afterId;
  for (const { id } of result.items) {
    const key = id.toLowerCase();
    if (cursor.afterId !== undefined && key <= cursor.afterId) {
      throw new SyncError(`Clockify's page ${cursor.page} of ${what} holds ${id}, which belongs to an earlier page: a page was repeated or the list moved back`, {
        hint: REPAGE_HINT,
      });
    }
    if (highest === undefined || key > highest) highest = key;
  }
  if (result.lastPage) return undefined;
  const count = result.items.length;
  const pageLength = cursor.pageLength ?? (count > 0 && count < pageSize ? count : undefined);
  return [cursor.page + 1, highest, pageLength].filter((part) => part !== undefined).join(":");
}
