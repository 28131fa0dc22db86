import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpClient, RateLimiter, RateLimiterPool } from "./index.ts";
import { _Semaphore } from "./limiter.ts";
import { fakeTime, instant, startServer } from "./_test-support.ts";

/** The most starts that fall in any window of `spanMs` (half-open: [t, t + span)). */
function busiestWindow(starts: number[], spanMs: number): number {
  let best = 0;
  for (const start of starts) best = Math.max(best, starts.filter((s) => s >= start && s < start + spanMs).length);
  return best;
}

describe("RateLimiter", () => {
  it("lets at most N requests start in any one-second window", async () => {
    const clock = fakeTime(0);
    const limiter = new RateLimiter({ requestsPerSecond: 5, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      const answered = await limiter.acquire();
      starts.push(clock.now());
      answered();
    }
    assert.deepEqual(starts, [0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    assert.equal(busiestWindow(starts, 1000), 5);
  });

  it("spreads concurrent callers the same way, first come first served", async () => {
    const clock = fakeTime(0);
    // Each caller answers as soon as it is let through; the clock moves only after they have.
    const sleep = async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.sleep(ms);
    };
    const limiter = new RateLimiter({ requestsPerSecond: 2, now: clock.now, sleep });
    const order: [number, number][] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.acquire().then((answered) => {
          order.push([i, clock.now()]);
          answered();
        }),
      ),
    );
    assert.deepEqual(order, [
      [0, 0],
      [1, 0],
      [2, 1000],
      [3, 1000],
      [4, 2000],
      [5, 2000],
    ]);
  });

  it("combines per-second and per-minute limits (env0's 1000/min, Clockify's 50/s)", async () => {
    const clock = fakeTime(0);
    const limiter = new RateLimiter({
      requestsPerSecond: 50,
      requestsPerMinute: 120,
      now: clock.now,
      sleep: clock.sleep,
    });
    const starts: number[] = [];
    for (let i = 0; i < 300; i++) {
      const answered = await limiter.acquire();
      starts.push(clock.now());
      answered();
    }
    assert.equal(busiestWindow(starts, 1000), 50);
    assert.equal(busiestWindow(starts, 60_000), 120);
    assert.equal(starts[119], 2000, "the first 120 go in three one-second bursts");
    assert.equal(starts[120], 60_000, "then the minute window is full");
  });

  it("a pause holds every caller until it ends, and never shortens", async () => {
    const clock = fakeTime(0);
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.pauseFor(5000);
    limiter.pauseFor(1000);
    assert.equal(limiter.pausedUntil, 5000);
    (await limiter.acquire())();
    assert.equal(clock.now(), 5000);
    (await limiter.acquire())();
    assert.deepEqual(clock.waits, [5000]);
  });

  it("a caller that aborts while queued leaves at once and takes no permit", async () => {
    const clock = fakeTime(0);
    let release: () => void = () => undefined;
    // A sleep that only ends when the test says so keeps the first caller waiting.
    const limiter = new RateLimiter({
      requestsPerSecond: 1,
      now: clock.now,
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
          release = () => {
            clock.advance(ms);
            resolve();
          };
        }),
    });
    (await limiter.acquire())();
    const second = limiter.acquire();
    const controller = new AbortController();
    const third = limiter.acquire(controller.signal);
    controller.abort(new Error("cancelled"));
    await assert.rejects(third, /cancelled/);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    (await second)();
    assert.equal(clock.now(), 1000);
  });

  it("counts a request until one window after its answer, so a late arrival cannot crowd the next window", async () => {
    const clock = fakeTime(0);
    const limiter = new RateLimiter({ requestsPerSecond: 1, now: clock.now, sleep: clock.sleep });
    const first = await limiter.acquire();
    clock.advance(400);
    // Its answer comes 400 ms after it was let go: it may have reached the API as late as that,
    // so the next request waits a whole second from then, not from when the first was let go.
    first();
    (await limiter.acquire())();
    assert.equal(clock.now(), 1400);
  });

  it("a window full of requests in flight waits for an answer, however long", async () => {
    const clock = fakeTime(0);
    const limiter = new RateLimiter({ requestsPerSecond: 2, now: clock.now, sleep: clock.sleep });
    const held = [await limiter.acquire(), await limiter.acquire()];
    const order: string[] = [];
    const third = limiter.acquire().then((answered) => {
      order.push(`third at ${clock.now()}`);
      answered();
    });
    await new Promise((resolve) => setImmediate(resolve));
    order.push("answer");
    held[0]!();
    await third;
    held[1]!();
    // Sleeping could not help while both were in flight; the answer started the second.
    assert.deepEqual(order, ["answer", "third at 1000"]);
    assert.deepEqual(clock.waits, [1000]);
  });

  it("a permit granted to a caller that already gave up goes back unused", async () => {
    const clock = fakeTime(0);
    const limiter = new RateLimiter({ requestsPerSecond: 1, now: clock.now, sleep: clock.sleep });
    const controller = new AbortController();
    const gaveUp = limiter.acquire(controller.signal);
    controller.abort(new Error("cancelled"));
    await assert.rejects(gaveUp, /cancelled/);
    (await limiter.acquire())();
    assert.equal(clock.now(), 0, "the abandoned permit took no place in the window");
  });

  it("rejects limits that are not whole numbers of at least 1", () => {
    assert.throws(() => new RateLimiter({ requestsPerSecond: 0.5 }), /requestsPerMinute for slower rates/);
    assert.throws(() => new RateLimiter({ requestsPerMinute: 0 }), /at least 1/);
  });
});

