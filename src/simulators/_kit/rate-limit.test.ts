import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createRateLimiter } from "./rate-limit.ts";

describe("fixed-window rate limiter", () => {
  it("allows exactly `limit` per window and key, then says when it resets", () => {
    let now = 10_000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 }, () => now);
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.take("k").allowed),
      [true, true, true],
    );
    now += 400;
    assert.deepEqual(limiter.take("k"), { allowed: false, remaining: 0, resetMs: 600 });
    assert.equal(limiter.take("other").allowed, true, "keys are counted apart");
    now += 600;
    assert.deepEqual(limiter.take("k"), { allowed: true, remaining: 2, resetMs: 1000 });
  });

  it("supports per-minute windows and a reset", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 }, () => now);
    assert.equal(limiter.take("k").allowed, true);
    now = 59_999;
    assert.equal(limiter.take("k").allowed, false);
    limiter.reset();
    assert.equal(limiter.take("k").allowed, true);
  });

  it("refuses a rule that allows nothing", () => {
    assert.throws(() => createRateLimiter({ limit: 0, windowMs: 1000 }), RangeError);
  });
});
