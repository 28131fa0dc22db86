import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConnectionDropped, changePage, emptyList, malformJson } from "./fault-effects.ts";
import { FaultController, parseFault } from "./faults.ts";
import { createToySimulator } from "./_test-support.ts";

const get = (path: string, init: RequestInit = {}): Request => new Request(`http://toy.test${path}`, init);
const ids = async (response: Response): Promise<string[]> =>
  ((await response.json()) as { id: string }[]).map((item) => item.id);

describe("parseFault", () => {
  it("reads the short command-line form", () => {
    assert.deepEqual(parseFault("server-error:503*2@/api/v1/workspaces/:id/users"), {
      kind: "server-error",
      status: 503,
      times: 2,
      path: "/api/v1/workspaces/:id/users",
    });
    assert.deepEqual(parseFault("slow:1500%3"), { kind: "slow", delayMs: 1500, every: 3 });
    assert.deepEqual(parseFault("drop:64"), { kind: "drop", afterBytes: 64 });
    assert.deepEqual(parseFault("hang"), { kind: "hang" });
    assert.deepEqual(parseFault("rate-limit*5"), { kind: "rate-limit", times: 5 });
  });

  it("refuses what it cannot read", () => {
    assert.throws(() => parseFault("explode"), SyntaxError);
    assert.throws(() => parseFault("slow"), SyntaxError);
    assert.throws(() => parseFault("server-error:418"), SyntaxError);
    assert.throws(() => new FaultController().add({ kind: "hang", times: 0 }), RangeError);
  });
});

describe("fault scheduling", () => {
  it("applies to the next matching request by default, then stops", async () => {
    const toy = createToySimulator({ faults: [{ kind: "server-error" }] });
    assert.equal((await toy.handler(get("/items"))).status, 500);
    assert.equal((await toy.handler(get("/items"))).status, 200);
    assert.equal(toy.faults.applied.total, 1);
    assert.equal(toy.faults.list()[0]?.exhausted, true);
  });

  it("counts N times, every Nth, and scopes by path and method", async () => {
    const toy = createToySimulator({ rateLimit: false });
    const burst = toy.faults.add({ kind: "rate-limit", times: 2, path: "/items" });
    const statuses = [];
    for (let round = 0; round < 3; round++) statuses.push((await toy.handler(get("/items"))).status);
    assert.deepEqual(statuses, [429, 429, 200]);
    assert.equal(burst.applied, 2);

    toy.faults.add({ kind: "server-error", status: 503, every: 3, method: "GET", path: "/items" });
    const pattern = [];
    for (let round = 0; round < 7; round++) pattern.push((await toy.handler(get("/items"))).status);
    assert.deepEqual(pattern, [200, 200, 503, 200, 200, 503, 200]);
    assert.equal(
      (await toy.handler(get("/echo", { method: "POST", body: "{}" }))).status,
      200,
      "other paths are untouched",
    );
    assert.deepEqual(toy.faults.applied.byKind["server-error"], 2);
    assert.equal(toy.faults.applied.total, 4);
  });

  it("uses the product's own 429 and does not count faulted 429s as real rate limiting", async () => {
    const toy = createToySimulator({ faults: ["rate-limit"] });
    const response = await toy.handler(get("/items"));
    assert.equal(response.status, 429);
    assert.equal(response.headers.get("retry-after"), "1");
    assert.deepEqual(await response.json(), { error: "slow down" });
    assert.equal(toy.stats().rateLimited, 0);
  });

  it("answers 5xx as a server or a gateway would", async () => {
    const toy = createToySimulator({ faults: [{ kind: "server-error", status: 502 }, { kind: "server-error" }] });
    const gateway = await toy.handler(get("/items"));
    assert.equal(gateway.status, 502);
    assert.match(await gateway.text(), /502 Bad Gateway/);
    const server = await toy.handler(get("/items"));
    assert.equal(server.status, 500);
    assert.deepEqual(await server.json(), { message: "Internal Server Error" });
  });

  it("clear() disarms everything and resets the tally", async () => {
    const toy = createToySimulator({ faults: [{ kind: "server-error", every: 1 }] });
    await toy.handler(get("/items"));
    toy.faults.clear();
    assert.equal((await toy.handler(get("/items"))).status, 200);
    assert.equal(toy.faults.applied.total, 0);
  });
});

