import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { pageIds, startClockify } from "./_test-client.ts";

describe("Clockify simulator: rate limit (50 requests a second per key)", () => {
  it("answers 429 beyond 50 a second, without Retry-After, and recovers after the window", async (t) => {
    // The clock stands still during the burst: all 80 requests fall in one window, however slow
    // the machine; moving it past the second reopens the window.
    let clock = 0;
    const { call, tenant, simulator } = await startClockify(t, { clock: () => clock });
    const responses = await Promise.all(Array.from({ length: 80 }, () => call("/user")));
    const limited = responses.filter((response) => response.status === 429);
    const ok = responses.filter((response) => response.status === 200);
    assert.equal(ok.length, 50);
    assert.equal(limited.length, 30);
    assert.deepEqual(await limited[0]?.json(), { message: "Too many requests", code: 429 });
    assert.equal(limited[0]?.headers.get("retry-after"), null);
    assert.equal(simulator.stats().rateLimited, limited.length);
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.arrayBuffer()));

    assert.equal(
      (await call("/user", { headers: { "X-Api-Key": tenant.memberKey } })).status,
      200,
      "another key has its own window",
    );
    clock = 999;
    assert.equal((await call("/user")).status, 429, "still the same window");
    clock = 1000;
    assert.equal((await call("/user")).status, 200);
  });

  it("does not limit when rateLimit is false", async (t) => {
    const { call, simulator } = await startClockify(t, { rateLimit: false });
    const responses = await Promise.all(Array.from({ length: 80 }, () => call("/user")));
    assert.ok(responses.every((response) => response.status === 200));
    assert.equal(simulator.stats().rateLimited, 0);
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.arrayBuffer()));
  });
});

describe("Clockify simulator: faults", () => {
  it("injects a 429 burst and 5xx on one path, in Clockify's shapes", async (t) => {
    const { call, workspacePath, simulator } = await startClockify(t, {
      faults: [{ kind: "rate-limit", times: 2, path: "/api/v1/workspaces/:id/users" }],
    });
    simulator.faults.add({ kind: "server-error", status: 503, path: "/api/v1/workspaces/:id/users" });
    const statuses = [];
    for (let round = 0; round < 4; round++) statuses.push((await call(`${workspacePath}/users`)).status);
    assert.deepEqual(statuses, [429, 429, 503, 200]);
    assert.equal((await call("/user")).status, 200);
    assert.deepEqual(simulator.faults.applied.byKind["rate-limit"], 2);
    assert.equal(simulator.stats().byPath[`/api/v1${workspacePath}/users`], 4);
  });

  it("repeats a page of users, then pages on normally", async (t) => {
    const { call, workspacePath, simulator } = await startClockify(t);
    const list = `${workspacePath}/users?status=ALL&page-size=20`;
    const page1 = await pageIds(await call(`${list}&page=1`));
    simulator.faults.add({ kind: "repeat-page", path: "/api/v1/workspaces/:id/users" });
    const page2 = await call(`${list}&page=2`);
    assert.deepEqual(await pageIds(page2), page1);
    assert.equal(page2.headers.get("last-page"), "false");
    const page3 = await pageIds(await call(`${list}&page=3`));
    assert.ok(page3.every((id) => !page1.includes(id)));
  });

  it("changes a page between calls, hangs, drops and breaks JSON on demand", async (t) => {
    const { call, workspacePath, simulator } = await startClockify(t);
    const groups = `${workspacePath}/user-groups`;
    const clean = await pageIds(await call(groups));
    simulator.faults.add("change-page");
    assert.notDeepEqual(await pageIds(await call(groups)), clean);
    simulator.faults.add("hang");
    await assert.rejects(
      call(groups, { headers: { "X-Api-Key": simulator.tenant.adminKey }, signal: AbortSignal.timeout(100) }),
      { name: "TimeoutError" },
    );
    simulator.faults.add("drop");
    await assert.rejects(call(groups), TypeError);
    simulator.faults.add("malformed-json");
    await assert.rejects((await call(groups)).json(), SyntaxError);
    assert.equal(simulator.faults.applied.total, 4);
    assert.deepEqual(await pageIds(await call(groups)), clean);
  });
});
