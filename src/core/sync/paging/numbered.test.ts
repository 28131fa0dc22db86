import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isIdsyncError } from "../../errors/index.ts";
import { createLogger, silentLogger, type Logger } from "../../log/index.ts";
import type { Page, SyncContext } from "../connector.ts";
import { numberedPage, type NumberedListing, type NumberedPageAnswer } from "./numbered.ts";
import { pageOfParts } from "./pagers.ts";

/** A context whose log lines (at `level` and above) are kept. */
function recording(level: "debug" | "warn" = "debug"): SyncContext & { lines: string[] } {
  const lines: string[] = [];
  const stream = { write: (chunk: string) => lines.push(chunk) > 0 } as unknown as NodeJS.WritableStream;
  const logger: Logger = createLogger({ level, format: "json", stream: stream as never });
  return { signal: new AbortController().signal, logger, lines };
}
const ctx: SyncContext = { signal: new AbortController().signal, logger: silentLogger };

/** Ids id-001…, sorted as strings as they are as numbers. */
const id = (n: number): string => `id-${String(n).padStart(3, "0")}`;
const ids = (from: number, count: number): string[] => Array.from({ length: count }, (_, index) => id(from + index));

/** `count` items sorted by id, served `pageSize` a page (at most `cap`), the last page saying so; `asked` records the pages read. */
function sortedListing(
  count: number,
  options: { pageSize?: number; cap?: number } = {},
): NumberedListing<string> & { asked: number[] } {
  const pageSize = options.pageSize ?? 4;
  const all = ids(1, count);
  const asked: number[] = [];
  return {
    api: "Test",
    what: "items",
    pageSize,
    keyOf: (item) => item,
    sortedByKey: true,
    asked,
    fetch({ page, pageSize: size }) {
      asked.push(page);
      const stride = Math.min(size, options.cap ?? size);
      const items = all.slice((page - 1) * stride, page * stride);
      return Promise.resolve({ items, lastPage: page * stride >= all.length });
    },
  };
}

/** The same listing answering with `answers` in turn (the last one repeated), counting reads. */
function answering(
  listing: NumberedListing<string>,
  ...answers: Array<NumberedPageAnswer<string>>
): NumberedListing<string> & { reads: () => number } {
  let reads = 0;
  return {
    ...listing,
    fetch: () => Promise.resolve(answers[Math.min(reads++, answers.length - 1)]!),
    reads: () => reads,
  };
}

async function drain<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  from?: string,
): Promise<{ items: T[]; tokens: string[] }> {
  const items: T[] = [];
  const tokens: string[] = [];
  let token = from;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextPageToken;
    if (token !== undefined) tokens.push(token);
  } while (token !== undefined && tokens.length < 1000);
  return { items, tokens };
}

const page = (items: string[], lastPage = false): NumberedPageAnswer<string> => ({ items, lastPage });

function assertFails(message: RegExp) {
  return (error: unknown) => {
    assert.ok(isIdsyncError(error), String(error));
    assert.equal(error.kind, "sync-failed");
    assert.match(error.message, message);
    assert.match(error.hint ?? "", /the next run starts this listing over from its first page/);
    return true;
  };
}

