/**
 * @module
 * Clockify's lists as core's numbered pager reads them, and the member listing in passes.
 *
 * Lists are numbered pages (shared/apis/clockify.md, "Pagination"), requested sorted by id,
 * ascending, so the pager holds every page to ids above the pages before's and each page to the
 * length its place allows (core's numbered.ts says why both). ASSUMPTION: `sort-column=ID` orders
 * by the ObjectId, whose lower-case hex text sorts the same.
 *
 * The member listing is read in passes. Without `account-statuses`, `GET …/users` lists only
 * ACTIVE, PENDING_EMAIL_VERIFICATION and NOT_REGISTERED accounts, and the official OpenAPI types
 * that parameter as one string, example `LIMITED` (docs.clockify.me, operation
 * getUsersOfWorkspace; PyClockifyClient `clockify_client/api_objects/user.py` types it as a plain
 * string too). A comma-separated list is documented nowhere. So every request has a documented
 * form: a first pass without the parameter, then one pass per status that pass leaves out, one
 * value each. Each account has exactly one status, so the passes never overlap. Each pass is a
 * part of core's `pageOfParts`, paged by the numbered pager, so each keeps its guards.
 *
 * A 400 naming `account-statuses` on a pass's first page means this Clockify instance does not
 * take that value. The pass is skipped with a warning naming it, rather than ending the sync with
 * nothing: the other passes' members are still the whole truth about them, and the warning says
 * which accounts are missing.
 */
import {
  ApiError,
  numberedPage,
  pageOfParts,
  type NumberedListing,
  type NumberedPageAnswer,
  type Page,
  type SyncContext,
} from "../../core/kit.ts";
import type { ApiUser, ListUsersOptions } from "./client.ts";

/** A Clockify list of `what` (for messages), `pageSize` a page, sorted by id. */
export function clockifyListing<T extends { id: string }>(
  what: string,
  pageSize: number,
  fetch: (request: { page: number; pageSize: number }, signal: AbortSignal) => Promise<NumberedPageAnswer<T>>,
): NumberedListing<T> {
  // Ids are lower-case hex on the wire; compared without case all the same.
  return { api: "Clockify", what, pageSize, keyOf: (item) => item.id.toLowerCase(), sortedByKey: true, fetch };
}

/** What the member listing needs of the API. */
export interface MembersSource {
  listUsers(options: ListUsersOptions): Promise<NumberedPageAnswer<ApiUser>>;
}

/** The passes, in order. `accountStatus` undefined leaves the parameter out (Clockify's default set). */
export const MEMBER_PASSES: readonly { name: string; accountStatus: string | undefined }[] = [
  { name: "default", accountStatus: undefined },
  { name: "LIMITED", accountStatus: "LIMITED" },
  { name: "DELETED", accountStatus: "DELETED" },
  { name: "LIMITED_DELETED", accountStatus: "LIMITED_DELETED" },
];

/** Whether an error is Clockify refusing the `account-statuses` value: a 400 whose answer names the parameter. */
export function refusesAccountStatuses(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 400 &&
    /account-statuses/i.test(`${error.message} ${error.body ?? ""}`)
  );
}

/** One page of the member listing, every pass in turn, and the token of the next. */
export function memberPage(
  source: MembersSource,
  token: string | undefined,
  pageSize: number,
  ctx: SyncContext,
): Promise<Page<ApiUser>> {
  const passes = MEMBER_PASSES.map(
    ({ accountStatus }) =>
      (passToken: string | undefined) =>
        numberedPage(passListing(source, accountStatus, pageSize, ctx), passToken, ctx),
  );
  return pageOfParts(passes, token, ctx, "members");
}

function passListing(
  source: MembersSource,
  accountStatus: string | undefined,
  pageSize: number,
  ctx: SyncContext,
): NumberedListing<ApiUser> {
  const what = accountStatus === undefined ? "members" : `members with ${accountStatus} accounts`;
  return clockifyListing(what, pageSize, async ({ page, pageSize: size }, signal) => {
    try {
      return await source.listUsers({ page, pageSize: size, accountStatus, signal });
    } catch (error) {
      // Only a pass's first page: a value refused half-way through would mean something else is wrong.
      if (accountStatus === undefined || page !== 1 || !refusesAccountStatuses(error)) throw error;
      ctx.logger.warn(
        `Clockify refused account-statuses=${accountStatus}: members whose account is ${accountStatus} are not in this sync`,
        {
          accountStatus,
          answer: error.message,
        },
      );
      return { items: [], lastPage: true };
    }
  });
}
