import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpClient, type HttpClientOptions } from "./index.ts";
import { failure, fakeTime, instant, script, startServer } from "./_test-support.ts";

function client(
  origin: string,
  clock: ReturnType<typeof fakeTime>,
  options: Partial<HttpClientOptions> = {},
): HttpClient {
  return new HttpClient({ baseUrl: origin, ...instant(clock), ...options });
}

// The guard only turns a hang into a failure; no assertion depends on how long anything took.
const GUARD = { timeout: 30_000 };

describe("HttpClient's deadline across retries", () => {
  it("an API that never answers fails at the deadline, not after attempts × timeout", GUARD, async (t) => {
    const server = await startServer(t, script({ status: 200, hang: true }));
    const api = client(server.origin, fakeTime(), { timeoutMs: 60_000, deadlineMs: 500, retry: { maxAttempts: 8 } });
    const error = await failure(api.getJson("/users"));
    assert.equal(error.kind, "timeout");
    assert.equal(error.message, "GET /users got no answer within 500ms, the most a request may take");
    assert.match(error.hint ?? "", /--http-timeout-seconds \(BATON_HTTP_TIMEOUT_SECONDS\)/);
    // At most one: on a loaded machine the deadline may pass before the request has arrived.
    assert.ok(server.requests.length <= 1, "the deadline is final: no retry after it");
    assert.deepEqual(api.stats, { requests: 1, retries: 0, rateLimited: 0, failures: 1 });
  });

  it("counts every attempt: failures and then a hang end at the same deadline", GUARD, async (t) => {
    const server = await startServer(t, script({ status: 503 }, { status: 503 }, { status: 200, hang: true }));
    const api = client(server.origin, fakeTime(), { timeoutMs: 60_000, deadlineMs: 1000, retry: { baseDelayMs: 1 } });
    const error = await failure(api.getJson("/users"));
    assert.equal(error.message, "GET /users got no answer within 1s over 3 attempts, the most a request may take");
    assert.equal(server.requests.length, 3);
  });

  it("does not wait for a retry that could only start after the deadline", async (t) => {
    const server = await startServer(t, script({ status: 503, headers: { "retry-after": "10" } }));
    const clock = fakeTime();
    const api = client(server.origin, clock, { deadlineMs: 5_000 });
    const error = await failure(api.getJson("/users"));
    assert.equal(error.kind, "unavailable");
    assert.equal(
      error.message,
      "GET /users returned 503 Service Unavailable (gave up after 1 attempt: 5s is the most a request may take)",
    );
    assert.deepEqual(clock.waits, [], "no wait at all");
    assert.equal(server.requests.length, 1);
  });

  it("the caller's abort still wins over the deadline", GUARD, async (t) => {
    const server = await startServer(t, script({ status: 200, hang: true }));
    const api = client(server.origin, fakeTime(), { deadlineMs: 60_000 });
    const controller = new AbortController();
    const pending = api.getJson("/x", { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort("stop");
    await assert.rejects(pending, (error: unknown) => error === "stop");
  });

  it("refuses a deadline that is not positive", () => {
    assert.throws(
      () => new HttpClient({ baseUrl: "https://api.test", deadlineMs: 0 }),
      /deadlineMs must be a positive number/,
    );
  });
});
