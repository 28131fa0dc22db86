import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { RATE_LIMIT } from "./index.ts";
import { ids, startCodefresh } from "./_test-client.ts";

describe(`Codefresh simulator: rate limit (ASSUMPTION: ${RATE_LIMIT.limit} requests a second per key)`, () => {
  it("answers 429 past the limit with no rate-limit headers, per key, and recovers after the window", async (t) => {
    // A clock that stands still keeps the whole burst in one window on however slow a machine.
    let clock = 0;
    const { call, tenant, simulator } = await startCodefresh(t, { clock: () => clock });
    const burst = RATE_LIMIT.limit + 10;
    const responses = await Promise.all(Array.from({ length: burst }, () => call("/user")));
    const limited = responses.filter((response) => response.status === 429);
    assert.equal(responses.filter((response) => response.status === 200).length, RATE_LIMIT.limit);
    assert.equal(limited.length, 10);
    const first = limited[0] as Response;
    assert.deepEqual(await first.json(), {
      status: 429,
      code: "2429",
      name: "TOO_MANY_REQUESTS_ERROR",
      message: "Too Many Requests",
      context: {},
    });
    for (const name of first.headers.keys()) assert.doesNotMatch(name, /retry-after|rate-?limit/i);
    assert.equal(simulator.stats().rateLimited, limited.length);
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.arrayBuffer()));

    assert.equal((await call("/user", tenant.orphanKey)).status, 200, "another key has its own window");
    clock = RATE_LIMIT.windowMs - 1;
    assert.equal((await call("/user")).status, 429, "still the same window");
    clock = RATE_LIMIT.windowMs;
    assert.equal((await call("/user")).status, 200);
  });

  it("does not limit when rateLimit is false", async (t) => {
    const { call } = await startCodefresh(t, { rateLimit: false });
    const responses = await Promise.all(Array.from({ length: 40 }, () => call("/user")));
    assert.ok(responses.every((response) => response.status === 200));
    await Promise.all(responses.map((response) => response.arrayBuffer()));
  });
});

describe("Codefresh simulator: faults", () => {
  it("injects 429s and 5xx on the members path, in Codefresh's shapes, then answers normally", async (t) => {
    const path = "/api/accounts/:id/users";
    const { call, tenant, simulator } = await startCodefresh(t, { faults: [{ kind: "rate-limit", times: 1, path }] });
    simulator.faults.add({ kind: "server-error", status: 500, path });
    simulator.faults.add({ kind: "server-error", status: 502, path });
    const members = `/accounts/${tenant.account.id}/users`;
    const answers = [];
    for (let round = 0; round < 4; round++) {
      const response = await call(members);
      answers.push([response.status, response.headers.get("content-type")?.split(";")[0]]);
      await response.arrayBuffer();
    }
    assert.deepEqual(answers, [
      [429, "application/json"],
      [500, "application/json"],
      [502, "text/html"],
      [200, "application/json"],
    ]);
    assert.equal((await call("/user")).status, 200);
  });

  it("changes the member list between calls, drops and breaks JSON on demand", async (t) => {
    const { call, tenant, simulator } = await startCodefresh(t);
    const members = `/accounts/${tenant.account.id}/users`;
    const clean = await ids(await call(members));
    simulator.faults.add("change-page");
    const changed = await ids(await call(members));
    assert.notDeepEqual(changed, clean);
    assert.deepEqual([...changed].sort(), [...clean].sort());
    simulator.faults.add("drop");
    await assert.rejects(call(members), TypeError);
    simulator.faults.add("malformed-json");
    await assert.rejects((await call(members)).json(), SyntaxError);
    assert.deepEqual(await ids(await call(members)), clean);
  });
});
