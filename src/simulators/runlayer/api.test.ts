import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findSimulator, SIMULATORS } from "../index.ts";
import { MAX_LIMIT } from "./index.ts";
import { dataOf, startRunlayer } from "./_test-client.ts";

type Json = Record<string, unknown>;

describe("Runlayer simulator: determinism", () => {
  it("answers byte for byte the same for the same seed, and differently for another", async (t) => {
    const paths = ["/users/me", "/users?limit=500", "/roles", "/roles/assignments?limit=500", "/servers"];
    const bodies = async (seed: number): Promise<string[]> => {
      const client = await startRunlayer(t, { seed });
      return Promise.all(paths.map(async (path) => (await client.call(path)).text()));
    };
    const [first, again, other] = await Promise.all([bodies(7), bodies(7), bodies(8)]);
    assert.deepEqual(first, again);
    assert.ok(first.every((body, index) => body !== other[index]));
  });
});

describe("Runlayer simulator: lists", () => {
  it("pages users with skip and limit in a {data, count} envelope, 100 by default", async (t) => {
    const { call, tenant } = await startRunlayer(t, { users: 250 });
    const first = (await (await call("/users")).json()) as { data: Json[]; count: number };
    assert.equal(first.count, 250);
    assert.equal(first.data.length, 100);
    const seen: unknown[] = [];
    for (let skip = 0; skip < 300; skip += 100)
      seen.push(...(await dataOf(await call(`/users?skip=${skip}&limit=100`))).map((user) => user["id"]));
    assert.deepEqual(
      seen,
      tenant.users.map((user) => user.id),
    );
    assert.deepEqual(await dataOf(await call("/users?skip=1000")), [], "past the end: empty data, same count");
    const user = first.data[0] as Json;
    assert.deepEqual(Object.keys(user), [
      "id",
      "email",
      "full_name",
      "is_active",
      "created_at",
      "last_login_at",
      "roles",
    ]);
  });

  it(`refuses limit above ${MAX_LIMIT}, below 1, a negative skip and non-numbers with a 422 listing every problem`, async (t) => {
    const { call } = await startRunlayer(t);
    const response = await call(`/users?limit=${MAX_LIMIT + 1}&skip=-1`);
    assert.equal(response.status, 422);
    assert.deepEqual(await response.json(), {
      detail: [
        {
          type: "greater_than_equal",
          loc: ["query", "skip"],
          msg: "Input should be greater than or equal to 0",
          input: "-1",
          ctx: { ge: 0 },
        },
        {
          type: "less_than_equal",
          loc: ["query", "limit"],
          msg: `Input should be less than or equal to ${MAX_LIMIT}`,
          input: String(MAX_LIMIT + 1),
          ctx: { le: MAX_LIMIT },
        },
      ],
    });
    const words = (await (await call("/roles?limit=ten")).json()) as { detail: Json[] };
    assert.equal(words.detail[0]?.["type"], "int_parsing");
    assert.equal((await call("/users?limit=0")).status, 422);
    assert.equal((await call(`/users?limit=${MAX_LIMIT}`)).status, 200);
  });

  it("lists the eight FGA roles, Server Admin scoped per server", async (t) => {
    const { call } = await startRunlayer(t);
    const roles = await dataOf(await call("/roles"));
    assert.deepEqual(
      roles.map((role) => [role["key"], role["name"], role["scope"]]),
      [
        ["super_admin", "Super Admin", "organization"],
        ["security_admin", "Security Admin", "organization"],
        ["it_admin", "IT Admin", "organization"],
        ["analytics_admin", "Analytics Admin", "organization"],
        ["developer", "Developer", "organization"],
        ["helpdesk", "Helpdesk", "organization"],
        ["user", "User", "organization"],
        ["server_admin", "Server Admin", "server"],
      ],
    );
  });

  it("filters assignments by role and user, and refuses an unknown role with FastAPI's enum error", async (t) => {
    const { call, tenant } = await startRunlayer(t);
    const f = tenant.fixtures;
    const servers = await dataOf(await call(`/roles/assignments?role=server_admin&user_id=${f.serverAdminId}`));
    assert.equal(servers.length, 2);
    assert.ok(
      servers.every(
        (a) => a["scope_type"] === "server" && tenant.servers.some((server) => server.id === a["scope_id"]),
      ),
    );
    const mine = await dataOf(await call(`/roles/assignments?user_id=${f.securityDeveloperId}`));
    assert.deepEqual(
      mine.map((a) => a["role"]),
      ["security_admin", "developer"],
    );
    assert.deepEqual(mine[0], {
      user_id: f.securityDeveloperId,
      role: "security_admin",
      scope_type: "organization",
      scope_id: null,
    });
    const perUser = await dataOf(await call(`/users/${f.securityDeveloperId}/roles`));
    assert.deepEqual(perUser, mine, "the sheet's alternative path answers the same");
    const all = (await (await call("/roles/assignments?limit=500")).json()) as { count: number };
    assert.equal(all.count, tenant.assignments.length);
    const unknown = await call("/roles/assignments?role=owner");
    assert.equal(unknown.status, 422);
    const issue = ((await unknown.json()) as { detail: Json[] }).detail[0];
    assert.equal(issue?.["type"], "enum");
    assert.match(String(issue?.["msg"]), /^Input should be 'super_admin', .* or 'server_admin'$/);
  });

  it("shows the caller's own user with its roles", async (t) => {
    const { call, tenant } = await startRunlayer(t);
    const me = (await (await call("/users/me")).json()) as Json;
    assert.equal(me["id"], tenant.fixtures.superAdminId);
    assert.deepEqual(me["roles"], ["super_admin"]);
    const servers = await dataOf(await call("/servers?scope=all"));
    assert.deepEqual(
      servers.map((server) => server["name"]),
      tenant.servers.map((server) => server.name),
    );
  });
});

describe("Runlayer simulator: routing", () => {
  it("redirects the other trailing-slash spelling with a 307 to the canonical one, query kept, before auth", async (t) => {
    const { call, base } = await startRunlayer(t);
    const redirected = await call("/users/?skip=0&limit=5", { headers: {} });
    assert.equal(redirected.status, 307);
    assert.equal(redirected.headers.get("location"), `${base}/users?skip=0&limit=5`);
    const roles = await call("/roles/assignments/");
    assert.equal(roles.headers.get("location"), `${base}/roles/assignments`);
    const followed = await call("/users/?limit=5", { redirect: "follow" });
    assert.equal(followed.status, 200);
    assert.deepEqual(await followed.json(), await (await call("/users?limit=5")).json());
  });

  it("answers unknown paths with 404 and other methods with 405, in FastAPI's words", async (t) => {
    const { call } = await startRunlayer(t);
    const missing = await call("/projects");
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { detail: "Not Found" });
    const post = await call("/users", { method: "POST", headers: { "x-runlayer-api-key": "x" } });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET");
    assert.deepEqual(await post.json(), { detail: "Method Not Allowed" });
  });
});

describe("Runlayer simulator: registry and settings", () => {
  it("is registered, and its settings are the connector flags that sync the instance", async (t) => {
    assert.equal(
      findSimulator("runlayer"),
      SIMULATORS.find((definition) => definition.name === "runlayer"),
    );
    const { simulator, base, call } = await startRunlayer(t);
    const settings = simulator.settings(new URL(base).origin);
    assert.deepEqual(settings, { "base-url": base, "api-key": simulator.tenant.adminKey });
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    assert.equal(
      (await call("/users", { headers: { "x-runlayer-api-key": settings["api-key"] as string } })).status,
      200,
    );
  });
});
