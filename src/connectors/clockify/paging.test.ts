/**
 * The end of a list, Clockify's lists on core's numbered pager (repeats, gaps and caps caught
 * through the tokens it hands on), and the member listing's passes and its answer to a refused
 * `account-statuses`, against stubs of the narrow sources (STYLE.md habit 4).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ApiError,
  createLogger,
  isIdsyncError,
  numberedPage,
  silentLogger,
  type NumberedPageAnswer,
  type SyncContext,
} from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import { isLastPage, type ApiUser } from "./client.ts";
import { clockifyListing, memberPage, MEMBER_PASSES, type MembersSource } from "./paging.ts";

const ctx: SyncContext = { signal: new AbortController().signal, logger: silentLogger };
const page = (ids: string[], lastPage = false): NumberedPageAnswer<{ id: string }> => ({
  items: ids.map((id) => ({ id })),
  lastPage,
});

/** A listing of members answering `answers` in turn (the last one repeated), counting reads. */
function answers(pageSize: number, ...pages: Array<NumberedPageAnswer<{ id: string }>>) {
  let reads = 0;
  const listing = clockifyListing("members", pageSize, async () => pages[Math.min(reads++, pages.length - 1)]!);
  return { listing, reads: () => reads };
}

/** The page the token names, answered with `answers`. */
const readWith = (token: string | undefined, pageSize: number, ...pages: Array<NumberedPageAnswer<{ id: string }>>) =>
  numberedPage(answers(pageSize, ...pages).listing, token, ctx);

function failsNaming(message: RegExp) {
  return (error: unknown) => {
    assert.ok(isIdsyncError(error), String(error));
    assert.equal(error.kind, "sync-failed");
    assert.match(error.message, message);
    return true;
  };
}

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

  test("tokens carry the next page and the highest id so far: after a restart, a page at or below it still fails", async () => {
    const asked: number[] = [];
    const listing = clockifyListing("members", 2, async ({ page: number }) => {
      asked.push(number);
      return number === 1
        ? page(["5a00000000000000000000b2", "5a00000000000000000000a1"])
        : page(["5a00000000000000000000c3"], true);
    });
    const first = await numberedPage(listing, undefined, ctx);
    assert.match(first.nextPageToken ?? "", /^v1:/);
    const last = await numberedPage(listing, first.nextPageToken, ctx);
    assert.deepEqual(asked, [1, 2], "the token names page 2");
    assert.equal(last.nextPageToken, undefined, "the last page ends the list");
    await assert.rejects(
      readWith(first.nextPageToken, 2, page(["5a00000000000000000000b2"], true)),
      failsNaming(/page 2 of members holds 5a00000000000000000000b2/),
    );
  });

  test("a page holding an id at or below the previous pages' highest fails, naming the page", async () => {
    const first = await readWith(undefined, 2, page(["5a00000000000000000000a0", "5a00000000000000000000a1"]));
    const second = await readWith(
      first.nextPageToken,
      2,
      page(["5a00000000000000000000b1", "5a00000000000000000000b2"]),
    );
    for (const ids of [
      ["5a00000000000000000000b2", "5a00000000000000000000c4"],
      ["5a00000000000000000000c3", "5a00000000000000000000a1"],
    ]) {
      await assert.rejects(readWith(second.nextPageToken, 2, page(ids)), failsNaming(/page 3 of members/));
    }
    const upper = await readWith(
      second.nextPageToken,
      2,
      page(["5A00000000000000000000C3", "5A00000000000000000000C4"]),
    );
    assert.equal(upper.items.length, 2, "ids compare without case");
    await assert.rejects(
      readWith(upper.nextPageToken, 2, page(["5a00000000000000000000c4"], true)),
      failsNaming(/page 4 of members/),
      "the highest is kept without case too",
    );
  });

  test("a repeated page's hint says what the next run does: it lists the members again from the first page", async () => {
    const first = await readWith(undefined, 1, page(["5a00000000000000000000b2"]));
    await assert.rejects(readWith(first.nextPageToken, 1, page(["5a00000000000000000000b2"])), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.match(
        error.message,
        /^Clockify's page 2 of members holds 5a00000000000000000000b2, which belongs to an earlier page; a page was repeated/,
      );
      assert.match(error.hint ?? "", /the next run starts this listing over from its first page/);
      assert.doesNotMatch(error.hint ?? "", /continues|resumes/);
      return true;
    });
  });

  describe("a page must have the length its place allows", () => {
    const PAGE_SIZE = 4;
    const ids = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `5a${String(from + i).padStart(22, "0")}`);
    const read = (token: string | undefined, source: ReturnType<typeof answers>, context: SyncContext = ctx) =>
      numberedPage(source.listing, token, context);

    test("a stale short page 1 saying more follow is read again, and the full answer used", async () => {
      const source = answers(PAGE_SIZE, page(ids(1, 1)), page(ids(1, 4)));
      const got = await read(undefined, source);
      assert.equal(source.reads(), 2);
      assert.equal(got.items.length, 4);
      const next = await read(got.nextPageToken, answers(PAGE_SIZE, page(ids(5, 4))));
      assert.equal(next.items.length, 4, "no cap: the server serves what is asked");
    });

    test("short twice alike is a server cap: carried in the token, and every later page must match it", async () => {
      const stream = captureStream();
      const logger = createLogger({ level: "warn", format: "json", stream });
      const got = await read(undefined, answers(PAGE_SIZE, page(ids(1, 2)), page(ids(1, 2))), { ...ctx, logger });
      assert.match(stream.text(), /serves 2 members per page, fewer than the 4 asked for/);
      const third = await read(got.nextPageToken, answers(PAGE_SIZE, page(ids(3, 2))));
      assert.ok(third.nextPageToken !== undefined);
      assert.equal(
        (await read(third.nextPageToken, answers(PAGE_SIZE, page(ids(5, 1), true)))).nextPageToken,
        undefined,
        "fewer on the last",
      );
      await assert.rejects(
        read(third.nextPageToken, answers(PAGE_SIZE, page(ids(5, 3)))),
        failsNaming(/page 3 of members holds 3 items where a page holds at most 2, read twice/),
        "the cap rides on every token",
      );
    });

    test("what cannot add up, read twice, fails the listing naming the page", async () => {
      // The audit's case: page 1 was validation's one-item answer, taken as a cap; page 2 is the real page 2.
      const capped = (await read(undefined, answers(PAGE_SIZE, page(ids(1, 1)), page(ids(1, 1))))).nextPageToken;
      const cases: Array<[string | undefined, ReturnType<typeof answers>, RegExp]> = [
        [
          capped,
          answers(PAGE_SIZE, page(ids(5, 4))),
          /page 2 of members holds 4 items where a page holds at most 1, read twice/,
        ],
        [capped, answers(PAGE_SIZE, page([], true)), /page 2 of members is empty, though the page before was short/],
        [undefined, answers(PAGE_SIZE, page(ids(1, 5))), /holds 5 items where a page holds at most 4/],
        [undefined, answers(PAGE_SIZE, page(ids(1, 1)), page(ids(1, 3))), /held 1, then 3 items of the 4 asked for/],
      ];
      for (const [token, source, message] of cases) {
        await assert.rejects(read(token, source), failsNaming(message));
        assert.equal(source.reads(), 2, "read twice before failing");
      }
    });

    test("a full page, a short last page and an empty last page after a full one pass at the first read", async () => {
      for (const answer of [page(ids(1, 4)), page(ids(1, 3), true), page([], true)]) {
        const source = answers(PAGE_SIZE, answer);
        await read(undefined, source);
        assert.equal(source.reads(), 1);
      }
    });
  });
});

