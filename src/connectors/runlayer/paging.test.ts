import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { silentLogger } from "../../core/index.ts";
import { FAST_HTTP, settingsFrom } from "../../testkit/index.ts";
import { createRunlayerConnector, runlayer } from "./index.ts";
import { fetchAllPages, fetchPages, type ListPage, type PagedList, type PageRequest, type PageSource } from "./paging.ts";
import { rowsOf, syncRunlayer } from "./test-support.ts";

const ctx = { signal: new AbortController().signal, logger: silentLogger };

/**
 * An in-memory list served the ways an API may page: honouring `limit` up to `cap`, with or
 * without `count`. The pager takes its page source as a function, so its arithmetic is tested
 * here without any HTTP; the end-to-end tests below run it against the simulator.
 */
function list(size: number, shape: { cap?: number; bare?: boolean; ignoreLimit?: boolean } = {}): { source: PageSource<number>; asked: PageRequest[] } {
  const items = Array.from({ length: size }, (_, index) => index);
  const asked: PageRequest[] = [];
  const source: PageSource<number> = (page) => {
    asked.push(page);
    const take = shape.ignoreLimit ? size : Math.min(page.limit, shape.cap ?? page.limit);
    const slice = items.slice(page.skip, page.skip + take);
    const answer: ListPage<number> = { items: slice, count: shape.bare ? undefined : size };
    return Promise.resolve(answer);
  };
  return { source, asked };
}

async function drain(source: PageSource<number>, limit: number, pagesPerCall: number): Promise<{ items: number[]; calls: number; tokens: string[] }> {
  const items: number[] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  let calls = 0;
  do {
    const page = await fetchPages(numbers(source), token, { limit, pagesPerCall }, ctx);
    calls++;
    items.push(...page.items);
    token = page.nextPageToken;
    if (token) tokens.push(token);
  } while (token !== undefined && calls < 1000);
  return { items, calls, tokens };
}

/** Items are numbers here; they are their own keys. */
const numbers = (source: PageSource<number>): PagedList<number> => ({ source, keyOf: String, what: "numbers" });
/** A token without its `seen` hashes, for readable expectations. */
const bare = (token: string): string => token.replace(/&seen=[0-9a-f.]+/, "");

const range = (n: number): number[] => Array.from({ length: n }, (_, index) => index);

describe("Runlayer paging", () => {
  it("learns count from the first page, then fetches the rest several pages per call", async () => {
    const { source, asked } = list(1050);
    const result = await drain(source, 100, 4);
    assert.deepEqual(result.items, range(1050));
    assert.equal(result.calls, 4, "1 page, then 4 + 4 + 2");
    assert.deepEqual(result.tokens.map(bare), ["skip=100&count=1050", "skip=500&count=1050", "skip=900&count=1050"]);
    assert.deepEqual(asked.map((page) => page.skip), range(11).map((index) => index * 100));
  });

  it("pages one page per call when pagesPerCall is 1, with the same items", async () => {
    const { source } = list(1050);
    const result = await drain(source, 100, 1);
    assert.deepEqual(result.items, range(1050));
    assert.equal(result.calls, 11);
  });

  it("ends on an exact multiple of limit without asking for an empty page", async () => {
    const { source, asked } = list(300);
    assert.deepEqual((await drain(source, 100, 8)).items, range(300));
    assert.equal(asked.length, 3);
    const empty = list(0);
    assert.deepEqual(await fetchPages(numbers(empty.source), undefined, { limit: 100, pagesPerCall: 8 }, ctx), { items: [], total: 0 });
  });

  it("passes the count Runlayer announces on as the listing's total, for progress; a bare array has none", async () => {
    const counted = list(1050);
    const first = await fetchPages(numbers(counted.source), undefined, { limit: 100, pagesPerCall: 4 }, ctx);
    assert.equal(first.total, 1050);
    const bareList = list(250, { bare: true });
    const page = await fetchPages(numbers(bareList.source), undefined, { limit: 100, pagesPerCall: 4 }, ctx);
    assert.equal("total" in page, false);
  });

  it("pages a bare array sequentially and stops at the first short page, as the CLI does", async () => {
    const { source, asked } = list(250, { bare: true });
    const result = await drain(source, 100, 6);
    assert.deepEqual(result.items, range(250));
    assert.equal(asked.length, 3);
    assert.deepEqual(result.tokens.map(bare), ["skip=100", "skip=200"]);
  });

  it("loses nothing when the API serves fewer items than asked, and asks for that size from then on", async () => {
    const { source, asked } = list(430, { cap: 50 });
    const result = await drain(source, 100, 4);
    assert.deepEqual(result.items, range(430));
    assert.ok(asked.slice(-3).every((page) => page.limit === 50), "later requests ask for the served size");
  });

  it("loses nothing and repeats nothing when the API ignores limit", async () => {
    const { source } = list(730, { ignoreLimit: true });
    const result = await drain(source, 100, 4);
    assert.deepEqual(result.items, range(730));
    assert.equal(result.calls, 1);
  });

  it("resumes from a saved token and refuses an unreadable one", async () => {
    const { source } = list(1050);
    const page = await fetchPages(numbers(source), "skip=900&count=1050", { limit: 100, pagesPerCall: 4 }, ctx);
    assert.deepEqual(page, { items: range(150).map((index) => index + 900), total: 1050 });
    await assert.rejects(fetchPages(numbers(source), "page=2", { limit: 100, pagesPerCall: 4 }, ctx), /unreadable Runlayer page token/);
    await assert.rejects(fetchPages(numbers(source), "skip=-1", { limit: 100, pagesPerCall: 4 }, ctx), /unreadable Runlayer page token/);
  });

  it("fails on a page that repeats another, within a call or from the call before", async () => {
    const items = range(1000);
    // The page at `badSkip` is answered with the body of the page at `asSkip`.
    const repeating = (badSkip: number, asSkip: number): PageSource<number> => (page) => {
      const from = page.skip === badSkip ? asSkip : page.skip;
      return Promise.resolve({ items: items.slice(from, from + page.limit), count: items.length });
    };
    await assert.rejects(drain(repeating(300, 100), 100, 4), /repeated a page of numbers: the page at skip=300/);
    // Calls fetch 0, then 100–400, then 500–800: the repeat crosses a call boundary.
    await assert.rejects(drain(repeating(500, 200), 100, 4), /repeated a page of numbers: the page at skip=500/);
    assert.deepEqual((await drain(repeating(-1, 0), 100, 4)).items, items, "no repeat, no complaint");
  });

  it("stops when count promises more than the list holds", async () => {
    const source: PageSource<number> = (page) => Promise.resolve({ items: page.skip === 0 ? range(100) : [], count: 5000 });
    assert.deepEqual(await fetchAllPages(numbers(source), { limit: 100, pagesPerCall: 4 }, ctx), range(100));
  });

  it("aborts the sibling requests of a batch when one fails, and throws that failure", async () => {
    const aborted: number[] = [];
    const source: PageSource<number> = (page, signal) => {
      if (page.skip === 0) return Promise.resolve({ items: range(100), count: 1000 });
      if (page.skip === 200) return Promise.reject(new Error("page 3 failed"));
      return new Promise((_resolve, reject) => {
        signal.addEventListener("abort", () => {
          aborted.push(page.skip);
          reject(signal.reason as Error);
        });
      });
    };
    await assert.rejects(fetchPages(numbers(source), "skip=100&count=1000", { limit: 100, pagesPerCall: 4 }, ctx), /page 3 failed/);
    assert.deepEqual(aborted.sort((a, b) => a - b), [100, 300, 400]);
  });
});

