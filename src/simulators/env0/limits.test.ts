import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createEnv0Simulator, RATE_LIMIT } from "./index.ts";
import { basicHeader, json, startEnv0 } from "./_test-client.ts";

describe("env0 simulator: rate limit (1,000 requests a minute per IP + method + URI)", () => {
  // In-process (no sockets): a thousand loopback requests would only slow the suite down.
  it("answers 429 {message} without headers past 1,000 on one URI; other URIs and IPs have their own count", async () => {
    const simulator = createEnv0Simulator();
    const { tenant } = simulator;
    const request = (path: string, ip?: string) =>
      simulator.handler(
        new Request(`http://127.0.0.1${path}`, {
          headers: { Authorization: basicHeader(tenant.adminKey), ...(ip ? { "X-Forwarded-For": ip } : {}) },
        }),
      );
    const roles = `/roles?organizationId=${tenant.organizationId}`;
    for (let index = 0; index < RATE_LIMIT.limit; index++) assert.equal((await request(roles)).status, 200);
    const limited = await request(roles);
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), { message: "Too Many Requests" });
    assert.deepEqual(
      [...limited.headers.keys()].filter((name) => /rate|retry/i.test(name)),
      [],
    );
    assert.equal(simulator.stats().rateLimited, 1);
    assert.equal((await request("/organizations")).status, 200, "another URI");
    assert.equal((await request(`${roles}&x=1`)).status, 200, "the query is part of the URI");
    assert.equal((await request(roles, "10.0.0.7")).status, 200, "another IP");
  });

  it("does not limit when rateLimit is false", async () => {
    const simulator = createEnv0Simulator({ rateLimit: false });
    const headers = { Authorization: basicHeader(simulator.tenant.adminKey) };
    for (let index = 0; index <= RATE_LIMIT.limit; index++) {
      assert.equal((await simulator.handler(new Request("http://127.0.0.1/organizations", { headers }))).status, 200);
    }
  });
});

describe("env0 simulator: faults", () => {
  it("injects a 429 burst and 5xx on the members list, in env0's shapes", async (t) => {
    const { call, tenant, simulator } = await startEnv0(t, {
      faults: [{ kind: "rate-limit", times: 2, path: "/organizations/:id/users" }],
    });
    simulator.faults.add({ kind: "server-error", status: 503, path: "/organizations/:id/users" });
    const path = `/organizations/${tenant.organizationId}/users`;
    const first = await call(path);
    assert.deepEqual([first.status, await first.json()], [429, { message: "Too Many Requests" }]);
    const statuses = [];
    for (let round = 0; round < 3; round++) statuses.push((await call(path)).status);
    assert.deepEqual(statuses, [429, 503, 200]);
    assert.equal(simulator.faults.applied.byKind["rate-limit"], 2);
  });

  it("repeats and changes a teams page on demand", async (t) => {
    const { call, tenant, simulator } = await startEnv0(t, { groups: 9 });
    const list = `/teams/organizations/${tenant.organizationId}?limit=4`;
    const ids = (page: { teams: { id: string }[] }) => page.teams.map((team) => team.id);
    const first = await json<{ teams: { id: string }[]; nextPageKey: string }>(await call(list));
    simulator.faults.add({ kind: "repeat-page", path: "/teams/organizations/:id" });
    const repeated = await json<{ teams: { id: string }[]; nextPageKey: string }>(
      await call(`${list}&offset=${first.nextPageKey}`),
    );
    assert.deepEqual(ids(repeated), ids(first));
    simulator.faults.add({ kind: "change-page", path: "/teams/organizations/:id" });
    assert.notDeepEqual(ids(await json(await call(list))), ids(first));
  });
});
