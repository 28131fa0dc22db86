import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { RATE_LIMIT } from "./index.ts";
import { dataOf, startRunlayer } from "./_test-client.ts";

describe(`Runlayer simulator: rate limit (${RATE_LIMIT.limit} requests a second per key, an assumption)`, () => {
  it("answers 429 beyond the limit with a FastAPI detail and no Retry-After, per key, and recovers", async (t) => {
    // The clock stands still during the burst, so every request falls in one window however slow
    // the machine is; moving it to the window's end reopens it.
    let clock = 0;
    const { call, as, tenant, simulator } = await startRunlayer(t, { clock: () => clock });
    const responses = await Promise.all(Array.from({ length: RATE_LIMIT.limit + 30 }, () => call("/users/me")));
    const limited = responses.filter((response) => response.status === 429);
    const ok = responses.filter((response) => response.status === 200);
    assert.equal(ok.length, RATE_LIMIT.limit);
    assert.equal(limited.length, 30);
    assert.deepEqual(await limited[0]?.json(), { detail: `Rate limit exceeded: ${RATE_LIMIT.limit} per 1 second` });
    assert.equal(limited[0]?.headers.get("retry-after"), null);
    assert.equal(simulator.stats().rateLimited, limited.length);
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.arrayBuffer()));
    assert.equal((await as(tenant.developerKey, "/users/me")).status, 200, "another key has its own window");
    clock = RATE_LIMIT.windowMs - 1;
    assert.equal((await call("/users/me")).status, 429, "still the same window");
    clock = RATE_LIMIT.windowMs;
    assert.equal((await call("/users/me")).status, 200);
  });

  it("does not limit when rateLimit is false", async (t) => {
    const { call, simulator } = await startRunlayer(t, { rateLimit: false });
    const responses = await Promise.all(Array.from({ length: RATE_LIMIT.limit + 30 }, () => call("/users/me")));
    assert.ok(responses.every((response) => response.status === 200));
    assert.equal(simulator.stats().rateLimited, 0);
    await Promise.all(responses.map((response) => response.arrayBuffer()));
  });
});

describe("Runlayer simulator: faults", () => {
  it("serves 500s as Starlette's plain text and 502s as the load balancer's page", async (t) => {
    const { call, simulator } = await startRunlayer(t, {
      faults: ["server-error:500*1@/api/v1/users", "server-error:502*1@/api/v1/users"],
    });
    const plain = await call("/users");
    assert.equal(plain.status, 500);
    assert.match(plain.headers.get("content-type") ?? "", /^text\/plain/);
    assert.equal(await plain.text(), "Internal Server Error");
    const gateway = await call("/users");
    assert.equal(gateway.status, 502);
    assert.match(await gateway.text(), /502 Bad Gateway/);
    assert.equal((await call("/users")).status, 200);
    assert.equal(simulator.faults.applied.total, 2);
  });

  it("rotates a page's data, repeats a page and answers the fault 429 in Runlayer's shape", async (t) => {
    const { call, simulator } = await startRunlayer(t, { users: 250 });
    const first = (await dataOf(await call("/users?skip=0&limit=100"))).map((user) => user["id"]);
    simulator.faults.add({ kind: "repeat-page", path: "/api/v1/users" });
    assert.deepEqual(
      (await dataOf(await call("/users?skip=100&limit=100"))).map((user) => user["id"]),
      first,
    );
    simulator.faults.add({ kind: "change-page", path: "/api/v1/users" });
    const rotated = (await dataOf(await call("/users?skip=0&limit=100"))).map((user) => user["id"]);
    assert.notDeepEqual(rotated, first);
    assert.deepEqual(new Set(rotated), new Set(first));
    simulator.faults.add({ kind: "rate-limit", path: "/api/v1/users" });
    const limited = await call("/users");
    assert.equal(limited.status, 429);
    assert.match(((await limited.json()) as { detail: string }).detail, /^Rate limit exceeded/);
  });
});
