/**
 * The one-page cache behind group grants (members and team managers), against a stub of its
 * narrow source (STYLE.md habit 4).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { NumberedPageAnswer } from "../../core/index.ts";
import type { ApiGroup, NumberedPageRequest } from "./client.ts";
import { GroupMembersLookup, type GroupsSource } from "./groups.ts";

/** Groups g1…gN with member u-gK (listed twice) and manager m-gK, served `pageSize` at a time; `fetched` records the pages asked for. */
function stubSource(count: number): GroupsSource & { groups: ApiGroup[]; fetched: number[] } {
  const groups: ApiGroup[] = Array.from({ length: count }, (_, index) => ({
    id: `g${index + 1}`,
    name: `G${index + 1}`,
    userIds: [`u-g${index + 1}`, `u-g${index + 1}`],
    teamManagers: [{ id: `m-g${index + 1}`, name: "Manager" }],
  }));
  const source = {
    groups,
    fetched: [] as number[],
    listGroups({ page, pageSize }: NumberedPageRequest): Promise<NumberedPageAnswer<ApiGroup>> {
      source.fetched.push(page);
      const start = (page - 1) * pageSize;
      return Promise.resolve({
        items: source.groups.slice(start, start + pageSize),
        lastPage: start + pageSize >= source.groups.length,
      });
    },
  };
  return source;
}

/** What the lookup answers for group `id` of the stub. */
const people = (id: string) => ({ memberIds: [`u-${id}`], managerIds: [`m-${id}`] });

describe("Clockify group members lookup", () => {
  test("groups asked for in list order cost one request per page, and members come once each", async () => {
    const source = stubSource(7);
    const lookup = new GroupMembersLookup(source, 3);
    for (const group of source.groups) assert.deepEqual(await lookup.peopleOf(group.id), people(group.id));
    assert.deepEqual(source.fetched, [1, 2, 3]);
  });

  test("concurrent lookups share the page being fetched", async () => {
    const source = stubSource(6);
    const lookup = new GroupMembersLookup(source, 3);
    const results = await Promise.all(source.groups.map((group) => lookup.peopleOf(group.id)));
    assert.deepEqual(
      results,
      source.groups.map((group) => people(group.id)),
    );
    assert.deepEqual(source.fetched, [1, 2]);
  });

  test("after a deletion shifts groups to an earlier page, they are still found; a deleted group is undefined", async () => {
    const source = stubSource(7);
    const lookup = new GroupMembersLookup(source, 3);
    assert.deepEqual(await lookup.peopleOf("g1"), people("g1"));
    source.groups.splice(1, 1); // g2 deleted: g4 moves back to page 1
    source.fetched.length = 0;
    assert.deepEqual(await lookup.peopleOf("g4"), people("g4"));
    assert.deepEqual(source.fetched, [2, 1], "forward to page 2 first, then round from page 1");
    assert.equal(await lookup.peopleOf("g2"), undefined);
    assert.deepEqual(await lookup.peopleOf("g7"), people("g7"));
  });

  test("a failed fetch fails that lookup only", async () => {
    const source = stubSource(4);
    let failOnce = true;
    const failing: GroupsSource = {
      listGroups(request) {
        if (request.page !== 2 || !failOnce) return source.listGroups(request);
        failOnce = false;
        return Promise.reject(new Error("boom"));
      },
    };
    const lookup = new GroupMembersLookup(failing, 3);
    assert.deepEqual(await lookup.peopleOf("g1"), people("g1"));
    await assert.rejects(lookup.peopleOf("g4"), /boom/);
    assert.deepEqual(await lookup.peopleOf("g4"), people("g4"));
  });

  test("team managers come once each; a group without them (or listed without includeTeamManagers) has none", async () => {
    const source = stubSource(0);
    source.groups.push(
      {
        id: "g1",
        userIds: ["u1"],
        teamManagers: [{ id: "m1", name: "A" }, { id: "m1", name: "A" }, { name: "no id" }, { id: "" }],
      },
      { id: "g2", userIds: [], teamManagers: [] },
      { id: "g3", userIds: ["u3"] },
    );
    const lookup = new GroupMembersLookup(source, 5);
    assert.deepEqual(await lookup.peopleOf("g1"), { memberIds: ["u1"], managerIds: ["m1"] });
    assert.deepEqual(await lookup.peopleOf("g2"), { memberIds: [], managerIds: [] });
    assert.deepEqual(await lookup.peopleOf("g3"), { memberIds: ["u3"], managerIds: [] });
  });
});
