import assert from "node:assert/strict";
import { test } from "node:test";
import { newUserResource, defineResourceType, newGroupResource } from "../core/index.ts";
import { matchesQuery, pageOf } from "./api.ts";

/** 0, 1, 2… up to `count`, counting how many were read. */
function numbers(count: number): { items: Iterable<number>; read: () => number } {
  let read = 0;
  return {
    items: (function* () {
      for (let n = 0; n < count; n++) {
        read++;
        yield n;
      }
    })(),
    read: () => read,
  };
}

test("pageOf keeps only the page, and stops reading at its end when the total is known", () => {
  const known = numbers(100_000);
  assert.deepStrictEqual(pageOf(known.items, 10, 5, { total: 100_000 }), {
    items: [10, 11, 12, 13, 14],
    total: 100_000,
  });
  assert.equal(known.read(), 15);

  const filtered = numbers(100_000);
  const page = pageOf(filtered.items, 2, 3, { match: (n) => n % 1000 === 0 });
  assert.deepStrictEqual(page, { items: [2000, 3000, 4000], total: 100 });
  assert.equal(filtered.read(), 100_000, "a filter counts every match, so it reads to the end");

  assert.deepStrictEqual(
    pageOf(numbers(3).items, 5, 10, { total: 3 }),
    { items: [], total: 3 },
    "past the end: an empty page",
  );
});

test("matchesQuery: name, id, any email, login; ignoring case", () => {
  const userType = defineResourceType({ id: "user", displayName: "User", traits: ["user"] });
  const groupType = defineResourceType({ id: "group", displayName: "Group", traits: ["group"] });
  const user = newUserResource(userType, "u-42", "Zoë Example", {
    emails: ["zoe@corp.example", "Z.Second@Other.example"],
    login: "zexample",
  });
  for (const query of ["zoë", "ZOË EX", "u-4", "corp.EXAMPLE", "z.second@other", "ZEXAMPLE"])
    assert.equal(matchesQuery(user, query), true, query);
  for (const query of ["zoe example", "u-43", "nobody"]) assert.equal(matchesQuery(user, query), false, query);
  const group = newGroupResource(groupType, "g-eng", "Engineering");
  assert.equal(matchesQuery(group, "ENG"), true);
  assert.equal(matchesQuery(group, "@"), false);
});
