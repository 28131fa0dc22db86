/**
 * The member listing's passes, its tokens, and its answer to a refused `account-statuses`, against
 * a stub of its narrow source (STYLE.md habit 4).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError, isIdsyncError, silentLogger, type SyncContext } from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import { createLogger } from "../../core/index.ts";
import type { ApiUser, ListPage } from "./client.ts";
import { fetchMemberPage, memberCursorFromToken, MEMBER_PASSES, type MembersSource } from "./member-listing.ts";

const ctx: SyncContext = { signal: new AbortController().signal, logger: silentLogger };

/** Members by account status ("default" for the first pass), served `pageSize` at a time; `asked` records each request. */
function stub(byPass: Record<string, string[]>, refuse?: (accountStatus: string) => boolean): MembersSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    usersPage(page, pageSize, options = {}): Promise<ListPage<ApiUser>> {
      const pass = options.accountStatus ?? "default";
      asked.push(`${pass}#${page}`);
      if (options.accountStatus !== undefined && refuse?.(options.accountStatus)) {
        return Promise.reject(new ApiError("fatal", `GET /users returned 400 Bad Request: Invalid value '${pass}' for 'account-statuses' (code 3001)`, { endpoint: "GET /users", status: 400 }));
      }
      const ids = byPass[pass] ?? [];
      const start = (page - 1) * pageSize;
      return Promise.resolve({ items: ids.slice(start, start + pageSize).map((id) => ({ id })), lastPage: start + pageSize >= ids.length });
    },
  };
}

async function walk(source: MembersSource, pageSize: number, context: SyncContext = ctx): Promise<{ ids: string[]; tokens: (string | undefined)[] }> {
  const ids: string[] = [];
  const tokens: (string | undefined)[] = [];
  let token: string | undefined;
  do {
    const page = await fetchMemberPage(source, token, pageSize, context);
    ids.push(...page.users.map((user) => user.id));
    token = page.nextPageToken;
    tokens.push(token);
  } while (token !== undefined);
  return { ids, tokens };
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
    assert.deepEqual(tokens, ["default/2:5a02", "LIMITED/1", "DELETED/1", "LIMITED_DELETED/1", undefined]);
    assert.deepEqual(MEMBER_PASSES.map((pass) => pass.accountStatus), [undefined, "LIMITED", "DELETED", "LIMITED_DELETED"]);
  });

  test("a pass refused with a 400 naming account-statuses is skipped with a warning; the others are listed", async () => {
    const stream = captureStream();
    const logger = createLogger({ level: "warn", format: "json", stream });
    const source = stub(TENANT, (status) => status === "LIMITED");
    const { ids } = await walk(source, 2, { ...ctx, logger });
    assert.deepEqual(ids, ["5a01", "5a02", "5a03", "5a05", "5a06"]);
    assert.match(stream.text(), /"msg":"Clockify refused account-statuses=LIMITED: members whose account is LIMITED are not in this sync","accountStatus":"LIMITED"/);
  });

  test("any other failure, or a refusal past a pass's first page, still fails the listing", async () => {
    const failing: MembersSource = {
      usersPage: () => Promise.reject(new ApiError("unavailable", "GET /users returned 503", { endpoint: "GET /users", status: 503 })),
    };
    await assert.rejects(fetchMemberPage(failing, undefined, 2, ctx), /503/);
    const refusing = stub(TENANT, () => true);
    await assert.rejects(fetchMemberPage(refusing, "LIMITED_DELETED/2:5a05", 1, ctx), /account-statuses/);
    const noParameter: MembersSource = {
      usersPage: () => Promise.reject(new ApiError("fatal", "GET /users returned 400 Bad Request: Invalid value 'x' for 'status'", { endpoint: "GET /users", status: 400 })),
    };
    await assert.rejects(fetchMemberPage(noParameter, "LIMITED/1", 2, ctx), /'status'/, "a 400 about another parameter is no refusal of account-statuses");
  });

  test("tokens: a pass and paging.ts's token; a token from before the passes starts over; a damaged one fails", () => {
    assert.deepEqual(memberCursorFromToken(undefined, ctx), { pass: 0, page: { page: 1, afterId: undefined } });
    assert.deepEqual(memberCursorFromToken("DELETED/3:5a09", ctx), { pass: 2, page: { page: 3, afterId: "5a09" } });
    assert.deepEqual(memberCursorFromToken("3:5a09", ctx), { pass: 0, page: { page: 1, afterId: undefined } });
    for (const bad of ["NOPE/2", "LIMITED/x", "LIMITED/"]) {
      assert.throws(() => memberCursorFromToken(bad, ctx), (error: unknown) => isIdsyncError(error) && error.kind === "sync-failed", bad);
    }
  });
});
