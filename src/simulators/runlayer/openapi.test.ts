/**
 * The Runlayer simulator's OpenAPI document, list paths that differ from idsync's assumptions,
 * and an instance that reads the bearer form of the key only.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { dataOf, startRunlayer } from "./_test-client.ts";

type Json = Record<string, unknown>;

describe("Runlayer simulator: its OpenAPI document", () => {
  it("serves FastAPI's document at /openapi.json without a key, naming every path it serves", async (t) => {
    const { origin, tenant } = await startRunlayer(t);
    const response = await fetch(`${origin}/openapi.json`);
    assert.equal(response.status, 200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Json>;
      components: { schemas: Record<string, Json> };
    };
    assert.equal(document.openapi, "3.1.0");
    assert.deepEqual(Object.keys(document.paths), [
      "/api/v1/users/me",
      "/api/v1/users",
      "/api/v1/users/{user_id}/roles",
      "/api/v1/roles",
      "/api/v1/roles/assignments",
      "/api/v1/servers",
    ]);
    const users = (document.paths["/api/v1/users"]?.["get"] ?? {}) as Json;
    assert.deepEqual(
      (users["parameters"] as Json[]).map((parameter) => parameter["name"]),
      ["skip", "limit"],
    );
    assert.deepEqual(Object.keys(document.components.schemas["UserPublic"]?.["properties"] as Json), [
      "id",
      "email",
      "full_name",
      "is_active",
      "created_at",
      "last_login_at",
      "roles",
    ]);
    assert.equal((await fetch(`${origin}/api/v1/openapi.json`)).status, 404, "one place only");
    assert.ok(tenant.users.length > 0);
  });

  it("serves it under /api/v1, or not at all, when told", async (t) => {
    const api = await startRunlayer(t, { openapi: "api" });
    assert.equal((await fetch(`${api.origin}/api/v1/openapi.json`)).status, 200);
    assert.equal((await fetch(`${api.origin}/openapi.json`)).status, 404);
    const none = await startRunlayer(t, { openapi: "none" });
    for (const path of ["/openapi.json", "/api/v1/openapi.json"])
      assert.equal((await fetch(`${none.origin}${path}`)).status, 404);
  });

  it("serves the lists at other paths when told, documents those, and redirects the other slash spelling", async (t) => {
    const { origin, call, tenant } = await startRunlayer(t, {
      routes: { users: "/users/", assignments: "/fga/role-assignments" },
    });
    const document = (await (await fetch(`${origin}/openapi.json`)).json()) as { paths: Record<string, Json> };
    assert.ok("/api/v1/users/" in document.paths && "/api/v1/fga/role-assignments" in document.paths);
    assert.ok(!("/api/v1/users" in document.paths) && !("/api/v1/roles/assignments" in document.paths));
    assert.equal((await dataOf(await call("/users/?limit=500"))).length, tenant.users.length);
    const redirected = await call("/users?limit=5");
    assert.equal(redirected.status, 307);
    assert.equal(redirected.headers.get("location"), `${origin}/api/v1/users/?limit=5`);
    assert.equal((await call("/roles/assignments")).status, 404);
    assert.ok((await dataOf(await call("/fga/role-assignments"))).length > 0);
  });
});

describe("Runlayer simulator: an instance that reads only Authorization: Bearer", () => {
  it("treats x-runlayer-api-key alone as no key, and accepts the same key as a bearer token", async (t) => {
    const { call, tenant } = await startRunlayer(t, { auth: "bearer" });
    const refused = await call("/users/me");
    assert.equal(refused.status, 401);
    assert.deepEqual(await refused.json(), { detail: "Not authenticated" });
    const accepted = await call("/users/me", { headers: { authorization: `Bearer ${tenant.adminKey}` } });
    assert.equal(accepted.status, 200);
  });
});
