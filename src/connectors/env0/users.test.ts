/**
 * The users listing on a stub client (no HTTP): the members list is one unpaged answer, handed to
 * the engine in slices; between the first slice and the last only compact records are held, and
 * none after the last.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";

import { LIST_SLICE, silentLogger, type Page, type Resource, type SyncContext } from "../../core/index.ts";
import type { Env0Api, Env0ApiKey, Env0Member } from "./client.ts";
import { compactMember, toMemberResource, usersSyncer } from "./users.ts";

const MEMBERS = 1234;
const ctx: SyncContext = { signal: new AbortController().signal, logger: silentLogger };

/** A member as env0 sends it: the fields the mapper reads, and Auth0's extras it never reads. */
function rawMember(index: number): Env0Member {
  const user = {
    user_id: `auth0|${index}`,
    email: `user${index}@x.example`,
    name: index % 5 === 0 ? "" : `User ${index}`,
    ...(index % 3 === 0 ? {} : { given_name: `Given${index}`, family_name: `Family${index}` }),
    created_at: "2024-01-02T03:04:05.000Z",
    ...(index % 4 === 0 ? {} : { last_login: "2024-06-01T10:00:00.000Z" }),
    picture: `https://images.example/${index}.png`,
    identities: [{ provider: "google-oauth2", user_id: `${index}`, isSocial: true }],
    app_metadata: { plan: "enterprise", index },
  };
  return { user, role: index % 9 === 0 ? "Admin" : "User", status: index % 7 === 0 ? "Invited" : "Active" };
}

/** The fields of a member's user that toMemberResource reads. */
const MAPPED_FIELDS = new Set(["user_id", "email", "name", "given_name", "family_name", "created_at", "last_login"]);

const apiKey: Env0ApiKey = { id: "k1", name: "ci", apiKeyId: "pub1", organizationRole: "Admin" };

/** A client over plain data that counts its reads and keeps a weak reference to each record it hands out. */
function stubClient(options: { failFirstRead?: boolean } = {}): {
  client: Pick<Env0Api, "listMembers" | "listApiKeys">;
  reads: () => number;
  handedOut: WeakRef<object>[];
} {
  let reads = 0;
  const handedOut: WeakRef<object>[] = [];
  const client: Pick<Env0Api, "listMembers" | "listApiKeys"> = {
    listMembers<R>({ map }: { map: (member: Env0Member) => R }): Promise<R[]> {
      reads++;
      if (options.failFirstRead === true && reads === 1) return Promise.reject(new Error("connection reset"));
      const mapped = Array.from({ length: MEMBERS }, (_, index) => map(rawMember(index)));
      for (const record of mapped) handedOut.push(new WeakRef(record as object));
      return Promise.resolve(mapped);
    },
    listApiKeys: () => Promise.resolve([apiKey]),
  };
  return { client, reads: () => reads, handedOut };
}

/** Follows page tokens from `token` to the end, as the engine does. */
async function drain(
  list: (token: string | undefined) => Promise<Page<Resource>>,
  token?: string,
): Promise<{ pages: Resource[][]; tokens: string[] }> {
  const pages: Resource[][] = [];
  const tokens: string[] = [];
  let next = token;
  do {
    const page = await list(next);
    pages.push(page.items);
    next = page.nextPageToken;
    if (next !== undefined) tokens.push(next);
  } while (next !== undefined);
  return { pages, tokens };
}

/** Node's `gc()`, without needing --expose-gc on the test runner's command line. */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

test("the members reach the engine in slices of at most LIST_SLICE, from one read, then the API keys", async () => {
  const { client, reads } = stubClient();
  const syncer = usersSyncer(client);
  const { pages } = await drain((pageToken) => syncer.list(ctx, { pageToken }));
  const sizes = pages.map((page) => page.length);
  assert.ok(
    sizes.every((size) => size <= LIST_SLICE),
    `page sizes ${sizes.join(", ")}`,
  );
  assert.equal(sizes.length, Math.ceil(MEMBERS / LIST_SLICE) + 1);
  const ids = pages.flat().map((resource) => resource.id?.resource);
  assert.deepEqual(ids, [...Array.from({ length: MEMBERS }, (_, index) => `auth0|${index}`), "api-key:k1"]);
  assert.equal(reads(), 1, "one read of the members list for all its slices");
});

test("a compact member maps to the very resource of the member as sent, and keeps none of Auth0's extras", () => {
  for (let index = 0; index < 200; index++) {
    const raw = rawMember(index);
    const kept = compactMember(raw);
    assert.deepEqual(toMemberResource(kept), toMemberResource(raw));
    assert.deepEqual(
      Object.keys(kept.user).filter((key) => !MAPPED_FIELDS.has(key)),
      [],
    );
    assert.deepEqual(Object.keys(kept), ["user", "role", "status"]);
  }
});

test("no member record is held once the last slice is handed out, though the syncer lives on", async () => {
  const { client, handedOut } = stubClient();
  const syncer = usersSyncer(client);
  // In a function of its own, so no page outlives it on this stack.
  const listAll = async (): Promise<number> =>
    (await drain((pageToken) => syncer.list(ctx, { pageToken }))).pages.flat().length;
  assert.equal(await listAll(), MEMBERS + 1);
  assert.equal(handedOut.length, MEMBERS);

  const gc = collector();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const retained = handedOut.filter((ref) => ref.deref() !== undefined).length;
  assert.equal(retained, 0, `${retained} member records are still held after the users listing`);
  assert.ok(syncer.list !== undefined, "the syncer itself is still reachable");
});

test("a failed read is read again, and a listing resumed from a token continues where it was", async () => {
  const failing = stubClient({ failFirstRead: true });
  const syncer = usersSyncer(failing.client);
  await assert.rejects(syncer.list(ctx, {}), /connection reset/);
  const { pages, tokens } = await drain((pageToken) => syncer.list(ctx, { pageToken }));
  assert.equal(failing.reads(), 2, "the failed read is not kept");
  assert.equal(pages.flat().length, MEMBERS + 1);

  // A new process: a new syncer given the token after the first slice reads the list again.
  const resumed = stubClient();
  const fresh = usersSyncer(resumed.client);
  const rest = await drain((pageToken) => fresh.list(ctx, { pageToken }), tokens[0]);
  assert.deepEqual(
    rest.pages.flat().map((resource) => resource.id?.resource),
    pages
      .slice(1)
      .flat()
      .map((resource) => resource.id?.resource),
  );
  assert.equal(resumed.reads(), 1);
});

test("a listing started again reads the members anew rather than an earlier, unfinished read", async () => {
  const { client, reads } = stubClient();
  const syncer = usersSyncer(client);
  await syncer.list(ctx, {});
  await drain((pageToken) => syncer.list(ctx, { pageToken }));
  assert.equal(reads(), 2);
});
