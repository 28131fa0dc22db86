import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpClient, type HttpClientOptions } from "./index.ts";
import { failure, fakeTime, instant, script, startServer } from "./_test-support.ts";

const T0 = Date.UTC(2025, 0, 1);

function client(
  origin: string,
  clock: ReturnType<typeof fakeTime>,
  options: Partial<HttpClientOptions> = {},
): HttpClient {
  return new HttpClient({ baseUrl: origin, ...instant(clock), ...options });
}

describe("HttpClient retries", () => {
  it("429 three times then 200 succeeds after 3 retries", async (t) => {
    const server = await startServer(
      t,
      script(
        { status: 429, body: { message: "Too many requests" } },
        { status: 429 },
        { status: 429 },
        { status: 200, body: { ok: true } },
      ),
    );
    const clock = fakeTime(T0);
    const api = client(server.origin, clock);
    const res = await api.getJson<{ ok: boolean }>("/users");
    assert.deepEqual(res.body, { ok: true });
    assert.equal(server.requests.length, 4);
    assert.deepEqual(api.stats, { requests: 4, retries: 3, rateLimited: 3, failures: 0 });
  });

  it("500 then 200 succeeds", async (t) => {
    const server = await startServer(t, script({ status: 500 }, { status: 200, body: [] }));
    const api = client(server.origin, fakeTime(T0));
    assert.deepEqual((await api.getJson("/users")).body, []);
    assert.equal(api.stats.retries, 1);
  });

  it("backs off with full jitter: random × min(maxDelay, base × 2^n)", async (t) => {
    const server = await startServer(t, script({ status: 503 }));
    const clock = fakeTime(T0);
    const api = client(server.origin, clock, {
      random: () => 0.5,
      retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 5000 },
    });
    const error = await failure(api.getJson("/x"));
    assert.deepEqual(clock.waits, [500, 1000, 2000, 2500, 2500]);
    assert.equal(error.kind, "unavailable");
    assert.equal(error.message, "GET /x returned 503 Service Unavailable (gave up after 6 attempts)");
    assert.equal(
      error.hint,
      "the API kept failing on its side: try again later; if it persists, check the product's status page",
    );
    assert.deepEqual(api.stats, { requests: 6, retries: 5, rateLimited: 0, failures: 1 });
  });

  it("honours Retry-After in seconds", async (t) => {
    const server = await startServer(
      t,
      script({ status: 429, headers: { "retry-after": "7" } }, { status: 200, body: {} }),
    );
    const clock = fakeTime(T0);
    await client(server.origin, clock).getJson("/x");
    assert.deepEqual(clock.waits, [7000]);
  });

  it("honours Retry-After as an HTTP date", async (t) => {
    const server = await startServer(
      t,
      script(
        { status: 503, headers: { "retry-after": new Date(T0 + 12_000).toUTCString() } },
        { status: 200, body: {} },
      ),
    );
    const clock = fakeTime(T0);
    await client(server.origin, clock).getJson("/x");
    assert.deepEqual(clock.waits, [12_000]);
  });

  const resets: [string, Record<string, string>][] = [
    ["relative seconds", { "x-ratelimit-reset": "9" }],
    ["epoch seconds", { "ratelimit-reset": String(T0 / 1000 + 9) }],
    ["epoch milliseconds", { "x-rate-limit-reset": String(T0 + 9000) }],
  ];
  for (const [form, headers] of resets) {
    it(`honours a rate-limit reset in ${form}`, async (t) => {
      const server = await startServer(t, script({ status: 429, headers }, { status: 200, body: {} }));
      const clock = fakeTime(T0);
      await client(server.origin, clock).getJson("/x");
      assert.deepEqual(clock.waits, [9000]);
    });
  }

  it("takes the longer of the jittered backoff and the server's wait", async (t) => {
    const server = await startServer(
      t,
      script({ status: 429, headers: { "retry-after": "0" } }, { status: 200, body: {} }),
    );
    const clock = fakeTime(T0);
    await client(server.origin, clock, { random: () => 0.9 }).getJson("/x");
    assert.deepEqual(clock.waits, [450]);
  });

  it("pauses every caller after a 429, not just the one that got it", async (t) => {
    const server = await startServer(
      t,
      script({ status: 429, headers: { "retry-after": "30" } }, { status: 200, body: {} }),
    );
    const clock = fakeTime(T0);
    let other: Promise<unknown> | undefined;
    const api: HttpClient = client(server.origin, clock, {
      sleep: async (ms, signal) => {
        // While /a waits out its 429, another caller starts a request.
        if (other === undefined) other = api.getJson("/b");
        await new Promise((resolve) => setImmediate(resolve));
        await clock.sleep(ms, signal);
      },
    });
    await api.getJson("/a");
    await other;
    assert.deepEqual(clock.waits, [30_000, 30_000], "/b waited for the same pause instead of hitting the API");
    assert.deepEqual(server.requests.map((r) => r.url).sort(), ["/a", "/a", "/b"]);
    assert.equal(api.stats.rateLimited, 1);
  });

  it("an exhausted allowance on a success holds the next request until the reset", async (t) => {
    const server = await startServer(
      t,
      script(
        { status: 200, body: {}, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "4" } },
        { status: 200, body: {} },
      ),
    );
    const clock = fakeTime(T0);
    const api = client(server.origin, clock);
    await api.getJson("/a");
    assert.deepEqual(clock.waits, []);
    await api.getJson("/b");
    assert.deepEqual(clock.waits, [4000]);
  });

  it("fails at once with a hint when the server asks for more than maxRetryAfterMs", async (t) => {
    const server = await startServer(
      t,
      script({ status: 429, headers: { "retry-after": "3600" }, body: { message: "Too many requests" } }),
    );
    const clock = fakeTime(T0);
    const error = await failure(client(server.origin, clock).getJson("/x"));
    assert.equal(error.kind, "rate-limited");
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(
      error.message,
      "GET /x returned 429 Too Many Requests: Too many requests (the API asked to wait 1h 0m, longer than the 5m idsync waits)",
    );
    assert.match(error.hint ?? "", /try again/);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(clock.waits, []);
  });

  it("retry: false makes one attempt", async (t) => {
    const server = await startServer(t, script({ status: 503 }));
    const error = await failure(client(server.origin, fakeTime(T0)).getJson("/x", { retry: false }));
    assert.equal(error.kind, "unavailable");
    assert.equal(error.message, "GET /x returned 503 Service Unavailable");
    assert.equal(server.requests.length, 1);
  });

  it("a hanging response times out and is retried", async (t) => {
    const server = await startServer(t, script({ status: 200, hang: true }, { status: 200, body: { ok: 1 } }));
    const api = client(server.origin, fakeTime(T0), { timeoutMs: 100 });
    assert.deepEqual((await api.getJson("/x")).body, { ok: 1 });
    assert.equal(server.requests.length, 2);
    assert.equal(api.stats.retries, 1);
  });

  it("a body that stalls counts against the same timeout", async (t) => {
    const server = await startServer(t, (_req, res, index) => {
      if (index === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"partial":');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":2}');
    });
    const api = client(server.origin, fakeTime(T0), { timeoutMs: 100, retry: { maxAttempts: 1 } });
    const error = await failure(api.getJson("/x"));
    assert.equal(error.kind, "timeout");
    assert.equal(error.message, "GET /x timed out after 100ms");
    assert.deepEqual((await api.getJson("/x")).body, { ok: 2 });
  });

  it("a connection destroyed mid-body is unavailable and retried", async (t) => {
    const server = await startServer(
      t,
      script(
        { status: 200, body: { users: ["a", "b", "c"] }, dropMidBody: true },
        { status: 200, body: { users: [] } },
      ),
    );
    const api = client(server.origin, fakeTime(T0));
    assert.deepEqual((await api.getJson("/x")).body, { users: [] });
    assert.equal(server.requests.length, 2);

    const dropping = await startServer(t, script({ status: 200, body: { users: ["a", "b"] }, dropMidBody: true }));
    const error = await failure(client(dropping.origin, fakeTime(T0), { retry: { maxAttempts: 1 } }).getJson("/x"));
    assert.equal(error.kind, "unavailable");
    assert.match(
      error.message,
      /^GET \/x failed: connection closed by 127\.0\.0\.1:\d+ while reading the response \(UND_ERR_SOCKET\)$/,
    );
  });
});

