import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createRandom } from "./random.ts";
import { DAY_MS, daysAgo, parseReferenceDate, referenceDateOf } from "./reference-date.ts";

describe("referenceDateOf", () => {
  it("defaults to the start of the current UTC day, the same all day long", () => {
    const morning = Date.UTC(2026, 10, 23, 0, 0, 0, 1);
    const night = Date.UTC(2026, 10, 23, 23, 59, 59, 999);
    assert.equal(referenceDateOf({}, () => morning).toISOString(), "2026-11-23T00:00:00.000Z");
    assert.equal(referenceDateOf({}, () => night).toISOString(), "2026-11-23T00:00:00.000Z");
    assert.equal(referenceDateOf(undefined, () => night + 1).toISOString(), "2026-11-24T00:00:00.000Z");
    const today = referenceDateOf();
    assert.ok(today.getTime() <= Date.now() && Date.now() - today.getTime() < DAY_MS);
  });

  it("takes a given date as it is, copied, and refuses an invalid one", () => {
    const given = new Date("2025-06-01T12:34:56.000Z");
    const reference = referenceDateOf({ referenceDate: given }, () => 0);
    assert.equal(reference.toISOString(), "2025-06-01T12:34:56.000Z");
    assert.notEqual(reference, given, "a copy: the caller may change theirs");
    assert.throws(() => referenceDateOf({ referenceDate: new Date("nope") }), RangeError);
  });
});

describe("parseReferenceDate", () => {
  it("reads YYYY-MM-DD as that day's midnight UTC", () => {
    assert.equal(parseReferenceDate("2025-06-01").toISOString(), "2025-06-01T00:00:00.000Z");
    assert.equal(parseReferenceDate("2024-02-29").toISOString(), "2024-02-29T00:00:00.000Z");
  });

  it("refuses anything else, and days the calendar does not have", () => {
    for (const text of [
      "",
      "2025-6-1",
      "2025-06-01T00:00:00Z",
      "01/06/2025",
      "today",
      "2025-02-30",
      "2025-13-01",
      "2025-00-10",
      "2023-02-29",
      "0042-01-01",
    ]) {
      assert.throws(() => parseReferenceDate(text), SyntaxError, text);
    }
  });
});

describe("daysAgo", () => {
  it("draws between the two day counts before the reference, once, whatever the reference", () => {
    const reference = new Date("2025-06-01T00:00:00.000Z");
    const rng = createRandom(7);
    for (let draw = 0; draw < 500; draw++) {
      const stale = reference.getTime() - daysAgo(rng, reference, 181, 400).getTime();
      assert.ok(stale > 181 * DAY_MS && stale <= 401 * DAY_MS, String(stale / DAY_MS));
      const recent = reference.getTime() - daysAgo(rng, reference, 30, 0).getTime();
      assert.ok(recent > 0 && recent <= 31 * DAY_MS, String(recent / DAY_MS));
    }
    const [a, b] = [createRandom(3), createRandom(3)];
    const later = new Date(reference.getTime() + 500 * DAY_MS);
    assert.equal(
      later.getTime() - daysAgo(a, later, 10, 20).getTime(),
      reference.getTime() - daysAgo(b, reference, 10, 20).getTime(),
      "the same offset",
    );
    assert.equal(a.uuid(), b.uuid(), "and the same draws after it");
  });
});
