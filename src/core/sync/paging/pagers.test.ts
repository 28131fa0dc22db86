import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isIdsyncError } from "../../errors/index.ts";
import { createLogger, silentLogger, type Logger } from "../../log/index.ts";
import type { Page, SyncContext } from "../connector.ts";
import {
  cursorPage,
  pageOfList,
  pageOfParts,
  readWholeListing,
  skipLimitPage,
  type SkipLimitListing,
} from "./pagers.ts";
import { readPageToken, writePageToken } from "./token.ts";

const ctx: SyncContext = { signal: new AbortController().signal, logger: silentLogger };
const range = (n: number): number[] => Array.from({ length: n }, (_, index) => index);

/** A debug logger whose lines are kept, for what the pagers say about restarted listings. */
function recordingContext(): SyncContext & { lines: string[] } {
  const lines: string[] = [];
  const stream = { write: (chunk: string) => lines.push(chunk) > 0 } as unknown as NodeJS.WritableStream;
  const logger: Logger = createLogger({ level: "debug", format: "json", stream: stream as never });
  return { signal: new AbortController().signal, logger, lines };
}

async function drain<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
): Promise<{ items: T[]; tokens: string[] }> {
  const items: T[] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextPageToken;
    if (token !== undefined) tokens.push(token);
  } while (token !== undefined && tokens.length < 1000);
  return { items, tokens };
}

/** `size` numbers served by skip/limit, honouring limit up to `cap`, with or without a total. */
function numbers(
  size: number,
  shape: { cap?: number; bare?: boolean } = {},
): SkipLimitListing<number> & { asked: Array<{ skip: number; limit: number }> } {
  const asked: Array<{ skip: number; limit: number }> = [];
  return {
    api: "Test",
    what: "numbers",
    limit: 100,
    keyOf: String,
    asked,
    fetch(request) {
      asked.push(request);
      const take = Math.min(request.limit, shape.cap ?? request.limit);
      return Promise.resolve({
        items: range(size).slice(request.skip, request.skip + take),
        total: shape.bare ? undefined : size,
      });
    },
  };
}

describe("page tokens", () => {
  it("are versioned and opaque, and read back to the position written", () => {
    const token = writePageToken({ skip: 300, total: 450 });
    assert.match(token, /^v1:[A-Za-z0-9_-]+$/);
    assert.deepEqual(
      readPageToken(token, "numbers", silentLogger, (p): p is { skip: number } => typeof p["skip"] === "number"),
      { skip: 300, total: 450 },
    );
  });

  it("a token of an older format restarts the listing, saying so at debug", async () => {
    const recording = recordingContext();
    const listing = numbers(250);
    for (const old of [
      "skip=100&count=250",
      "3:5c7c6a80aa4f22298a68d2f5",
      "500",
      "api-keys",
      "v1:not-json",
      "v0:e30",
    ]) {
      const page = await skipLimitPage(listing, old, recording);
      assert.deepEqual(page.items, range(100), old);
    }
    assert.equal(recording.lines.length, 6);
    assert.match(recording.lines[0]!, /"level":"debug".*starts over from its first page.*"listing":"numbers"/);
  });
});

describe("pageOfList", () => {
  it("slices a list held whole, and selects and maps on the way", async () => {
    const all = await drain((token) => Promise.resolve(pageOfList(range(7), token, ctx, { what: "numbers", size: 3 })));
    assert.deepEqual(all.items, range(7));
    assert.equal(all.tokens.length, 2);
    const odd = await drain((token) =>
      Promise.resolve(
        pageOfList(range(7), token, ctx, { what: "odd", size: 2, select: (n) => (n % 2 === 1 ? n * 10 : undefined) }),
      ),
    );
    assert.deepEqual(odd.items, [10, 30, 50]);
    assert.deepEqual(pageOfList([], undefined, ctx, { what: "none" }), { items: [] });
  });
});

describe("pageOfParts", () => {
  it("one page per whole list, in turn", async () => {
    const all = await drain((token) =>
      pageOfParts([() => Promise.resolve(["a", "b"]), () => Promise.resolve(["c"])], token, ctx, "letters"),
    );
    assert.deepEqual(all.items, ["a", "b", "c"]);
    assert.equal(all.tokens.length, 1);
  });
});

