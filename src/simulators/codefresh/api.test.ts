import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findSimulator, SIMULATORS } from "../index.ts";
import { MAIN_ACCOUNT_NAME, MISSING_ACCOUNT_NAME, SECOND_ACCOUNT_NAME, THIRD_ACCOUNT_NAME } from "./index.ts";
import { ids, startCodefresh, type Json } from "./_test-client.ts";

const UNAUTHORIZED = { status: 401, code: "2401", name: "UNAUTHORIZED_ERROR", message: "Unauthorized", context: {} };

describe("Codefresh simulator: determinism", () => {
  it("answers byte for byte the same for the same seed, and differently for another", async (t) => {
    const bodies = async (seed: number): Promise<string[]> => {
      const client = await startCodefresh(t, { seed });
      return Promise.all(
        ["/user", `/accounts/${client.tenant.account.id}/users`, "/team"].map(async (path) =>
          (await client.call(path)).text(),
        ),
      );
    };
    const [first, again, other] = await Promise.all([bodies(7), bodies(7), bodies(8)]);
    assert.deepEqual(first, again);
    assert.ok(first.every((body, index) => body !== other[index]));
  });
});

describe("Codefresh simulator: GET /user", () => {
  it("reports the key's user, three accounts with the id as both _id and id, and the active one by name", async (t) => {
    const { call, tenant } = await startCodefresh(t);
    const user = (await (await call("/user")).json()) as Json;
    assert.equal(user["_id"], tenant.fixtures.ownerId);
    assert.equal(user["activeAccountName"], MAIN_ACCOUNT_NAME);
    const accounts = user["account"] as Json[];
    assert.deepEqual(
      accounts.map((account) => account["name"]),
      [MAIN_ACCOUNT_NAME, SECOND_ACCOUNT_NAME, THIRD_ACCOUNT_NAME],
    );
    for (const account of accounts) assert.equal(account["_id"], account["id"]);
    const main = accounts[0] as Json;
    assert.equal(main["id"], tenant.account.id);
    assert.deepEqual(main["admins"], tenant.account.admins);
    assert.ok(
      (main["admins"] as string[]).includes(tenant.fixtures.staleAdminId),
      "a stale admin id stays in the list",
    );
    assert.deepEqual(user["roles"], ["User"], "an account admin holds no platform Admin role");
  });

  it("gives the orphan key's user an active account that is not in their account list", async (t) => {
    const { call, tenant } = await startCodefresh(t);
    const user = (await (await call("/user", tenant.orphanKey)).json()) as Json;
    assert.equal(user["activeAccountName"], MISSING_ACCOUNT_NAME);
    assert.ok((user["account"] as Json[]).every((account) => account["name"] !== MISSING_ACCOUNT_NAME));
    assert.equal((await call("/team", tenant.orphanKey)).status, 404);
  });
});

describe("Codefresh simulator: account members", () => {
  it("lists every member as one bare array, pending invites with an inviteUrl and nobody else with one", async (t) => {
    const { call, tenant } = await startCodefresh(t);
    const response = await call(`/accounts/${tenant.account.id}/users`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("link"), null);
    const members = (await response.json()) as Json[];
    assert.equal(members.length, 60);
    assert.deepEqual(
      members.map((member) => member["_id"]),
      tenant.members.map((user) => user.id),
    );
    const pending = members.filter((member) => member["status"] === "pending");
    assert.ok(pending.length >= 2);
    for (const member of pending)
      assert.match(String(member["inviteUrl"]), /^https:\/\/g\.codefresh\.io\/signup\/invite\?token=[0-9a-f]{48}$/);
    assert.ok(
      members
        .filter((member) => member["status"] !== "pending")
        .every((member) => !("inviteUrl" in member) && member["status"] === "new"),
    );
    const ids = new Set(members.map((member) => member["_id"]));
    assert.ok(ids.has(tenant.fixtures.pendingAdminId) && !ids.has(tenant.fixtures.staleAdminId));
    for (const field of ["_id", "userName", "email", "status", "roles", "shortProfile", "register_date", "logins"])
      assert.ok(field in (members[0] as Json), field);
  });

  it("refuses another account of the same user (403) and an unknown account (404)", async (t) => {
    const { call, tenant } = await startCodefresh(t);
    const second = await call(`/accounts/${tenant.accounts[1]?.id}/users`);
    assert.equal(second.status, 403);
    assert.equal(((await second.json()) as Json)["name"], "FORBIDDEN_ERROR");
    const unknown = await call(`/accounts/5f0000000000000000000000/users`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as Json)["name"], "NOT_FOUND_ERROR");
  });
});

describe("Codefresh simulator: teams", () => {
  it("lists the active account's teams with members, the built-in users and admins teams included", async (t) => {
    const { call, tenant } = await startCodefresh(t);
    const teams = (await (await call("/team")).json()) as Json[];
    assert.equal(teams.length, 6);
    assert.deepEqual(
      teams.map((team) => team["_id"]),
      tenant.accountTeams.map((team) => team.id),
    );
    const byId = (id: string) => teams.find((team) => team["_id"] === id) as Json;
    const members = (team: Json) => (team["users"] as Json[]).map((user) => user["_id"]);
    assert.equal(byId(tenant.fixtures.usersTeamId)["name"], "users");
    // Service accounts are listed among their teams' members, after the people.
    assert.deepEqual(members(byId(tenant.fixtures.usersTeamId)), [
      ...tenant.account.memberIds,
      tenant.fixtures.serviceUserId,
    ]);
    assert.equal(byId(tenant.fixtures.adminsTeamId)["type"], "admin");
    assert.ok(members(byId(tenant.fixtures.adminsTeamId)).includes(tenant.fixtures.pendingAdminId));
    assert.ok(members(byId(tenant.fixtures.adminsTeamId)).includes(tenant.fixtures.serviceAdminId));
    assert.deepEqual(members(byId(tenant.fixtures.emptyTeamId)), []);
    const custom = teams.filter((team) => team["name"] !== "users" && team["name"] !== "admins");
    assert.ok(custom.filter((team) => members(team).includes(tenant.fixtures.multiTeamUserId)).length >= 2);
    assert.ok(teams.every((team) => team["account"] === tenant.account.id));
    for (const user of byId(tenant.fixtures.usersTeamId)["users"] as Json[]) {
      assert.deepEqual(
        Object.keys(user),
        user["_id"] === tenant.fixtures.serviceUserId ? ["_id", "userName"] : ["_id", "userName", "email"],
      );
    }
  });
});

