import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { pageIds, startClockify } from "./_test-client.ts";

const MULTIPLE_OR_NONE = { message: "Multiple or none auth tokens present", code: 1000 };
const ACCESS_DENIED = { message: "Access Denied", code: 501 };

describe("Clockify simulator: authentication", () => {
  it("answers 401 code 1000 for no token, both tokens, or a Bearer header", async (t) => {
    const { call, tenant } = await startClockify(t);
    const cases: Record<string, string>[] = [
      {},
      { "X-Api-Key": tenant.adminKey, "X-Addon-Token": "addon" },
      { Authorization: `Bearer ${tenant.adminKey}` },
      { "X-Api-Key": tenant.adminKey, Authorization: `Bearer ${tenant.adminKey}` },
    ];
    for (const headers of cases) {
      const response = await call("/user", { headers });
      assert.equal(response.status, 401, JSON.stringify(Object.keys(headers)));
      assert.deepEqual(await response.json(), MULTIPLE_OR_NONE);
    }
    const twice = new Headers([
      ["X-Api-Key", tenant.adminKey],
      ["X-Api-Key", tenant.memberKey],
    ]);
    assert.deepEqual(await (await call("/user", { headers: twice })).json(), MULTIPLE_OR_NONE);
  });

  it("answers 401 code 4003 for an unknown key and 4017 for an addon token", async (t) => {
    const { call } = await startClockify(t);
    const unknown = await call("/user", { headers: { "X-Api-Key": "bm90LWEta2V5" } });
    assert.equal(unknown.status, 401);
    assert.deepEqual(await unknown.json(), { message: "Api key does not exist", code: 4003 });
    const addon = await call("/user", { headers: { "X-Addon-Token": "eyJhbGciOi" } });
    assert.deepEqual([addon.status, await addon.json()], [401, { message: "Token is not valid", code: 4017 }]);
  });

  it("checks auth before routing, so an unknown path without a key is a 401", async (t) => {
    const { call } = await startClockify(t);
    assert.equal((await call("/no-such-thing", { headers: {} })).status, 401);
  });
});

describe("Clockify simulator: permissions", () => {
  it("gives a member's key 403 on users, users/info and groups, but its own user and workspace", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const headers = { "X-Api-Key": tenant.memberKey };
    for (const [path, method] of [
      [`${workspacePath}/users`, "GET"],
      [`${workspacePath}/users/info`, "POST"],
      [`${workspacePath}/user-groups`, "GET"],
    ] as const) {
      const response = await call(path, { method, headers, ...(method === "POST" ? { body: "{}" } : {}) });
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), ACCESS_DENIED);
    }
    const me = (await (await call("/user", { headers })).json()) as { id: string };
    assert.equal(me.id, tenant.fixtures.memberId);
    assert.deepEqual(await pageIds(await call("/workspaces", { headers })), [tenant.workspaceId]);
    assert.equal((await call(workspacePath, { headers })).status, 200);
  });

  it("answers 403 Access Denied for a workspace the key cannot see", async (t) => {
    const { call, tenant } = await startClockify(t);
    for (const id of ["64a687e29ae1f428e7ebe303", "None"]) {
      const response = await call(`/workspaces/${id}/users`);
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), ACCESS_DENIED);
    }
    const second = tenant.workspaces[1]?.id;
    const forMember = await call(`/workspaces/${second}`, { headers: { "X-Api-Key": tenant.memberKey } });
    assert.equal(forMember.status, 403);
    assert.equal((await call(`/workspaces/${second}/users`)).status, 200, "the owner administers the second workspace");
  });
});
