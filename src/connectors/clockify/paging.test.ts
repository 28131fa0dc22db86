/**
 * Page tokens, the end of a list, and the check against repeated pages.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isIdsyncError } from "../../core/index.ts";
import { isLastPage } from "./client.ts";
import { cursorFromToken, nextToken } from "./paging.ts";

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
    const token = nextToken(cursorFromToken(undefined), page(["5a00000000000000000000b2", "5a00000000000000000000a1"]), "members");
    assert.equal(token, "2:5a00000000000000000000b2");
    assert.deepEqual(cursorFromToken(token), { page: 2, afterId: "5a00000000000000000000b2" });
    assert.equal(nextToken({ page: 2, afterId: "5a00000000000000000000b2" }, page(["5a00000000000000000000c3"], true), "members"), undefined);
    assert.equal(nextToken({ page: 1, afterId: undefined }, page([]), "members"), "2", "an empty page that is not last still moves on");
    for (const bad of ["0", "x", "-1", "2:", "1:a:b"]) assert.throws(() => cursorFromToken(bad), (error: unknown) => isIdsyncError(error) && error.kind === "sync-failed", bad);
  });

  test("a page holding an id at or below the previous pages' highest fails, naming the page", () => {
    const cursor = { page: 3, afterId: "5a00000000000000000000b2" };
    for (const ids of [["5a00000000000000000000b2"], ["5a00000000000000000000c3", "5a00000000000000000000a1"]]) {
      assert.throws(() => nextToken(cursor, page(ids), "members"), (error: unknown) => {
        assert.ok(isIdsyncError(error));
        assert.equal(error.kind, "sync-failed");
        assert.match(error.message, /page 3 of members/);
        return true;
      });
    }
    assert.equal(nextToken(cursor, page(["5A00000000000000000000C3"]), "members"), "4:5a00000000000000000000c3", "ids compare without case");
  });
});
