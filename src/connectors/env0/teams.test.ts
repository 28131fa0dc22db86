/**
 * Team members from the teams listing, against a stub of the narrow client it uses.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLogger, newGroupResource } from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import type { Env0Api, Env0Team, Env0TeamsPage } from "./client.ts";
import { teamType } from "./resource-types.ts";
import { TeamMembersLookup, teamsSyncer } from "./teams.ts";

const signal = new AbortController().signal;

/** Teams t1…tN with members m-tK (listed twice), `pageSize` a page; records the pages and details asked for. */
function stubClient(count: number, pageSize: number, options: { withoutUsers?: boolean } = {}) {
  const teams: Env0Team[] = Array.from({ length: count }, (_, index) => {
    const id = `t${index + 1}`;
    return {
      id,
      name: `Team ${index + 1}`,
      ...(options.withoutUsers ? {} : { users: [{ user_id: `m-${id}` }, { user_id: `m-${id}` }] }),
    } as Env0Team;
  });
  const client = {
    teams,
    pages: [] as string[],
    details: [] as string[],
    listTeams({ pageKey }: { pageKey?: string | undefined; signal: AbortSignal }): Promise<Env0TeamsPage> {
      const start = pageKey === undefined ? 0 : Number(pageKey);
      client.pages.push(pageKey ?? "first");
      const next = start + pageSize < client.teams.length ? { nextPageKey: String(start + pageSize) } : {};
      return Promise.resolve({ teams: client.teams.slice(start, start + pageSize), ...next });
    },
    getTeam({ teamId }: { teamId: string; signal: AbortSignal }): Promise<Env0Team> {
      client.details.push(teamId);
      return Promise.resolve({ id: teamId, name: teamId, users: [{ user_id: `m-${teamId}` }] } as Env0Team);
    },
    listApiKeys: () => Promise.resolve([]),
  };
  return client;
}

async function listAll(client: ReturnType<typeof stubClient>, lookup: TeamMembersLookup): Promise<void> {
  let pageKey: string | undefined;
  do {
    const page = await client.listTeams({ pageKey, signal });
    lookup.remember(page.teams);
    pageKey = page.nextPageKey;
  } while (pageKey);
  client.pages.length = 0;
}

describe("env0 team members lookup", () => {
  test("members seen while listing answer every team without another request, each member once", async () => {
    const client = stubClient(7, 3);
    const lookup = new TeamMembersLookup(client);
    await listAll(client, lookup);
    for (const team of client.teams)
      assert.deepEqual(await lookup.membersOf(team.id, signal), { found: true, memberIds: [`m-${team.id}`] });
    assert.deepEqual(client.pages, []);
    assert.deepEqual(client.details, []);
  });

  test("a resumed sync, which listed in another process, reads the listing once more, forward, page by page", async () => {
    const client = stubClient(7, 3);
    const lookup = new TeamMembersLookup(client);
    const found = await Promise.all(client.teams.map((team) => lookup.membersOf(team.id, signal)));
    assert.deepEqual(
      found.map((members) => members.found && members.memberIds),
      client.teams.map((team) => [`m-${team.id}`]),
    );
    assert.deepEqual(client.pages, ["first", "3", "6"], "one pass, shared by concurrent lookups");
  });

  test("past its bound it forgets the teams listed longest ago, and reads each page at most once more", async () => {
    const client = stubClient(7, 3);
    const lookup = new TeamMembersLookup(client, 4);
    await listAll(client, lookup); // holds 4 member ids at most: t4…t7 once the listing ends
    for (const team of client.teams)
      assert.deepEqual(await lookup.membersOf(team.id, signal), { found: true, memberIds: [`m-${team.id}`] });
    assert.deepEqual(
      client.pages,
      ["first", "3"],
      "t1–t6 read again, forward from where each pass stopped; t7 still held",
    );
    assert.deepEqual(client.details, []);
  });

  test("a team deleted since it was listed is not found; the syncer warns and grants nothing", async () => {
    const client = stubClient(5, 2);
    const lookup = new TeamMembersLookup(client);
    client.teams.splice(1, 1); // t2 deleted after the listing
    assert.deepEqual(await lookup.membersOf("t2", signal), { found: false });
    assert.deepEqual(client.pages, ["first", "2"], "the whole listing, to its end");

    const logged = captureStream();
    const syncer = teamsSyncer(client as unknown as Env0Api, new TeamMembersLookup(client));
    const grants = await syncer.grants!(
      { signal, logger: createLogger({ format: "json", stream: logged }) },
      newGroupResource(teamType, "t2", "Team 2"),
    );
    assert.deepEqual(grants.items, []);
    assert.match(logged.text(), /"msg":"team no longer listed by env0; no member grants for it".*"team":"t2"/);
  });

  test("a listing that leaves members out (older env0) costs one detail request per team", async () => {
    const client = stubClient(3, 10, { withoutUsers: true });
    const lookup = new TeamMembersLookup(client);
    await listAll(client, lookup);
    for (const team of client.teams)
      assert.deepEqual(await lookup.membersOf(team.id, signal), { found: true, memberIds: [`m-${team.id}`] });
    assert.deepEqual(client.details, ["t1", "t2", "t3"]);
  });
});