describe("skipLimitPage", () => {
  it("one request per page, continuing after the last item received, until the total", async () => {
    const listing = numbers(1050);
    const all = await drain((token) => skipLimitPage(listing, token, ctx));
    assert.deepEqual(all.items, range(1050));
    assert.deepEqual(
      listing.asked.map((request) => request.skip),
      range(11).map((index) => index * 100),
    );
  });

  it("takes a short page while more remain as the server's cap, and asks for that size from then on", async () => {
    const listing = numbers(250, { cap: 40 });
    const all = await drain((token) => skipLimitPage(listing, token, ctx));
    assert.deepEqual(all.items, range(250));
    assert.deepEqual(
      listing.asked.slice(0, 3),
      [
        { skip: 0, limit: 100 },
        { skip: 0, limit: 100 },
        { skip: 40, limit: 40 },
      ],
      "read twice before taken as a cap",
    );
    assert.equal(listing.asked.length, 8);
  });

  it("a stale short answer read again is not taken as a cap: the rest is not paged one item at a time", async () => {
    const listing = numbers(250);
    let stale = true;
    const once: SkipLimitListing<number> = {
      ...listing,
      fetch: (request, signal) => {
        if (!stale) return listing.fetch(request, signal);
        stale = false;
        return listing.fetch({ skip: 0, limit: 1 }, signal); // the one-item probe served again
      },
    };
    const all = await drain((token) => skipLimitPage(once, token, ctx));
    assert.deepEqual(all.items, range(250));
    assert.deepEqual(
      listing.asked.map((request) => request.skip),
      [0, 0, 100, 200],
    );
  });

  it("without a total, a short page is the last", async () => {
    const listing = numbers(150, { bare: true });
    const all = await drain((token) => skipLimitPage(listing, token, ctx));
    assert.deepEqual(all.items, range(150));
    assert.equal(listing.asked.length, 2);
  });

  it("with a read-ahead, reads the pages after the first together once the total is known, losing and repeating nothing", async () => {
    const listing = numbers(1050);
    const ahead: SyncContext = { ...ctx, readAhead: 4 };
    const pages: number[] = [];
    const all = await drain(async (token) => {
      const page = await skipLimitPage(listing, token, ahead);
      pages.push(page.items.length);
      return page;
    });
    assert.deepEqual(all.items, range(1050));
    assert.deepEqual(
      listing.asked.map((request) => request.skip),
      range(11).map((index) => index * 100),
      "each position asked once",
    );
    assert.deepEqual(pages, [100, 400, 400, 150], "the first page alone, then four requests at a time");
  });

  it("with a read-ahead, a capped server still loses no item: the run stops at the first short page", async () => {
    const listing = numbers(250, { cap: 40 });
    const all = await drain((token) => skipLimitPage(listing, token, { ...ctx, readAhead: 4 }));
    assert.deepEqual(all.items, range(250));
  });

  it("with a read-ahead, a page repeating an earlier one is refused as one page at a time would be", async () => {
    const listing = numbers(1000);
    const stuck: SkipLimitListing<number> = {
      ...listing,
      fetch: (request, signal) => listing.fetch({ ...request, skip: Math.min(request.skip, 300) }, signal),
    };
    await assert.rejects(
      drain((token) => skipLimitPage(stuck, token, { ...ctx, readAhead: 4 })),
      /earlier page/,
    );
  });

  it("announces the total for progress", async () => {
    assert.equal((await skipLimitPage(numbers(250), undefined, ctx)).total, 250);
    assert.deepEqual(await skipLimitPage(numbers(0), undefined, ctx), { items: [], total: 0 });
  });

  it("a repeated page fails the listing with a hint that says the next run starts it over", async () => {
    const listing = numbers(450);
    const first = await skipLimitPage(listing, undefined, ctx);
    const second = await skipLimitPage(listing, first.nextPageToken, ctx);
    const stale: SkipLimitListing<number> = {
      ...listing,
      fetch: () => listing.fetch({ skip: 100, limit: 100 }, ctx.signal),
    };
    await assert.rejects(skipLimitPage(stale, second.nextPageToken, ctx), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.equal(error.kind, "sync-failed");
      assert.match(
        error.message,
        /^Test repeated a page of numbers: the page at skip=200 starts with an item an earlier page started with/,
      );
      assert.match(error.hint ?? "", /the next run starts this listing over from its first page/);
      assert.doesNotMatch(error.hint ?? "", /resume|continue/);
      return true;
    });
  });

  it("catches a repeat of a page some pages back, not only of the page before", async () => {
    const listing = numbers(1000);
    const stale: SkipLimitListing<number> = {
      ...listing,
      fetch: (request, signal) => listing.fetch(request.skip === 500 ? { ...request, skip: 200 } : request, signal),
    };
    await assert.rejects(
      drain((token) => skipLimitPage(stale, token, ctx)),
      /the page at skip=500 starts with an item an earlier page started with/,
    );
  });
});

describe("cursorPage", () => {
  const pages = new Map<string | undefined, { items: string[]; next?: string }>([
    [undefined, { items: ["a"], next: "k1" }],
    ["k1", { items: ["b"], next: "k2" }],
    ["k2", { items: ["c"] }],
  ]);
  const listing = {
    api: "Test",
    what: "letters",
    fetch: (cursor: string | undefined) => Promise.resolve(pages.get(cursor)!),
  };

  it("follows the cursor the API returns", async () => {
    assert.deepEqual((await drain((token) => cursorPage(listing, token, ctx))).items, ["a", "b", "c"]);
  });

  it("a page naming its own cursor as the next is a repeat", async () => {
    const looping = { ...listing, fetch: () => Promise.resolve({ items: ["b"], next: "k1" }) };
    await assert.rejects(cursorPage(looping, writePageToken({ cursor: "k1" }), ctx), /Test repeated a page of letters/);
  });
});

describe("readWholeListing", () => {
  it("reads every page", async () => {
    assert.deepEqual(await readWholeListing((token) => skipLimitPage(numbers(230), token, ctx)), range(230));
  });
});
