import assert from "node:assert/strict";
import { test } from "node:test";
import { generatedEncoders } from "./codec.ts";
import {
  encodeEntitlement,
  encodeGrant,
  encodeGrantExpandable,
  encodeResource,
  newGrant,
  newGroupResource,
  newUserResource,
} from "./index.ts";
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
  forRandom(
    (r) => r.resource(),
    (resource) => assert.equal(hex(encodeResource(resource)), hex(generatedEncoders.resource(resource))),
  );
});

test("entitlements encode to the generated codec's bytes", () => {
  forRandom(
    (r) => r.entitlement(),
    (entitlement) => assert.equal(hex(encodeEntitlement(entitlement)), hex(generatedEncoders.entitlement(entitlement))),
  );
});

test("grants encode to the generated codec's bytes, with and without their GrantExpandable", () => {
  forRandom(
    (r) => r.grant(),
    (grant) => {
      assert.equal(hex(encodeGrant(grant)), hex(generatedEncoders.grant(grant)));
      assert.equal(
        hex(encodeGrant(grant, { omitExpandable: true })),
        hex(generatedEncoders.grant(grant, { omitExpandable: true })),
      );
    },
  );
});

test("GrantExpandable encodes to the generated codec's bytes", () => {
  forRandom(
    (r) => r.expandable(),
    (expandable) =>
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

test("non-ASCII strings around each length prefix's size encode to the generated codec's bytes", () => {
  // The writer reserves the prefix for three bytes per UTF-16 unit, then moves the string down
  // when it came out shorter: lengths on both sides of 128 bytes and of 128 units check each case.
  for (const piece of ["é", "東", "🙂", "\ud800", "a"]) {
    for (let units = 40; units <= 140; units++) {
      const text = `${"x".repeat(units - piece.length)}${piece}`;
      const user = newUserResource("user", text, text, { emails: [`${text}@example.com`], profile: { [text]: text } });
      assert.equal(
        hex(encodeResource(user)),
        hex(generatedEncoders.resource(user)),
        `${units} units ending ${JSON.stringify(piece)}`,
      );
    }
  }
});

test("encoded rows stay intact while many more are encoded after them", () => {
  // Rows are views of a shared chunk: none may be overwritten by a later one, across chunks too.
  const models = Array.from({ length: 3_000 }, (_, seed) => new RandomModel(seed + 1).grant());
  const encoded = models.map((grant) => encodeGrant(grant));
  models.forEach((grant, i) => assert.equal(hex(encoded[i]!), hex(generatedEncoders.grant(grant)), `grant ${i}`));
});

test("a row that fails to encode leaves nothing behind in the next one", () => {
  const broken = newUserResource("user", "u1", "One", { lastLogin: new Date(Number.NaN) });
  assert.throws(() => encodeResource(broken), RangeError);
  const user = newUserResource("user", "u2", "Two", { emails: ["two@example.com"] });
  assert.equal(hex(encodeResource(user)), hex(generatedEncoders.resource(user)));
});