describe("Codefresh simulator: service accounts", () => {
  it('lists the active account\'s service accounts as {_id, userName, teams:[{_id}], roles}, the admin one with roles ["Admin"]', async (t) => {
    const { call, tenant } = await startCodefresh(t);
    const response = await call("/service-users");
    assert.equal(response.status, 200);
    const listed = (await response.json()) as Json[];
    assert.deepEqual(
      listed.map((serviceUser) => serviceUser["_id"]),
      tenant.accountServiceUsers.map((serviceUser) => serviceUser.id),
    );
    for (const serviceUser of listed) assert.deepEqual(Object.keys(serviceUser), ["_id", "userName", "teams", "roles"]);
    const admin = listed.find((serviceUser) => serviceUser["_id"] === tenant.fixtures.serviceAdminId) as Json;
    assert.deepEqual(admin["roles"], ["Admin"]);
    assert.deepEqual(admin["teams"], [{ _id: tenant.fixtures.adminsTeamId }]);
    const robot = listed.find((serviceUser) => serviceUser["_id"] === tenant.fixtures.serviceUserId) as Json;
    assert.deepEqual(robot["roles"], []);
    assert.ok((robot["teams"] as Json[]).some((team) => team["_id"] === tenant.fixtures.usersTeamId));
    const members = await ids(await call(`/accounts/${tenant.account.id}/users`));
    assert.ok(
      listed.every((serviceUser) => !members.includes(serviceUser["_id"] as string)),
      "service accounts are not in the member list",
    );
    assert.equal((await call("/service-users", tenant.restrictedKey)).status, 403);
  });
});

describe("Codefresh simulator: authentication and errors", () => {
  it("answers 401 code 2401 for no key, an unknown key, a Bearer-prefixed key and two keys", async (t) => {
    const { call, base, tenant } = await startCodefresh(t);
    for (const key of [
      null,
      "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef",
      `Bearer ${tenant.adminKey}`,
    ]) {
      const response = await call("/user", key);
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), UNAUTHORIZED);
    }
    const twice = await fetch(`${base}/user`, {
      headers: new Headers([
        ["Authorization", tenant.adminKey],
        ["Authorization", tenant.adminKey],
      ]),
    });
    assert.equal(twice.status, 401);
    assert.equal((await call("/no-such-path", null)).status, 401, "the key is checked before routing");
  });

  it("gives a restricted key 403 on members and teams but its user, and a blocked key 403 everywhere", async (t) => {
    const { call, tenant } = await startCodefresh(t);
    assert.equal((await call("/user", tenant.restrictedKey)).status, 200);
    for (const path of [`/accounts/${tenant.account.id}/users`, "/team"]) {
      const response = await call(path, tenant.restrictedKey);
      assert.equal(response.status, 403, path);
      const body = (await response.json()) as Json;
      assert.deepEqual([body["status"], body["code"], body["name"]], [403, "2400", "FORBIDDEN_ERROR"]);
    }
    const blocked = await call("/user", tenant.blockedKey);
    assert.equal(blocked.status, 403);
    assert.match(String(((await blocked.json()) as Json)["message"]), /unusual activity/);
  });

  it("answers unknown paths and methods with a Codefresh-shaped 404", async (t) => {
    const { base, tenant, call } = await startCodefresh(t);
    const unknown = await call("/pipelines-of-nobody");
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as Json)["name"], "NOT_FOUND_ERROR");
    const post = await fetch(`${base}/team`, { method: "POST", headers: { Authorization: tenant.adminKey } });
    assert.equal(post.status, 404);
  });
});

describe("Codefresh simulator: base path, registry and settings", () => {
  it("serves under another base path, with or without a trailing slash, and nothing under /api then", async (t) => {
    const { base, tenant, call } = await startCodefresh(t, { basePath: "/codefresh/api/" });
    assert.match(base, /\/codefresh\/api$/);
    assert.equal((await call("/user")).status, 200);
    assert.equal((await call("/team/")).status, 200);
    assert.equal(
      (await fetch(`${new URL(base).origin}/api/user`, { headers: { Authorization: tenant.adminKey } })).status,
      404,
    );
  });

  it("is registered, and its settings are the connector flags that sync the tenant", async (t) => {
    assert.equal(
      findSimulator("codefresh"),
      SIMULATORS.find((definition) => definition.name === "codefresh"),
    );
    const { simulator, base } = await startCodefresh(t);
    const settings = simulator.settings(new URL(base).origin);
    assert.deepEqual(settings, { "api-key": simulator.tenant.adminKey, "base-url": base });
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const response = await fetch(`${settings["base-url"]}/accounts/${simulator.tenant.account.id}/users`, {
      headers: { Authorization: settings["api-key"] as string },
    });
    assert.equal((await ids(response)).length, 60);
  });
});
