import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { basicHeader, json, startEnv0 } from "./_test-client.ts";

const UNAUTHORIZED = { message: "Unauthorized" };
const FORBIDDEN = { message: "Forbidden" };

describe("env0 simulator: authentication", () => {
  it("answers 401 {message} without Basic credentials, with a wrong secret or an unknown key", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const cases = [
      {},
      { Authorization: `Bearer ${tenant.adminKey.secret}` },
      { Authorization: basicHeader({ ...tenant.adminKey, secret: "wrong" }) },
      { Authorization: basicHeader({ ...tenant.orgKey, secret: tenant.adminKey.secret }) },
      { Authorization: basicHeader({ apiKeyId: "nosuchkey0000000", secret: "x" }) },
      { Authorization: "Basic !!!" },
    ];
    for (const headers of cases) {
      const response = await call("/organizations", { headers });
      assert.equal(response.status, 401, JSON.stringify(headers));
      assert.deepEqual(await response.json(), UNAUTHORIZED);
    }
  });

  it("checks auth before routing, so an unknown path without a key is a 401", async (t) => {
    const { call } = await startEnv0(t);
    assert.equal((await call("/no-such-thing", { headers: {} })).status, 401);
  });
});

describe("env0 simulator: organizations and permissions", () => {
  it("shows the admin's personal key both organizations, with its role in each", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const orgs = await json(await call("/organizations"));
    assert.deepEqual(
      orgs.map((org) => [org["id"], org["role"]]),
      [
        [tenant.organizationId, "Admin"],
        [tenant.organizations[1]?.id, "User"],
      ],
    );
    const second = tenant.organizations[1]?.id;
    assert.equal((await call(`/organizations/${second}/users`)).status, 403, "a User there cannot list members");
    assert.equal((await call(`/roles?organizationId=${second}`)).status, 200);
  });

  it("shows an organization key only its own organization, and lets it sync", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const orgs = await json(await call("/organizations", { as: tenant.orgKey }));
    assert.deepEqual(
      orgs.map((org) => org["id"]),
      [tenant.organizationId],
    );
    assert.equal((await call(`/organizations/${tenant.organizationId}/users`, { as: tenant.orgKey })).status, 200);
  });

  it("gives a User's key 403 on members, API keys and teams, but its organizations and roles", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const org = tenant.organizationId;
    const as = tenant.memberKey;
    for (const path of [
      `/organizations/${org}/users`,
      `/api-keys?organizationId=${org}`,
      `/teams/organizations/${org}`,
      `/teams/${tenant.fixtures.apiKeyTeamId}`,
    ]) {
      const response = await call(path, { as });
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), FORBIDDEN);
    }
    assert.deepEqual(
      (await json(await call("/organizations", { as }))).map((o) => o["id"]),
      [org],
    );
    assert.equal((await call(`/roles?organizationId=${org}`, { as })).status, 200);
  });

  it("lets a key whose custom role has VIEW_ORGANIZATION read members", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const key = tenant.organization.apiKeys.find((candidate) => candidate.id === tenant.fixtures.customRoleKeyId);
    assert.ok(key);
    assert.equal((await call(`/organizations/${tenant.organizationId}/users`, { as: key })).status, 200);
  });

  it("does not show the outsider key the main organization: 403 there", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const as = tenant.outsiderKey;
    assert.deepEqual(
      (await json(await call("/organizations", { as }))).map((o) => o["id"]),
      [tenant.organizations[1]?.id],
    );
    for (const path of [
      `/organizations/${tenant.organizationId}/users`,
      `/roles?organizationId=${tenant.organizationId}`,
      `/organizations/00000000-0000-4000-8000-000000000000/users`,
    ]) {
      const response = await call(path, { as });
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), FORBIDDEN);
    }
  });
});
