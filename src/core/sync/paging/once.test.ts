import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ListingCache } from "./listing-cache.ts";
import { Once } from "./once.ts";

describe("Once", () => {
  it("loads once for every caller, and forgets a failed load", async () => {
    const once = new Once<number>();
    let loads = 0;
    await assert.rejects(
      once.get(() => Promise.reject(new Error("boom"))),
      /boom/,
    );
    const values = await Promise.all([1, 2, 3].map(() => once.get(() => Promise.resolve(++loads))));
    assert.deepEqual(values, [1, 1, 1]);
    assert.equal(await once.get(() => Promise.resolve(++loads)), 1);
  });
});

describe("ListingCache", () => {
  /** Entries e1…eN, `size` a page; records the pages read. */
  function cacheOver(count: number, size: number, capacity: number) {
    const read: number[] = [];
    const keys = Array.from({ length: count }, (_, index) => `e${index + 1}`);
    const cache = new ListingCache<string>({
      capacity,
      readPage: (token) => {
        const page = token === undefined ? 0 : Number(token);
        read.push(page);
        const entries = keys.slice(page * size, page * size + size).map((key) => [key, `value of ${key}`] as const);
        return Promise.resolve({ entries, next: (page + 1) * size < keys.length ? String(page + 1) : undefined });
      },
    });
    return { cache, read, keys };
  }

  it("lookups in listed order read each page once, concurrent ones sharing a pass", async () => {
    const { cache, read, keys } = cacheOver(7, 3, 3);
    assert.deepEqual(
      await Promise.all(keys.map((key) => cache.take(key))),
      keys.map((key) => `value of ${key}`),
    );
    assert.deepEqual(read, [0, 1, 2]);
  });

  it("remembered entries need no request; an entry on no page is undefined after a whole pass", async () => {
    const { cache, read } = cacheOver(4, 2, 10);
    cache.remember([["e1", "held"]]);
    assert.equal(await cache.take("e1"), "held");
    assert.equal(await cache.take("gone"), undefined);
    assert.deepEqual(read, [0, 1]);
  });

  it("hands each entry out once", async () => {
    const { cache, read } = cacheOver(2, 2, 10);
    await cache.take("e1");
    await cache.take("e1");
    assert.deepEqual(read, [0, 0]);
  });
});
