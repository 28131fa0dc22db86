/**
 * Page tokens, the end of a list, and the check against repeated pages.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isIdsyncError } from "../../core/index.ts";
import { isLastPage } from "./client.ts";
import { createLogger } from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import { cursorFromToken, nextToken, readPage, type PageCursor } from "./paging.ts";

const page = (ids: string[], lastPage = false) => ({ items: ids.map((id) => ({ id })), lastPage });

describe("Clockify paging", () => {
  test("Last-Page decides; a short page ends the list only without the header; an empty page always does", () => {
    const headers = (value?: string) => new Headers(value === undefined ? {} : { "Last-Page": value });
    assert.equal(isLastPage(headers("true"), 5, 5), true);
    assert.equal(isLastPage(headers("false"), 5, 5), false);
    assert.equal(isLastPage(headers("false"), 3, 5), false, "a capped page size must not end the list early");
    assert.equal(isLastPage(headers(), 3, 5), true);
    assert.equal(isLastPage(headers(), 5, 5), false);
    assert.equal(isLastPage(headers("false"), 0, 5), true);
    assert.equal(isLastPage(headers(" TRUE "), 5, 5), true);
  });

  test("tokens carry the next page and the highest id so far, and read back the same after a restart", () => {
    assert.deepEqual(cursorFromToken(undefined), { page: 1, afterId: undefined });
    const token = nextToken(cursorFromToken(undefined), page(["5a00000000000000000000b2", "5a00000000000000000000a1"]), "members", 2);
    assert.equal(token, "2:5a00000000000000000000b2");
    assert.deepEqual(cursorFromToken(token), { page: 2, afterId: "5a00000000000000000000b2" });
    assert.equal(nextToken({ page: 2, afterId: "5a00000000000000000000b2" }, page(["5a00000000000000000000c3"], true), "members", 5), undefined);
    assert.equal(nextToken({ page: 1, afterId: undefined }, page([]), "members", 5), "2", "an empty page that is not last still moves on");
    for (const bad of ["0", "x", "-1", "2:", "1:a:b"]) assert.throws(() => cursorFromToken(bad), (error: unknown) => isIdsyncError(error) && error.kind === "sync-failed", bad);
  });

  test("a page holding an id at or below the previous pages' highest fails, naming the page", () => {
    const cursor = { page: 3, afterId: "5a00000000000000000000b2" };
    for (const ids of [["5a00000000000000000000b2"], ["5a00000000000000000000c3", "5a00000000000000000000a1"]]) {
      assert.throws(() => nextToken(cursor, page(ids), "members", 5), (error: unknown) => {
        assert.ok(isIdsyncError(error));
        assert.equal(error.kind, "sync-failed");
        assert.match(error.message, /page 3 of members/);
        return true;
      });
    }
    assert.equal(nextToken(cursor, page(["5A00000000000000000000C3"]), "members", 1), "4:5a00000000000000000000c3", "ids compare without case");
  });

  test("a repeated page's hint says what the next run does: it lists the members again from the first page", () => {
    assert.throws(() => nextToken({ page: 3, afterId: "5a00000000000000000000b2" }, page(["5a00000000000000000000b2"]), "members", 5), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.match(error.hint ?? "", /the next run starts this listing over from its first page/);
      assert.doesNotMatch(error.hint ?? "", /continues|resumes/);
      return true;
    });
  });

  describe("a page must have the length its place allows", () => {
    const PAGE_SIZE = 4;
    const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `5a${String(from + i).padStart(22, "0")}`);
    /** Answers in turn, counting reads. */
    function answers(...pages: Array<{ items: { id: string }[]; lastPage: boolean }>) {
      let reads = 0;
      return { fetch: async () => pages[Math.min(reads++, pages.length - 1)]!, reads: () => reads };
    }
    const quiet = () => createLogger({ level: "warn", format: "json", stream: captureStream() });
    const read = (source: ReturnType<typeof answers>, cursor: PageCursor, logger = quiet()) => readPage(source.fetch, cursor, PAGE_SIZE, "members", logger);
    const first: PageCursor = { page: 1, afterId: undefined };

    test("a stale short page 1 saying more follow is read again, and the full answer used", async () => {
      const source = answers(page(ids(1, 1)), page(ids(1, 4)));
      const got = await read(source, first);
      assert.equal(source.reads(), 2);
      assert.equal(got.items.length, 4);
      assert.equal(got.nextPageToken, `2:${ids(4, 1)[0]}`, "no cap: the server serves what is asked");
    });

    test("short twice alike is a server cap: carried in the token, and every later page must match it", async () => {
      const stream = captureStream();
      const logger = createLogger({ level: "warn", format: "json", stream });
      const got = await read(answers(page(ids(1, 2)), page(ids(1, 2))), first, logger);
      assert.equal(got.nextPageToken, `2:${ids(2, 1)[0]}:2`);
      assert.match(stream.text(), /serves 2 members per page, fewer than the 4 asked for/);
      const capped = cursorFromToken(got.nextPageToken);
      assert.deepEqual(capped, { page: 2, afterId: ids(2, 1)[0], pageLength: 2 });
      assert.equal((await read(answers(page(ids(3, 2))), capped)).nextPageToken, `3:${ids(4, 1)[0]}:2`);
      assert.equal((await read(answers(page(ids(3, 1), true)), capped)).nextPageToken, undefined);
    });

    test("what cannot add up, read twice, fails the listing naming the page", async () => {
      const capped: PageCursor = { page: 2, afterId: ids(2, 1)[0], pageLength: 1 };
      const cases: Array<[PageCursor, ReturnType<typeof answers>, RegExp]> = [
        // The audit's case: page 1 was validation's one-item answer, taken as a cap; page 2 is the real page 2.
        [capped, answers(page(ids(5, 4))), /page 2 of members holds 4 items where a page holds at most 1, read twice/],
        [capped, answers(page([], true)), /page 2 of members is empty, though the page before was short/],
        [first, answers(page(ids(1, 5))), /holds 5 items where a page holds at most 4/],
        [first, answers(page(ids(1, 1)), page(ids(1, 3))), /held 1, then 3 items of the 4 asked for/],
      ];
      for (const [cursor, source, message] of cases) {
        await assert.rejects(read(source, cursor), (error: unknown) => {
          assert.ok(isIdsyncError(error) && error.kind === "sync-failed", String(error));
          assert.match(error.message, message);
          return true;
        });
        assert.equal(source.reads(), 2, "read twice before failing");
      }
    });

    test("a full page, a short last page and an empty last page after a full one pass at the first read", async () => {
      for (const answer of [page(ids(1, 4)), page(ids(1, 3), true), page([], true)]) {
        const source = answers(answer);
        await read(source, first);
        assert.equal(source.reads(), 1);
      }
    });
  });
});
