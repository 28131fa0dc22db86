import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { silentLogger, skipLimitPage, writePageToken } from "../../core/index.ts";
import { FAST_HTTP, settingsFrom } from "../../testkit/index.ts";
import type { CountedPage, PageSource, SkipLimit } from "./client.ts";
import { createRunlayerConnector, runlayer } from "./index.ts";
import { runlayerListing } from "./paging.ts";
import { rowsOf, syncRunlayer } from "./_test-support.ts";

const ctx = { signal: new AbortController().signal, logger: silentLogger };

/**
 * An in-memory list served the ways an API may page: honouring `limit` up to `cap`, with or
 * without `count`. The pager takes its page source as a function, so its arithmetic is tested
 * here without any HTTP; the end-to-end tests below run it against the simulator.
 */
function list(
  size: number,
  shape: { cap?: number; bare?: boolean; ignoreLimit?: boolean } = {},
): { source: PageSource<number>; asked: SkipLimit[] } {
  const items = Array.from({ length: size }, (_, index) => index);
  const asked: SkipLimit[] = [];
  const source: PageSource<number> = (page) => {
    asked.push({ skip: page.skip, limit: page.limit });
    const take = shape.ignoreLimit ? size : Math.min(page.limit, shape.cap ?? page.limit);
    const slice = items.slice(page.skip, page.skip + take);
    const answer: CountedPage<number> = { items: slice, count: shape.bare ? undefined : size };
    return Promise.resolve(answer);
  };
  return { source, asked };
}

/** Items are numbers here; they are their own keys. */
const numbers = (source: PageSource<number>, limit = 100) => runlayerListing(source, "numbers", limit, String);

/** Follows the tokens to the end, one engine call per page, as the engine does. */
async function drain(source: PageSource<number>, limit: number): Promise<{ items: number[]; calls: number }> {
  const items: number[] = [];
  let token: string | undefined;
  let calls = 0;
  do {
    const page = await skipLimitPage(numbers(source, limit), token, ctx);
    calls++;
    items.push(...page.items);
    token = page.nextPageToken;
  } while (token !== undefined && calls < 1000);
  return { items, calls };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, index) => index);

describe("Runlayer paging", () => {
  it("one page per engine call: the engine, not the connector, fetches pages at once", async () => {
    const { source, asked } = list(1050);
    const result = await drain(source, 100);
    assert.deepEqual(result.items, range(1050));
    assert.equal(result.calls, 11);
    assert.deepEqual(
      asked.map((page) => page.skip),
      range(11).map((index) => index * 100),
    );
  });

  it("ends on an exact multiple of limit without asking for an empty page", async () => {
    const { source, asked } = list(300);
    assert.deepEqual((await drain(source, 100)).items, range(300));
    assert.equal(asked.length, 3);
    const empty = list(0);
    assert.deepEqual(await skipLimitPage(numbers(empty.source), undefined, ctx), { items: [], total: 0 });
  });

  it("passes the count Runlayer announces on as the listing's total, for progress; a bare array has none", async () => {
    const first = await skipLimitPage(numbers(list(1050).source), undefined, ctx);
    assert.equal(first.total, 1050);
    const page = await skipLimitPage(numbers(list(250, { bare: true }).source), undefined, ctx);
    assert.equal("total" in page, false);
  });

  it("pages a bare array and stops at the first short page, as the CLI does", async () => {
    const { source, asked } = list(250, { bare: true });
    assert.deepEqual((await drain(source, 100)).items, range(250));
    assert.equal(asked.length, 3);
  });

  it("loses nothing when the API serves fewer items than asked, and asks for that size from then on", async () => {
    const { source, asked } = list(430, { cap: 50 });
    assert.deepEqual((await drain(source, 100)).items, range(430));
    assert.ok(
      asked.slice(-3).every((page) => page.limit === 50),
      "later requests ask for the served size",
    );
  });

  it("loses nothing and repeats nothing when the API ignores limit", async () => {
    const result = await drain(list(730, { ignoreLimit: true }).source, 100);
    assert.deepEqual(result.items, range(730));
    assert.equal(result.calls, 1);
  });

  it("resumes from a saved token; a token of the old skip=&count= format starts the list over", async () => {
    const { source } = list(1050);
    const page = await skipLimitPage(numbers(source), writePageToken({ skip: 900, total: 1050 }), ctx);
    assert.deepEqual([page.items, page.total], [range(100).map((index) => index + 900), 1050]);
    assert.deepEqual(
      (await skipLimitPage(numbers(source), page.nextPageToken, ctx)).items,
      range(50).map((index) => index + 1000),
    );
    const restarted = await skipLimitPage(numbers(source), "skip=900&count=1050", ctx);
    assert.deepEqual(restarted.items, range(100));
  });

  it("fails on a page that repeats another", async () => {
    const items = range(1000);
    // The page at `badSkip` is answered with the body of the page at `asSkip`.
    const repeating =
      (badSkip: number, asSkip: number): PageSource<number> =>
      (page) => {
        const from = page.skip === badSkip ? asSkip : page.skip;
        return Promise.resolve({ items: items.slice(from, from + page.limit), count: items.length });
      };
    await assert.rejects(drain(repeating(300, 100), 100), /repeated a page of numbers: the page at skip=300/);
    await assert.rejects(drain(repeating(500, 400), 100), /repeated a page of numbers: the page at skip=500/);
    assert.deepEqual((await drain(repeating(-1, 0), 100)).items, items, "no repeat, no complaint");
  });

  it("stops when count promises more than the list holds", async () => {
    const source: PageSource<number> = (page) =>
      Promise.resolve({ items: page.skip === 0 ? range(100) : [], count: 5000 });
    assert.deepEqual((await drain(source, 100)).items, range(100));
  });
});

describe("Runlayer paging against the simulator", () => {
  it("the engine's concurrency yields the same data as one page at a time (2,000 users, 20 ms latency)", async (t) => {
    const simulator = { users: 2000, latencyMs: 20 };
    const sequential = await syncRunlayer(t, { simulator, concurrency: 1 });
    const concurrent = await syncRunlayer(t, { simulator });
    assert.equal(concurrent.reader.countResources(concurrent.syncId, { resourceType: "user" }), 2000);
    assert.deepEqual(rowsOf(concurrent.reader, concurrent.syncId), rowsOf(sequential.reader, sequential.syncId));
    assert.equal(concurrent.requests, sequential.requests, "the same pages, only fetched together");

    // Figures for the report, not assertions: wall time depends on the machine and its load.
    t.diagnostic(
      `whole sync: one page at a time ${sequential.durationMs} ms, the engine's default concurrency ${concurrent.durationMs} ms`,
    );
  });

  it("resumes a user list from a checkpoint token against the live API", async (t) => {
    const { served, reader, syncId } = await syncRunlayer(t, { simulator: { users: 450 } });
    const connector = createRunlayerConnector(settingsFrom(runlayer, served.settings), {
      logger: silentLogger,
      http: FAST_HTTP,
    });
    const users = connector.syncers[0]!;
    const ids: string[] = [];
    let token: string | undefined = writePageToken({ skip: 300, total: 450 });
    do {
      const page = await users.list(ctx, { pageToken: token });
      ids.push(...page.items.map((user) => user.id.resource));
      token = page.nextPageToken;
    } while (token !== undefined);
    const all = [...reader.resources(syncId, { resourceType: "user" })].map((user) => user.id.resource);
    assert.deepEqual(ids, all.slice(300));
  });
});