describe("fault effects, in process", () => {
  it("malformed-json cuts a 2xx body so it no longer parses", async () => {
    const toy = createToySimulator({ faults: ["malformed-json"] });
    const text = await (await toy.handler(get("/items"))).text();
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.ok(text.startsWith('[{"id":"item-00"}'));
    assert.throws(
      () => JSON.parse(new TextDecoder().decode(malformJson(new TextEncoder().encode("1234")))),
      SyntaxError,
    );
  });

  it("repeat-page serves the previous page again, and waits until there is one", async () => {
    const toy = createToySimulator({ faults: [{ kind: "repeat-page", path: "/items" }] });
    const first = await ids(await toy.handler(get("/items?page=1&limit=10")));
    assert.equal(toy.faults.applied.total, 0, "page 1 has no previous page to repeat");
    const second = await toy.handler(get("/items?page=2&limit=10"));
    assert.deepEqual(await ids(second), first);
    assert.equal(second.headers.get("x-last-page"), "false", "headers stay those of the page asked for");
    assert.equal(toy.faults.applied.byKind["repeat-page"], 1);
    assert.deepEqual(await ids(await toy.handler(get("/items?page=3&limit=10"))), [
      "item-20",
      "item-21",
      "item-22",
      "item-23",
      "item-24",
    ]);
  });

  it("change-page returns the same page with different content on each faulted call", async () => {
    const toy = createToySimulator();
    const clean = await ids(await toy.handler(get("/items?page=1&limit=5")));
    toy.faults.add({ kind: "change-page", times: 2 });
    const once = await ids(await toy.handler(get("/items?page=1&limit=5")));
    const twice = await ids(await toy.handler(get("/items?page=1&limit=5")));
    assert.notDeepEqual(once, clean);
    assert.notDeepEqual(twice, once);
    assert.deepEqual([...once].sort(), clean);
    const envelope = new TextDecoder().decode(changePage(new TextEncoder().encode('{"data":[1,2,3],"count":3}'), 1));
    assert.deepEqual(JSON.parse(envelope), { data: [2, 3, 1], count: 3 });
    assert.equal(changePage(new TextEncoder().encode("[1]"), 1), undefined);
  });

  it("empty-list answers a list as an empty last page, and leaves other answers alone", async () => {
    const toy = createToySimulator({ faults: [{ kind: "empty-list", path: "/items", every: 1 }] });
    const emptied = await toy.handler(get("/items?page=1&limit=5"));
    assert.equal(emptied.status, 200);
    assert.deepEqual(await emptied.json(), []);
    assert.equal((await toy.handler(get("/empty"))).status, 204, "nothing to empty: answered as it was");
    assert.equal(toy.faults.applied.byKind["empty-list"], 1);
    const decode = (text: string): unknown => {
      const out = emptyList(new TextEncoder().encode(text));
      return out && JSON.parse(new TextDecoder().decode(out));
    };
    assert.deepEqual(decode('{"data":[1,2],"count":2}'), { data: [], count: 0 });
    assert.deepEqual(decode('{"teams":[{"id":"t"}],"nextPageKey":"k2"}'), { teams: [] });
    assert.equal(decode("[]"), undefined, "already empty: not counted as applied");
    assert.equal(decode('{"id":"one object"}'), undefined);
    assert.equal(decode("not json"), undefined);
  });

  it("drop rejects the handler as fetch would; hang waits for the caller's abort", async () => {
    const toy = createToySimulator({ faults: ["drop", "hang"] });
    await assert.rejects(toy.handler(get("/items")), ConnectionDropped);
    await assert.rejects(toy.handler(get("/items", { signal: AbortSignal.timeout(50) })), { name: "TimeoutError" });
    assert.equal(toy.faults.applied.total, 2);
  });

  it("releaseHanging() ends a hang whose caller never aborts", async () => {
    const toy = createToySimulator({ faults: ["hang"] });
    const pending = toy.handler(get("/items"));
    setTimeout(() => toy.faults.releaseHanging(), 20);
    await assert.rejects(pending, { name: "AbortError" });
  });

  it("slow and latency delay the answer, which is otherwise normal", async () => {
    const toy = createToySimulator({ latencyMs: 40, faults: [{ kind: "slow", delayMs: 80, method: "POST" }] });
    const started = performance.now();
    const response = await toy.handler(get("/echo", { method: "POST", body: JSON.stringify({ hello: "world" }) }));
    assert.deepEqual(await response.json(), { hello: "world" });
    assert.ok(performance.now() - started >= 110, "40 ms latency (±10%) plus an 80 ms slow fault");
  });
});

describe("pipeline counters and the documented rate limit", () => {
  it("counts requests per path and refuses beyond the product's limit, per key", async () => {
    const toy = createToySimulator();
    const statuses = [];
    for (let round = 0; round < 12; round++)
      statuses.push((await toy.handler(get("/items", { headers: { "x-key": "a" } }))).status);
    assert.deepEqual(statuses.filter((status) => status === 429).length, 2);
    assert.equal((await toy.handler(get("/items", { headers: { "x-key": "b" } }))).status, 200);
    assert.deepEqual(toy.stats(), { requests: 13, byPath: { "/items": 13 }, rateLimited: 2, itemsTouched: 0 });
  });

  it("does not limit when rateLimit is false", async () => {
    const toy = createToySimulator({ rateLimit: false });
    for (let round = 0; round < 15; round++) assert.equal((await toy.handler(get("/items"))).status, 200);
    assert.equal(toy.stats().rateLimited, 0);
  });
});