/** Members by account status ("default" for the first pass), served `pageSize` at a time; `asked` records each request. */
function stub(
  byPass: Record<string, string[]>,
  refuse?: (accountStatus: string) => boolean,
): MembersSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    listUsers({ page: number, pageSize, accountStatus }): Promise<NumberedPageAnswer<ApiUser>> {
      const pass = accountStatus ?? "default";
      asked.push(`${pass}#${number}`);
      if (accountStatus !== undefined && refuse?.(accountStatus)) {
        return Promise.reject(
          new ApiError(
            "fatal",
            `GET /users returned 400 Bad Request: Invalid value '${pass}' for 'account-statuses' (code 3001)`,
            { endpoint: "GET /users", status: 400 },
          ),
        );
      }
      const ids = byPass[pass] ?? [];
      const start = (number - 1) * pageSize;
      return Promise.resolve({
        items: ids.slice(start, start + pageSize).map((id) => ({ id })),
        lastPage: start + pageSize >= ids.length,
      });
    },
  };
}

/** Every page from `from` on: the ids, the token each page handed on, and the request each page made. */
async function walk(source: ReturnType<typeof stub>, pageSize: number, context: SyncContext = ctx, from?: string) {
  const ids: string[] = [];
  const tokens: (string | undefined)[] = [];
  const requests: Array<{ token: string | undefined; asked: string[] }> = [];
  let token = from;
  do {
    const before = source.asked.length;
    const result = await memberPage(source, token, pageSize, context);
    requests.push({ token, asked: source.asked.slice(before) });
    ids.push(...result.items.map((user) => user.id));
    token = result.nextPageToken;
    tokens.push(token);
  } while (token !== undefined);
  return { ids, tokens, requests };
}