describe("HttpClient and the caller's AbortSignal", () => {
  it("aborting a hanging request rejects with the caller's reason, without retry", async (t) => {
    const server = await startServer(t, script({ status: 200, hang: true }));
    const api = client(server.origin, fakeTime(T0), { timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error("user pressed Ctrl-C");
    const pending = api.getJson("/x", { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(reason);
    await assert.rejects(pending, (error: unknown) => error === reason);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(
      api.stats,
      { requests: 1, retries: 0, rateLimited: 0, failures: 0 },
      "an abort is not an API failure",
    );
  });

  it("aborting during a backoff wait stops at once", async (t) => {
    const server = await startServer(t, script({ status: 503 }));
    const controller = new AbortController();
    const api = new HttpClient({
      baseUrl: server.origin,
      random: () => 0.5,
      sleep: (_ms, signal) => {
        controller.abort("stop");
        return Promise.reject(signal?.reason);
      },
    });
    await assert.rejects(api.getJson("/x", { signal: controller.signal }), (error: unknown) => error === "stop");
    assert.equal(server.requests.length, 1);
  });

  it("an already-aborted signal sends nothing", async (t) => {
    const server = await startServer(t, script({ status: 200, body: {} }));
    const api = client(server.origin, fakeTime(T0));
    await assert.rejects(
      api.getJson("/x", { signal: AbortSignal.abort("early") }),
      (error: unknown) => error === "early",
    );
    assert.equal(server.requests.length, 0);
  });
});
