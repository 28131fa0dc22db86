import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { startRunlayer } from "./_test-client.ts";

describe("Runlayer simulator: auth", () => {
  it("accepts the key in x-runlayer-api-key or as a Bearer token", async (t) => {
    const { call, tenant } = await startRunlayer(t);
    assert.equal((await call("/users/me", { headers: { "x-runlayer-api-key": tenant.adminKey } })).status, 200);
    const bearer = await call("/users/me", { headers: { authorization: `Bearer ${tenant.adminKey}` } });
    assert.equal(bearer.status, 200);
    assert.equal(((await bearer.json()) as { id: string }).id, tenant.fixtures.superAdminId);
  });

  it("answers 401 without a key and for an unknown one", async (t) => {
    const { call, as } = await startRunlayer(t);
    const none = await call("/users", { headers: {} });
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { detail: "Not authenticated" });
    const unknown = await as("rl_0000", "/users/me");
    assert.equal(unknown.status, 401);
    assert.deepEqual(await unknown.json(), { detail: "Invalid or expired API key" });
    assert.equal((await call("/users/me", { headers: { authorization: "Basic abc" } })).status, 401);
  });

  it("lets a Developer's key read itself but not users, roles or assignments", async (t) => {
    const { as, tenant } = await startRunlayer(t);
    const me = await as(tenant.developerKey, "/users/me");
    assert.equal(me.status, 200);
    assert.deepEqual(((await me.json()) as { roles: string[] }).roles, ["developer"]);
    for (const path of ["/users", "/roles", "/roles/assignments", `/users/${tenant.fixtures.developerId}/roles`]) {
      const refused = await as(tenant.developerKey, path);
      assert.equal(refused.status, 403, path);
      assert.match(((await refused.json()) as { detail: string }).detail, /^Insufficient permissions/);
    }
  });

  it("refuses an organization key on every user endpoint, /users/me included", async (t) => {
    const { as, tenant } = await startRunlayer(t);
    assert.match(tenant.orgKey, /^rl_org_/);
    for (const path of ["/users/me", "/users", "/roles"]) {
      const refused = await as(tenant.orgKey, path);
      assert.equal(refused.status, 403, path);
      assert.deepEqual(await refused.json(), { detail: "Organization API keys cannot access user or role endpoints" });
    }
  });

  it("lets Helpdesk and Security Admin read users and roles", async (t) => {
    const { simulator, as, tenant } = await startRunlayer(t);
    // Give the Helpdesk and Security Admin fixtures keys of their own, as their users would.
    tenant.apiKeys["rl_helpdesk_test"] = { kind: "personal", userId: tenant.fixtures.helpdeskId };
    tenant.apiKeys["rl_security_test"] = { kind: "personal", userId: tenant.fixtures.securityDeveloperId };
    for (const key of ["rl_helpdesk_test", "rl_security_test"]) {
      assert.equal((await as(key, "/users")).status, 200);
      assert.equal((await as(key, "/roles/assignments")).status, 200);
    }
    assert.ok(simulator.stats().requests >= 4);
  });
});
