import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { COMPANY_DOMAIN, PERSONAL_DOMAINS } from "./names.ts";
import { peopleFor, personAt, productLane, rosterJoiners, rosterSlice } from "./roster.ts";

const PRODUCTS = ["codefresh", "env0", "clockify", "runlayer"];

describe("people roster", () => {
  it("is deterministic per seed and differs between seeds", () => {
    assert.deepEqual(peopleFor(1, 30), peopleFor(1, 30));
    assert.notDeepEqual(
      peopleFor(1, 30).map((person) => person.email),
      peopleFor(2, 30).map((person) => person.email),
    );
  });

  it("grows by prefix: asking for more people never changes the first ones", () => {
    assert.deepEqual(peopleFor(4, 200).slice(0, 50), peopleFor(4, 50));
  });

  it("makes realistic people with unique emails, mostly on the company domain", () => {
    const people = rosterSlice(1, "clockify", 3000);
    assert.equal(new Set(people.map((person) => person.email)).size, people.length);
    assert.equal(new Set(people.map((person) => person.username)).size, people.length);
    const personal = people.filter((person) => person.personalEmail);
    assert.ok(personal.length > 100 && personal.length < 400, `about 7% personal emails, got ${personal.length}`);
    for (const person of people.slice(0, 200)) {
      assert.equal(person.fullName, `${person.firstName} ${person.lastName}`);
      const domain = person.email.split("@")[1];
      assert.ok(
        person.personalEmail ? PERSONAL_DOMAINS.includes(domain as string) : domain === COMPANY_DOMAIN,
        person.email,
      );
      assert.match(person.email, /^[a-z0-9]+\.[a-z0-9]+@[a-z0-9.-]+$/);
      assert.ok(person.department && person.title && person.timeZone.includes("/"));
      assert.ok(!Number.isNaN(Date.parse(person.hiredAt)));
    }
  });

  it("keeps emails unique far beyond the number of name pairs", () => {
    const far = [0, 1, 2].map((cycle) => personAt(1, cycle * 1_000_000 + 17));
    assert.equal(new Set(far.map((person) => person.email)).size, 3);
  });

  it("gives the four products distinct lanes, so their own people never collide", () => {
    assert.equal(new Set(PRODUCTS.map(productLane)).size, PRODUCTS.length);
  });

  it("shares about 70% of each product's people with the common pool, so the same email shows up across products", () => {
    const clockify = rosterSlice(1, "clockify", 60);
    const env0 = rosterSlice(1, "env0", 60);
    assert.equal(clockify.length, 60);
    const shared = clockify.filter((person) => env0.some((other) => other.email === person.email));
    assert.equal(shared.length, 42);
    const same = env0.find((person) => person.key === shared[0]?.key);
    assert.deepEqual(same, shared[0], "same person, same attributes, in both products");
    assert.equal(
      rosterSlice(1, "clockify", 60).filter((person) =>
        rosterSlice(1, "runlayer", 20).some((other) => other.key === person.key),
      ).length,
      14,
    );
  });

  it("hands out joiners who are new to the product, the same ones every time", () => {
    const before = rosterSlice(3, "clockify", 60);
    const joiners = rosterJoiners(3, "clockify", 60, 5);
    assert.equal(joiners.length, 5);
    assert.ok(joiners.every((joiner) => !before.some((person) => person.key === joiner.key)));
    assert.deepEqual(joiners, rosterJoiners(3, "clockify", 60, 5));
    const next = rosterJoiners(3, "clockify", 65, 5);
    assert.ok(next.every((joiner) => !joiners.some((person) => person.key === joiner.key)));
  });

  it("refuses nonsense sizes", () => {
    assert.throws(() => rosterSlice(1, "clockify", -1), RangeError);
    assert.throws(() => personAt(1, 1.5), RangeError);
  });
});
