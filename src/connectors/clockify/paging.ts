/**
 * @module
 * Page tokens for Clockify's numbered pages (shared/apis/clockify.md, "Pagination"), and the check
 * that numbered pages did not go back on themselves.
 *
 * Lists are requested sorted by id, ascending, so every page must hold only ids above the
 * highest one of the page before. A token carries that id along with the next page number
 * (`"3:5c7c6a80aa4f22298a68d2f5"`), which makes the check survive a restart. A repeated page —
 * which would store the previous page's items again and silently drop this page's — therefore
 * fails the sync instead; the checkpoint lets the next run continue from the page before.
 * ASSUMPTION: `sort-column=ID` orders by the ObjectId, whose lower-case hex text sorts the same.
 */
import { SyncError } from "../../core/index.ts";
import type { ListPage } from "./client.ts";

export interface PageCursor {
  /** 1-based. */
  page: number;
  /** The highest id of the pages before, if any. */
  afterId: string | undefined;
}

const TOKEN = /^([1-9][0-9]{0,8})(?::([^:]+))?$/;

/** The cursor a page token names; no token is the first page. */
export function cursorFromToken(token: string | undefined): PageCursor {
  if (token === undefined || token === "") return { page: 1, afterId: undefined };
  const match = TOKEN.exec(token);
  if (!match) throw new SyncError(`"${token.slice(0, 40)}" is not a Clockify page token`, { hint: "the checkpoint is damaged: delete the working copy beside the c1z file to start the sync over" });
  return { page: Number(match[1]), afterId: match[2] };
}

/**
 * Checks a fetched page against its cursor and gives the token of the next page (none after the
 * last). `what` names the list in the error, e.g. "members".
 */
export function nextToken(cursor: PageCursor, result: ListPage<{ id: string }>, what: string): string | undefined {
  let highest = cursor.afterId;
  for (const { id } of result.items) {
    const key = id.toLowerCase();
    if (cursor.afterId !== undefined && key <= cursor.afterId) {
      throw new SyncError(`Clockify's page ${cursor.page} of ${what} holds ${id}, which belongs to an earlier page: a page was repeated or the list moved back`, {
        hint: "run the sync again; it continues from the last good page",
      });
    }
    if (highest === undefined || key > highest) highest = key;
  }
  return result.lastPage ? undefined : `${cursor.page + 1}${highest === undefined ? "" : `:${highest}`}`;
}
