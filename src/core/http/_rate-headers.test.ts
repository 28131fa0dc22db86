import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { _formatMs, _remaining, _resetMs, _retryAfterMs, _serverWaitMs } from "./_rate-headers.ts";

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

describe("rate-limit headers", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(_retryAfterMs(new Headers({ "retry-after": "120" }), NOW), 120_000);
    assert.equal(_retryAfterMs(new Headers({ "retry-after": "1.5" }), NOW), 1500);
    assert.equal(_retryAfterMs(new Headers({ "retry-after": new Date(NOW + 30_000).toUTCString() }), NOW), 30_000);
    assert.equal(_retryAfterMs(new Headers({ "retry-after": new Date(NOW - 30_000).toUTCString() }), NOW), 0);
    assert.equal(_retryAfterMs(new Headers({ "retry-after": "soon" }), NOW), undefined);
    assert.equal(_retryAfterMs(new Headers(), NOW), undefined);
  });

  it("detects a reset's form from its size", () => {
    assert.equal(_resetMs(new Headers({ "x-ratelimit-reset": "30" }), NOW), 30_000);
    assert.equal(_resetMs(new Headers({ "ratelimit-reset": String(NOW / 1000 + 30) }), NOW), 30_000);
    assert.equal(_resetMs(new Headers({ "x-rate-limit-reset": String(NOW + 30_000) }), NOW), 30_000);
    assert.equal(_resetMs(new Headers({ "x-ratelimit-reset": String(NOW / 1000 - 5) }), NOW), 0);
    assert.equal(_resetMs(new Headers({ "x-ratelimit-reset": "later" }), NOW), undefined);
  });

  it("uses a reset only on a 429 or with nothing remaining; Retry-After wins", () => {
    const reset = { "x-ratelimit-reset": "10" };
    assert.equal(_serverWaitMs(429, new Headers(reset), NOW), 10_000);
    assert.equal(_serverWaitMs(503, new Headers(reset), NOW), undefined);
    assert.equal(_serverWaitMs(503, new Headers({ ...reset, "x-ratelimit-remaining": "0" }), NOW), 10_000);
    assert.equal(_serverWaitMs(429, new Headers({ ...reset, "retry-after": "2" }), NOW), 2000);
    assert.equal(_serverWaitMs(429, new Headers(), NOW), undefined);
    assert.equal(_remaining(new Headers({ "ratelimit-remaining": "7" })), 7);
  });

  it("formats durations for messages", () => {
    assert.deepEqual(
      [_formatMs(850), _formatMs(12_500), _formatMs(300_000), _formatMs(3_720_000)],
      ["850ms", "12.5s", "5m", "1h 2m"],
    );
  });
});