const TENANT = {
  default: ["5a01", "5a02", "5a03"],
  LIMITED: ["5a04"],
  DELETED: [],
  LIMITED_DELETED: ["5a05", "5a06"],
};

describe("Clockify member listing", () => {
  test("walks the default set, then each other account status with one value, and ends", async () => {
    const source = stub(TENANT);
    const { ids, tokens } = await walk(source, 2);
    assert.deepEqual(ids, ["5a01", "5a02", "5a03", "5a04", "5a05", "5a06"]);
    assert.deepEqual(source.asked, ["default#1", "default#2", "LIMITED#1", "DELETED#1", "LIMITED_DELETED#1"]);
    assert.equal(tokens.length, 5, "one page per request");
    assert.equal(tokens.at(-1), undefined, "the last pass's last page ends the listing");
    const handed = tokens.slice(0, -1) as string[];
    for (const token of handed) assert.match(token, /^v1:[A-Za-z0-9_-]+$/);
    assert.equal(new Set(handed).size, handed.length, "no token twice");
    assert.deepEqual(
      MEMBER_PASSES.map((pass) => pass.accountStatus),
      [undefined, "LIMITED", "DELETED", "LIMITED_DELETED"],
    );
  });

  test("a resume continues where it stopped, in the pass and at the page it was in", async () => {
    const { ids, tokens } = await walk(stub(TENANT), 2);
    const pageIds = [["5a01", "5a02"], ["5a03"], ["5a04"], [], ["5a05", "5a06"]];
    for (const [index, token] of tokens.slice(0, -1).entries()) {
      const source = stub(TENANT);
      const rest = await walk(source, 2, ctx, token);
      assert.deepEqual(rest.ids, pageIds.slice(index + 1).flat(), `from token ${index}`);
      assert.deepEqual(rest.ids, ids.slice(ids.length - rest.ids.length));
    }
    const inside = stub(TENANT);
    await walk(inside, 2, ctx, tokens[0]);
    assert.deepEqual(inside.asked[0], "default#2", "the first pass's second page, not the first again");
  });

  test("a pass refused with a 400 naming account-statuses is skipped with a warning; the others are listed", async () => {
    const stream = captureStream();
    const logger = createLogger({ level: "warn", format: "json", stream });
    const source = stub(TENANT, (status) => status === "LIMITED");
    const { ids } = await walk(source, 2, { ...ctx, logger });
    assert.deepEqual(ids, ["5a01", "5a02", "5a03", "5a05", "5a06"]);
    assert.match(
      stream.text(),
      /"msg":"Clockify refused account-statuses=LIMITED: members whose account is LIMITED are not in this sync","accountStatus":"LIMITED"/,
    );
  });

  test("any other failure, or a refusal past a pass's first page, still fails the listing", async () => {
    const failing: MembersSource = {
      listUsers: () =>
        Promise.reject(new ApiError("unavailable", "GET /users returned 503", { endpoint: "GET /users", status: 503 })),
    };
    await assert.rejects(memberPage(failing, undefined, 2, ctx), /503/);
    // The tokens of the pages that ask for LIMITED_DELETED page 2 and LIMITED page 1, a page at a time.
    const { requests } = await walk(stub(TENANT), 1);
    const tokenAsking = (request: string) => requests.find((entry) => entry.asked.includes(request))!.token;
    const refusing = stub(TENANT, () => true);
    await assert.rejects(memberPage(refusing, tokenAsking("LIMITED_DELETED#2"), 1, ctx), /account-statuses/);
    assert.deepEqual(refusing.asked, ["LIMITED_DELETED#2"]);
    const noParameter: MembersSource = {
      listUsers: () =>
        Promise.reject(
          new ApiError("fatal", "GET /users returned 400 Bad Request: Invalid value 'x' for 'status'", {
            endpoint: "GET /users",
            status: 400,
          }),
        ),
    };
    await assert.rejects(
      memberPage(noParameter, tokenAsking("LIMITED#1"), 1, ctx),
      /'status'/,
      "a 400 about another parameter is no refusal of account-statuses",
    );
  });

  test("a token of an older idsync (`3:<id>`, `<pass>/<page>`) or a damaged one starts the listing over, saying so at debug", async () => {
    for (const old of ["3:5a09", "3:5a09:200", "DELETED/3:5a09", "NOPE/2", "LIMITED/", "v1:e30"]) {
      const stream = captureStream();
      const logger = createLogger({ level: "debug", format: "json", stream });
      const source = stub(TENANT);
      const first = await memberPage(source, old, 2, { ...ctx, logger });
      assert.deepEqual(
        first.items.map((user) => user.id),
        ["5a01", "5a02"],
        old,
      );
      assert.deepEqual(source.asked, ["default#1"], old);
      assert.match(stream.text(), /"level":"debug".*starts over from its first page.*"listing":"members"/, old);
    }
  });
});
