import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findSimulator } from "../index.ts";
import { MAX_TEAMS_LIMIT } from "./teams.ts";
import { json, startEnv0 } from "./_test-client.ts";

type Json = Record<string, unknown>;
interface TeamsPage {
  teams: Json[];
  nextPageKey?: string;
}

describe("env0 simulator: registry and determinism", () => {
  it("is registered as env0 and answers byte for byte the same for the same seed", async (t) => {
    assert.ok(findSimulator("env0"));
    const bodies = async (seed: number): Promise<string[]> => {
      const { call, tenant } = await startEnv0(t, { seed });
      const org = tenant.organizationId;
      const paths = [
        "/organizations",
        `/organizations/${org}/users`,
        `/api-keys?organizationId=${org}`,
        `/roles?organizationId=${org}`,
        `/teams/organizations/${org}?limit=100`,
      ];
      return Promise.all(paths.map(async (path) => (await call(path)).text()));
    };
    const [first, again, other] = await Promise.all([bodies(7), bodies(7), bodies(8)]);
    assert.deepEqual(first, again);
    assert.ok(first.every((body, index) => body !== other[index]));
  });
});

describe("env0 simulator: users, API keys and roles", () => {
  it("lists every member as a bare array of {user, role, status}, invitees bare", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const f = tenant.fixtures;
    const response = await call(`/organizations/${tenant.organizationId}/users`);
    assert.equal(response.status, 200);
    const items = await json<{ user: Json; role: string; status: string }[]>(response);
    assert.equal(items.length, tenant.organization.members.length);
    const byId = new Map(items.map((item) => [item.user["user_id"], item]));
    const admin = byId.get(f.adminId);
    assert.equal(admin?.role, "Admin");
    assert.equal(admin?.status, "Active");
    assert.deepEqual(Object.keys(admin?.user ?? {}), [
      "user_id",
      "email",
      "name",
      "given_name",
      "family_name",
      "picture",
      "created_at",
      "last_login",
      "app_metadata",
    ]);
    const invited = byId.get(f.invitedCustomRoleId);
    assert.equal(invited?.status, "Invited");
    assert.deepEqual(Object.keys(invited?.user ?? {}), ["user_id", "email", "name"]);
    assert.equal(invited?.user["name"], invited?.user["email"]);
    assert.equal(byId.get(f.orphanRoleHolderId)?.role, f.orphanRoleId);
    assert.equal("last_login" in (byId.get(f.neverSignedInId)?.user ?? {}), false);
  });

  it("lists API keys without their secrets, unless asked to leak them", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const keys = await json(await call(`/api-keys?organizationId=${tenant.organizationId}`));
    assert.equal(keys.length, tenant.organization.apiKeys.length);
    assert.ok(keys.every((key) => !("apiKeySecret" in key)));
    const text = JSON.stringify(keys);
    for (const key of tenant.organization.apiKeys) assert.ok(!text.includes(key.secret));
    const never = keys.find((key) => key["id"] === tenant.fixtures.neverUsedKeyId);
    assert.equal(never?.["lastUsedAt"], null);
    assert.equal((never?.["createdByUser"] as Json | undefined)?.["user_id"], never?.["createdBy"]);

    const leaky = await startEnv0(t, { exposeKeySecrets: true });
    const leaked = await json(await leaky.call(`/api-keys?organizationId=${leaky.tenant.organizationId}`));
    assert.ok(leaked.every((key) => typeof key["apiKeySecret"] === "string"));
  });

  it("lists custom roles only, and one role by id", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const roles = await json(await call(`/roles?organizationId=${tenant.organizationId}`));
    assert.deepEqual(
      roles.map((role) => role["id"]),
      tenant.organization.roles.map((role) => role.id),
    );
    assert.ok(!roles.some((role) => ["Admin", "User", tenant.fixtures.orphanRoleId].includes(role["id"] as string)));
    const one = await json<Json>(await call(`/roles/${tenant.organization.roles[0]?.id}`));
    assert.deepEqual(Object.keys(one), ["id", "name", "organizationId", "permissions", "isDefaultRole"]);
    assert.equal((await call(`/roles/${tenant.fixtures.orphanRoleId}`)).status, 404);
  });

  it("requires organizationId on /api-keys and /roles, answering 400 in plain text", async (t) => {
    const { call } = await startEnv0(t);
    for (const path of ["/api-keys", "/roles"]) {
      const response = await call(path);
      assert.equal(response.status, 400);
      assert.match(response.headers.get("content-type") ?? "", /text\/plain/);
      assert.equal(await response.text(), "/querystring must have required property 'organizationId'");
    }
  });
});

describe("env0 simulator: teams", () => {
  it("pages with nextPageKey until it is absent, every team once, members inside", async (t) => {
    const { call, tenant } = await startEnv0(t, { groups: 11 });
    const list = `/teams/organizations/${tenant.organizationId}?limit=4`;
    const seen: string[] = [];
    const keys: (string | undefined)[] = [];
    let offset: string | undefined;
    do {
      const page = await json<TeamsPage>(
        await call(offset === undefined ? list : `${list}&offset=${encodeURIComponent(offset)}`),
      );
      assert.ok(page.teams.length <= 4);
      seen.push(...page.teams.map((team) => team["id"] as string));
      offset = page.nextPageKey;
      keys.push(offset);
    } while (offset !== undefined);
    assert.equal(keys.length, 3);
    assert.deepEqual(seen.sort(), tenant.organization.teams.map((team) => team.id).sort());

    const all = await json<TeamsPage>(await call(`/teams/organizations/${tenant.organizationId}?limit=100`));
    const withKeys = all.teams.find((team) => team["id"] === tenant.fixtures.apiKeyTeamId);
    const users = withKeys?.["users"] as Json[];
    assert.ok(
      users.some((user) => user["user_id"] === tenant.fixtures.teamKeyId),
      "API keys appear by id among a team's users",
    );
    assert.deepEqual(all.teams.find((team) => team["id"] === tenant.fixtures.emptyTeamId)?.["users"], []);
    assert.equal(all.nextPageKey, undefined);
  });

  it("filters by name, refuses a bad limit or page key, and serves one team by id", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const list = `/teams/organizations/${tenant.organizationId}`;
    const team = tenant.organization.teams[2];
    const named = await json<TeamsPage>(
      await call(`${list}?name=${encodeURIComponent(team?.name.toUpperCase() ?? "")}`),
    );
    assert.ok(named.teams.some((candidate) => candidate["id"] === team?.id));
    assert.equal((await call(`${list}?limit=${MAX_TEAMS_LIMIT + 1}`)).status, 400);
    assert.equal((await call(`${list}?limit=0`)).status, 400);
    assert.equal((await call(`${list}?offset=not-a-key`)).status, 400);
    const one = await json<Json>(await call(`/teams/${team?.id}`));
    assert.equal(one["name"], team?.name);
    assert.equal((await call("/teams/00000000-0000-4000-8000-000000000000")).status, 404);
  });

  it("serves the teams as one bare array in the older shape", async (t) => {
    const { call, tenant } = await startEnv0(t, { teamsShape: "array", groups: 120 });
    const teams = await json(await call(`/teams/organizations/${tenant.organizationId}?limit=100`));
    assert.ok(Array.isArray(teams));
    assert.equal(teams.length, 120);
  });

  it("answers 404 for unknown paths and 405 for other methods, in {message}", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const missing = await call("/no-such-thing");
    assert.deepEqual([missing.status, await missing.json()], [404, { message: "Not Found" }]);
    const post = await call(`/organizations/${tenant.organizationId}/users`, { method: "POST", as: tenant.adminKey });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET");
  });
});