describe("numberedPage", () => {
  it("reads page after page until the API says the last, one request each, in versioned tokens", async () => {
    const listing = sortedListing(10);
    const all = await drain((token) => numberedPage(listing, token, ctx));
    assert.deepEqual(all.items, ids(1, 10));
    assert.deepEqual(listing.asked, [1, 2, 3]);
    for (const token of all.tokens) assert.match(token, /^v1:[A-Za-z0-9_-]+$/);
  });

  it("a resume continues at the page its token names, with the guards of the pages before", async () => {
    const listing = sortedListing(10);
    const first = await numberedPage(listing, undefined, ctx);
    listing.asked.length = 0;
    const rest = await drain((token) => numberedPage(listing, token, ctx), first.nextPageToken);
    assert.deepEqual(rest.items, ids(5, 6));
    assert.deepEqual(listing.asked, [2, 3]);
    const stale = answering(listing, page(ids(4, 4)));
    await assert.rejects(
      numberedPage(stale, first.nextPageToken, ctx),
      assertFails(/^Test's page 2 of items holds id-004, which belongs to an earlier page; a page was repeated/),
    );
  });

  it("counts from the first page the API numbers", async () => {
    const listing = sortedListing(6);
    const zeroBased = {
      ...listing,
      firstPage: 0,
      fetch: (request: { page: number; pageSize: number }, signal: AbortSignal) =>
        listing.fetch({ ...request, page: request.page + 1 }, signal),
    };
    assert.deepEqual((await drain((token) => numberedPage(zeroBased, token, ctx))).items, ids(1, 6));
  });

  it("a token of an older format, or a damaged one, restarts the listing, saying so at debug", async () => {
    const recorded = recording();
    for (const old of [
      "3:5c7c6a80aa4f22298a68d2f5",
      "3:5c7c6a80aa4f22298a68d2f5:200",
      "LIMITED/2:5a05",
      "2",
      "v1:e30",
      "v1:not-json",
    ]) {
      const listing = sortedListing(10);
      const first = await numberedPage(listing, old, recorded);
      assert.deepEqual(first.items, ids(1, 4), old);
      assert.deepEqual(listing.asked, [1], old);
    }
    assert.equal(recorded.lines.length, 6);
    assert.match(recorded.lines[0]!, /"level":"debug".*starts over from its first page.*"listing":"items"/);
  });

  it("a repeated page fails where the API sorts by key: ids at or below the pages before's highest", async () => {
    const listing = sortedListing(20);
    const first = await numberedPage(listing, undefined, ctx);
    const second = await numberedPage(listing, first.nextPageToken, ctx);
    for (const repeated of [ids(1, 4), ids(5, 4), [id(9), id(10), id(3), id(11)]]) {
      await assert.rejects(
        numberedPage(answering(listing, page(repeated)), second.nextPageToken, ctx),
        assertFails(/^Test's page 3 of items holds id-0\d\d, which belongs to an earlier page/),
      );
    }
  });

  it("without a sort, a page starting as one of the pages before started is a repeat", async () => {
    const listing = { ...sortedListing(20), sortedByKey: false };
    const first = await numberedPage(listing, undefined, ctx);
    const second = await numberedPage(listing, first.nextPageToken, ctx);
    const stale = answering(listing, page(ids(1, 4)));
    await assert.rejects(
      numberedPage(stale, second.nextPageToken, ctx),
      assertFails(/^Test repeated a page of items: page 3 starts with an item an earlier page started with/),
    );
    const shuffled = answering(listing, page([id(12), id(9), id(10), id(11)]));
    assert.equal(
      (await numberedPage(shuffled, second.nextPageToken, ctx)).items.length,
      4,
      "unsorted: only the first item is compared",
    );
  });

  it("a stale short page saying more follow is read again, and the full answer used as it is", async () => {
    const listing = answering(sortedListing(10), page(ids(1, 1)), page(ids(1, 4)));
    const got = await numberedPage(listing, undefined, ctx);
    assert.equal(listing.reads(), 2);
    assert.deepEqual(got.items, ids(1, 4));
    const later = sortedListing(10);
    assert.deepEqual(
      (await drain((token) => numberedPage(later, token, ctx), got.nextPageToken)).items,
      ids(5, 6),
      "no cap: pages of 4 from then on",
    );
  });

  it("short twice alike is the server's cap, said once at warn: every later page must hold that many, or fewer on the last", async () => {
    const recorded = recording("warn");
    const listing = sortedListing(7, { cap: 2 });
    const all = await drain((token) => numberedPage(listing, token, recorded));
    assert.deepEqual(all.items, ids(1, 7));
    assert.deepEqual(listing.asked, [1, 1, 2, 3, 4], "page 1 read twice before taken as a cap");
    assert.equal(recorded.lines.length, 1);
    assert.match(recorded.lines[0]!, /Test serves 2 items per page, fewer than the 4 asked for; paging at that size/);
    const capped = all.tokens[0];
    await assert.rejects(
      numberedPage(answering(listing, page(ids(3, 3))), capped, ctx),
      assertFails(/page 2 of items holds 3 items where a page holds at most 2, read twice: items would be missing/),
    );
    await assert.rejects(
      numberedPage(answering(listing, page(ids(3, 1))), capped, ctx),
      assertFails(/page 2 of items holds 1 items and says more follow, where every page before held 2, read twice/),
    );
    await assert.rejects(
      numberedPage(answering(listing, page([], true)), capped, ctx),
      assertFails(/page 2 of items is empty, though the page before was short/),
    );
    assert.deepEqual(
      (await numberedPage(answering(listing, page(ids(3, 1), true)), capped, ctx)).items,
      ids(3, 1),
      "fewer on the last",
    );
  });

  it("what cannot add up, read twice, fails the listing naming the page: a gap is never stored as done", async () => {
    const base = sortedListing(20);
    const cases: Array<[NumberedPageAnswer<string>[], RegExp]> = [
      [[page(ids(1, 5))], /page 1 of items holds 5 items where a page holds at most 4, read twice/],
      [
        [page(ids(1, 1)), page(ids(1, 3))],
        /page 1 of items held 1, then 3 items of the 4 asked for, each time saying more follow/,
      ],
      [[page([])], /page 1 of items is empty and says more follow, read twice/],
    ];
    for (const [answers, message] of cases) {
      const listing = answering(base, ...answers);
      await assert.rejects(numberedPage(listing, undefined, ctx), assertFails(message));
      assert.equal(listing.reads(), 2, "read twice before failing");
    }
  });

  it("a full page, a short last page and an empty last page after full ones pass at the first read", async () => {
    for (const answer of [page(ids(1, 4)), page(ids(1, 3), true), page([], true)]) {
      const listing = answering(sortedListing(4), answer);
      await numberedPage(listing, undefined, ctx);
      assert.equal(listing.reads(), 1);
    }
  });
});

describe("pageOfParts over paged parts", () => {
  it("pages each part with its own pager, then the next part; a resume continues inside a part", async () => {
    const a = sortedListing(6);
    const b = { ...sortedListing(3), what: "more items" };
    const parts = [
      (token: string | undefined) => numberedPage(a, token, ctx),
      () => Promise.resolve(["whole"]),
      (token: string | undefined) => numberedPage(b, token, ctx),
    ];
    const all = await drain((token) => pageOfParts(parts, token, ctx, "everything"));
    assert.deepEqual(all.items, [...ids(1, 6), "whole", ...ids(1, 3)]);
    assert.equal(all.tokens.length, 3);
    a.asked.length = 0;
    const resumed = await drain((token) => pageOfParts(parts, token, ctx, "everything"), all.tokens[0]);
    assert.deepEqual(resumed.items, [...ids(5, 2), "whole", ...ids(1, 3)]);
    assert.deepEqual(a.asked, [2]);
  });

  it("a part's guard still fails the listing through the part's token", async () => {
    const a = sortedListing(12);
    const parts = [(token: string | undefined) => numberedPage(a, token, ctx)];
    const first = await pageOfParts(parts, undefined, ctx, "everything");
    const stale = answering(a, page(ids(1, 4)));
    await assert.rejects(
      pageOfParts([(token) => numberedPage(stale, token, ctx)], first.nextPageToken, ctx, "everything"),
      assertFails(/page 2 of items holds id-001/),
    );
  });
});