describe("Runlayer paging against the simulator", () => {
  it("concurrent paging yields the same data as sequential paging (2,000 users, 20 ms latency)", async (t) => {
    const simulator = { users: 2000, latencyMs: 20 };
    const sequential = await syncRunlayer(t, { simulator, tuning: { pagesPerCall: 1 } });
    const concurrent = await syncRunlayer(t, { simulator });
    assert.equal(concurrent.reader.countResources(concurrent.syncId, { resourceType: "user" }), 2000);
    assert.deepEqual(rowsOf(concurrent.reader, concurrent.syncId), rowsOf(sequential.reader, sequential.syncId));
    assert.equal(concurrent.requests, sequential.requests, "the same pages, only fetched together");

    // The user list alone, without the c1z work around it.
    const listAll = async (pagesPerCall: number): Promise<{ ids: string[]; ms: number }> => {
      const connector = createRunlayerConnector(settingsFrom(runlayer, concurrent.served.settings), { logger: silentLogger, http: FAST_HTTP }, { pagesPerCall });
      const users = connector.syncers[0]!;
      const ids: string[] = [];
      const started = performance.now();
      let token: string | undefined;
      do {
        const page = await users.list(ctx, token === undefined ? {} : { pageToken: token });
        ids.push(...page.items.map((user) => user.id.resource));
        token = page.nextPageToken;
      } while (token !== undefined);
      return { ids, ms: Math.round(performance.now() - started) };
    };
    const one = await listAll(1);
    const six = await listAll(6);
    assert.deepEqual(six.ids, one.ids);
    assert.equal(new Set(six.ids).size, 2000);
    // Figures for the report, not assertions: wall time depends on the machine and its load.
    t.diagnostic(`user list (20 pages): sequential ${one.ms} ms, 6 pages per call ${six.ms} ms`);
    t.diagnostic(`whole sync (48 requests): sequential paging ${sequential.durationMs} ms, concurrent ${concurrent.durationMs} ms`);
  });

  it("resumes a user list from a checkpoint token against the live API", async (t) => {
    const { served, reader, syncId } = await syncRunlayer(t, { simulator: { users: 450 } });
    const connector = createRunlayerConnector(settingsFrom(runlayer, served.settings), { logger: silentLogger, http: FAST_HTTP });
    const users = connector.syncers[0]!;
    const resumed = await users.list(ctx, { pageToken: "skip=300&count=450" });
    const all = [...reader.resources(syncId, { resourceType: "user" })].map((user) => user.id.resource);
    assert.deepEqual(resumed.items.map((user) => user.id.resource), all.slice(300));
    assert.equal(resumed.nextPageToken, undefined);
  });
});
