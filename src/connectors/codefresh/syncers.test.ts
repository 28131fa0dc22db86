/** The syncers against a plain-data account source (no HTTP): paging, role holders, a vanished team. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  createLogger,
  LIST_SLICE,
  type Grant,
  type Page,
  type ResourceSyncer,
  type SyncContext,
} from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import type { AccountSource } from "./account.ts";
import type { MemberRecord, TeamRecord } from "./client.ts";
import { rolesSyncer } from "./roles.ts";
import { teamsSyncer } from "./teams.ts";
import { usersSyncer } from "./users.ts";

const MEMBERS = 1234;
const member = (index: number): MemberRecord => ({
  id: `u${index}`,
  userName: `user${index}`,
  email: `user${index}@x.io`,
  status: index % 10 === 0 ? "pending" : "new",
  sso: false,
});

/** A source over plain data; each method is a field a test may replace. */
function stubSource(overrides: Partial<AccountSource> = {}): AccountSource {
  const all = Array.from({ length: MEMBERS }, (_, index) => member(index));
  const ids = new Set(all.map((record) => record.id));
  // Every 7th member is an admin; one admins entry is nobody's.
  const admins = new Set([...all.filter((_, index) => index % 7 === 0).map((record) => record.id), "ghost"]);
  const teams: TeamRecord[] = [
    { id: "t1", name: "platform", type: "default", tags: [], memberIds: all.slice(0, 700).map((record) => record.id) },
  ];
  return {
    account: () => Promise.resolve({ id: "a1", name: "acme", admins }),
    members: () => Promise.resolve({ all, has: (id: string) => ids.has(id) }),
    teams: () => Promise.resolve(teams),
    team: (_ctx, id) => Promise.resolve(teams.find((team) => team.id === id)),
    ...overrides,
  };
}

function context(): SyncContext & { log: () => string } {
  const stream = captureStream();
  return {
    signal: new AbortController().signal,
    logger: createLogger({ level: "debug", format: "json", stream }),
    log: () => stream.text(),
  };
}

/** Follows page tokens to the end, as the engine does, checking each page's size. */
async function drain<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
): Promise<{ items: T[]; tokens: string[] }> {
  const items: T[] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    assert.ok(page.items.length <= LIST_SLICE);
    items.push(...page.items);
    token = page.nextPageToken;
    if (token !== undefined) tokens.push(token);
  } while (token !== undefined);
  return { items, tokens };
}

const principals = (grants: Grant[]): string[] => grants.map((grant) => grant.principal.id.resource);

describe("Codefresh syncers", () => {
  it("lists users in pages of the member list, with opaque tokens", async () => {
    const ctx = context();
    const users: ResourceSyncer = usersSyncer(stubSource());
    const { items, tokens } = await drain((pageToken) => users.list(ctx, { pageToken }));
    assert.equal(items.length, MEMBERS);
    assert.equal(tokens.length, 2, "pages of 500");
    assert.equal(new Set(items.map((user) => user.id.resource)).size, MEMBERS);
    assert.equal(
      (await usersSyncer(stubSource()).list(ctx, { pageToken: tokens[1] })).items[0]?.id.resource,
      "u1000",
      "a token still works in a new process",
    );
  });

  it("grants Admin to the admins list's members and User to every other member, across pages", async () => {
    const ctx = context();
    const source = stubSource();
    const roles = rolesSyncer(source);
    const [admin, user] = (await roles.list(ctx, {})).items;
    assert.ok(admin && user);
    const admins = principals((await drain((token) => roles.grants(ctx, admin, token))).items);
    const plain = (await drain((token) => roles.grants(ctx, user, token))).items;
    assert.deepEqual(
      admins,
      Array.from({ length: MEMBERS }, (_, index) => index)
        .filter((index) => index % 7 === 0)
        .map((index) => `u${index}`),
    );
    assert.ok(!admins.includes("ghost"));
    assert.equal(plain.length + admins.length, MEMBERS);
    assert.ok(plain.every((grant) => grant.id === `role:user:assigned:user:${grant.principal.id.resource}`));
    const entitlements = (await roles.entitlements(ctx, admin)).items;
    assert.deepEqual(
      entitlements.map((entitlement) => [entitlement.id, entitlement.grantableTo.map((type) => type.id)]),
      [["role:admin:assigned", ["user"]]],
    );
  });

  it("grants team membership in pages, and nothing for a team gone since it was listed", async () => {
    const ctx = context();
    const teams = teamsSyncer(stubSource());
    const [platform] = (await teams.list(ctx, {})).items;
    assert.ok(platform);
    const { items, tokens } = await drain((token) => teams.grants(ctx, platform, token));
    assert.deepEqual([items.length, tokens.length], [700, 1]);
    const gone = teamsSyncer(stubSource({ team: () => Promise.resolve(undefined) }));
    assert.deepEqual(await gone.grants(ctx, platform), { items: [] });
    assert.match(ctx.log(), /"msg":"a team listed earlier in this sync is gone/);
  });
});
