import assert from "node:assert/strict";
import { test } from "node:test";
import { generatedEncoders } from "./codec.ts";
import { encodeEntitlement, encodeGrant, encodeGrantExpandable, encodeResource, newGrant, newGroupResource, newUserResource } from "./index.ts";
import { RandomModel } from "./_test-random-model.ts";

const CASES = 1_000;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Runs `check` on `CASES` seeded inputs; a failure names the seed that reproduces it. */
function forRandom<T>(make: (random: RandomModel) => T, check: (value: T) => void): void {
  for (let seed = 1; seed <= CASES; seed++) {
    const value = make(new RandomModel(seed));
    try {
      check(value);
    } catch (error) {
      assert.fail(`seed ${seed}: ${(error as Error).message}`);
    }
  }
}

test("resources encode to the generated codec's bytes", () => {
  forRandom((r) => r.resource(), (resource) => assert.equal(hex(encodeResource(resource)), hex(generatedEncoders.resource(resource))));
});

test("entitlements encode to the generated codec's bytes", () => {
  forRandom((r) => r.entitlement(), (entitlement) =>
    assert.equal(hex(encodeEntitlement(entitlement)), hex(generatedEncoders.entitlement(entitlement))),
  );
});

test("grants encode to the generated codec's bytes, with and without their GrantExpandable", () => {
  forRandom((r) => r.grant(), (grant) => {
    assert.equal(hex(encodeGrant(grant)), hex(generatedEncoders.grant(grant)));
    assert.equal(hex(encodeGrant(grant, { omitExpandable: true })), hex(generatedEncoders.grant(grant, { omitExpandable: true })));
  });
});

test("GrantExpandable encodes to the generated codec's bytes", () => {
  forRandom((r) => r.expandable(), (expandable) =>
    assert.equal(hex(encodeGrantExpandable(expandable)), hex(generatedEncoders.grantExpandable(expandable))),
  );
});

test("a resource past the writer's first buffer encodes whole", () => {
  const user = newUserResource("user", "u1", "x".repeat(200_000), {
    emails: ["a@example.com"],
    profile: { bio: "é".repeat(50_000) },
  });
  assert.equal(hex(encodeResource(user)), hex(generatedEncoders.resource(user)));
});

test("the builders' typical user, group and grant encode to the generated codec's bytes", () => {
  const user = newUserResource("user", "u-42", "Ada Lovelace", {
    emails: ["ada@example.com"],
    login: "ada",
    lastLogin: new Date("2026-01-02T03:04:05.678Z"),
    profile: { email: "ada@example.com", role: "admin" },
  });
  const group = newGroupResource("team", "t-1", "Platform", { profile: { size: 3 } });
  const grant = newGrant(group, "member", user);
  assert.equal(hex(encodeResource(user)), hex(generatedEncoders.resource(user)));
  assert.equal(hex(encodeResource(group)), hex(generatedEncoders.resource(group)));
  assert.equal(hex(encodeGrant(grant)), hex(generatedEncoders.grant(grant)));
});
