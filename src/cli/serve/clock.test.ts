/**
 * The system clock's timers, on node:test's mocked timers: a wait longer than setTimeout's
 * 24.8-day limit fires when due, not at once; a cancelled one never fires.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { systemClock } from "./clock.ts";

const DAY_MS = 86_400_000;

test("a 30-day timer fires after 30 days, not at setTimeout's overflow; cancel stops it", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  let fired = 0;
  systemClock.setTimer(() => fired++, 30 * DAY_MS);
  const cancelled = systemClock.setTimer(() => fired++, 30 * DAY_MS);
  cancelled.cancel();
  t.mock.timers.tick(1);
  assert.equal(fired, 0, "not at once");
  t.mock.timers.tick(25 * DAY_MS);
  assert.equal(fired, 0, "not at the first 2^31-1 ms step");
  t.mock.timers.tick(5 * DAY_MS - 2);
  assert.equal(fired, 0);
  t.mock.timers.tick(1);
  assert.equal(fired, 1);
  assert.equal(systemClock.now(), 30 * DAY_MS);
});