describe("_Semaphore", () => {
  it("bounds holders and serves waiters in order; releasing twice is harmless", async () => {
    const semaphore = new _Semaphore(2);
    const a = await semaphore.acquire();
    const b = await semaphore.acquire();
    const order: string[] = [];
    const c = semaphore.acquire().then((release) => (order.push("c"), release));
    const d = semaphore.acquire().then((release) => (order.push("d"), release));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, []);
    a();
    a();
    (await c)();
    b();
    (await d)();
    assert.deepEqual(order, ["c", "d"]);
  });

  it("an aborted waiter leaves the queue", async () => {
    const semaphore = new _Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort("gone");
    await assert.rejects(waiting, (error: unknown) => error === "gone");
    held();
    const next = await semaphore.acquire();
    next();
  });
});

describe("HttpClient concurrency", () => {
  it("never has more than maxConcurrency requests in flight", async (t) => {
    const total = 10;
    let pending: (() => void)[] = [];
    let scheduled = false;
    const releaseAll = (): void => {
      scheduled = false;
      const now = pending;
      pending = [];
      for (const answer of now) answer();
    };
    const server = await startServer(t, (_req, res) => {
      pending.push(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
      // Hold answers once three are waiting, giving a client that ignored its bound the chance
      // to send a fourth (which the server would count), then answer them all. A correct client
      // cannot finish unless it keeps sending; no assertion depends on the delay.
      if (pending.length >= 3 && !scheduled) {
        scheduled = true;
        setTimeout(releaseAll, 20);
      }
    });
    const api = new HttpClient({ baseUrl: server.origin, maxConcurrency: 3, ...instant(fakeTime()) });
    const all = Promise.all(Array.from({ length: total }, (_, i) => api.getJson(`/users/${i}`)));
    // The last request (10 = 3 + 3 + 3 + 1) never fills the hold; answer whatever waits.
    const drain = setInterval(() => {
      if (!scheduled) releaseAll();
    }, 50);
    t.after(() => clearInterval(drain));
    await all;
    assert.equal(server.requests.length, total);
    assert.equal(server.inFlight.max, 3);
    assert.equal(api.stats.requests, total);
  });
});

describe("RateLimiterPool", () => {
  it("gives clients of one origin and limits one limiter, so together they keep the rate", async (t) => {
    const server = await startServer(t, (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end("{}"),
    );
    const clock = fakeTime(0);
    const starts: number[] = [];
    const limiters = new RateLimiterPool();
    const client = () =>
      new HttpClient({ baseUrl: server.origin, rateLimit: { requestsPerSecond: 2 }, limiters, ...instant(clock) });
    const [first, second] = [client(), client()];
    for (let i = 0; i < 3; i++) {
      for (const api of [first, second]) {
        await api.getJson("/users");
        starts.push(clock.now());
      }
    }
    assert.deepEqual(starts, [0, 0, 1000, 1000, 2000, 2000]);
  });

  it("keeps other origins and other limits apart", () => {
    const pool = new RateLimiterPool();
    const make = () => new RateLimiter({ requestsPerSecond: 5 });
    const a = pool.limiterFor("https://a.example", { requestsPerSecond: 5 }, make);
    assert.equal(pool.limiterFor("https://a.example", { requestsPerSecond: 5 }, make), a);
    assert.notEqual(pool.limiterFor("https://b.example", { requestsPerSecond: 5 }, make), a);
    assert.notEqual(pool.limiterFor("https://a.example", { requestsPerMinute: 5 }, make), a);
  });
});
