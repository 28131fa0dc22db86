/**
 * @module
 * The member listing, in passes, as both the users listing and the roles listing's own walk read
 * it (users.ts, roles.ts).
 *
 * Why passes: without `account-statuses`, `GET …/users` lists only ACTIVE,
 * PENDING_EMAIL_VERIFICATION and NOT_REGISTERED accounts, and the official OpenAPI types that
 * parameter as one string, example `LIMITED` (docs.clockify.me, operation getUsersOfWorkspace;
 * PyClockifyClient `clockify_client/api_objects/user.py` types it as a plain string too). A
 * comma-separated list is documented nowhere. So every request has a documented form: a first
 * pass without the parameter, then one pass per status that pass leaves out, one value each.
 * Each account has exactly one status, so the passes never overlap.
 *
 * A 400 naming `account-statuses` on a pass's first page means this Clockify instance does not
 * take that value. The pass is skipped with a warning naming it, rather than ending the sync with
 * nothing: the other passes' members are still the whole truth about them, and the warning says
 * which accounts are missing.
 *
 * A page token is `<pass>/<page token of paging.ts>`, e.g. `LIMITED/2:5c7c6a80aa4f22298a68d2f5`,
 * so each pass keeps paging.ts's check against repeated pages.
 */
import { ApiError, type SyncContext } from "../../core/kit.ts";
import type { ApiUser, ListPage } from "./client.ts";
import { cursorFromToken, readPage, type PageCursor } from "./paging.ts";

/** What the member listing needs of the API. */
export interface MembersSource {
  usersPage(page: number, pageSize: number, options?: { accountStatus?: string | undefined; signal?: AbortSignal | undefined }): Promise<ListPage<ApiUser>>;
}

/** The passes, in order. `accountStatus` undefined leaves the parameter out (Clockify's default set). */
export const MEMBER_PASSES: readonly { name: string; accountStatus: string | undefined }[] = [
  { name: "default", accountStatus: undefined },
  { name: "LIMITED", accountStatus: "LIMITED" },
  { name: "DELETED", accountStatus: "DELETED" },
  { name: "LIMITED_DELETED", accountStatus: "LIMITED_DELETED" },
];

export interface MemberCursor {
  /** Index into MEMBER_PASSES. */
  pass: number;
  page: PageCursor;
}

export interface MemberPage {
  users: ApiUser[];
  /** Undefined after the last page of the last pass. */
  nextPageToken: string | undefined;
}

const FIRST_PAGE: PageCursor = { page: 1, afterId: undefined };

function passToken(pass: number, inner: string): string | undefined {
  const entry = MEMBER_PASSES[pass];
  return entry === undefined ? undefined : `${entry.name}/${inner}`;
}

/**
 * The cursor a token names; no token is the first page of the first pass. A token without a pass
 * comes from an idsync that listed members in one request: it is no position in these passes, so
 * the listing starts over (rows already stored are written again, in place).
 */
export function memberCursorFromToken(token: string | undefined, ctx: SyncContext): MemberCursor {
  if (token === undefined || token === "") return { pass: 0, page: FIRST_PAGE };
  const slash = token.indexOf("/");
  if (slash < 0) {
    ctx.logger.warn("the checkpoint's member page token predates the listing in passes; listing the members from the start", { token: token.slice(0, 40) });
    return { pass: 0, page: FIRST_PAGE };
  }
  const name = token.slice(0, slash);
  const inner = token.slice(slash + 1);
  const pass = MEMBER_PASSES.findIndex((entry) => entry.name === name);
  // An unknown pass name or an empty page part is a damaged token: paging.ts refuses the whole
  // token the way it refuses any other (an empty one alone would mean "the first page").
  return { pass: pass < 0 ? 0 : pass, page: cursorFromToken(pass < 0 || inner === "" ? token : inner) };
}

/** Whether an error is Clockify refusing the `account-statuses` value: a 400 whose answer names the parameter. */
export function refusesAccountStatuses(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && /account-statuses/i.test(`${error.message} ${error.body ?? ""}`);
}

/** One page of the member listing, and the token of the next. */
export async function fetchMemberPage(source: MembersSource, token: string | undefined, pageSize: number, ctx: SyncContext): Promise<MemberPage> {
  const cursor = memberCursorFromToken(token, ctx);
  const { accountStatus } = MEMBER_PASSES[cursor.pass] ?? { accountStatus: undefined };
  const what = accountStatus === undefined ? "members" : `members with ${accountStatus} accounts`;
  let read: { items: ApiUser[]; nextPageToken: string | undefined };
  try {
    read = await readPage(() => source.usersPage(cursor.page.page, pageSize, { accountStatus, signal: ctx.signal }), cursor.page, pageSize, what, ctx.logger);
  } catch (error) {
    // Only a pass's first page: a value refused half-way through would mean something else is wrong.
    if (accountStatus === undefined || cursor.page.page !== 1 || !refusesAccountStatuses(error)) throw error;
    ctx.logger.warn(`Clockify refused account-statuses=${accountStatus}: members whose account is ${accountStatus} are not in this sync`, {
      accountStatus,
      answer: error.message,
    });
    return { users: [], nextPageToken: passToken(cursor.pass + 1, "1") };
  }
  const inner = read.nextPageToken;
  return { users: read.items, nextPageToken: inner === undefined ? passToken(cursor.pass + 1, "1") : passToken(cursor.pass, inner) };
}
