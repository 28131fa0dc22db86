import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { grantId, isIdsyncError } from "../../core/index.ts";
import { serve } from "../../simulators/index.ts";
import { createRunlayerSimulator } from "../../simulators/runlayer/index.ts";
import type { ServedSimulator } from "../../testkit/index.ts";
import { rolesHeld, rowsOf, syncRunlayer, userResource } from "./_test-support.ts";

/**
 * The simulator behind a front that rewrites its list answers' shape, served over loopback: the
 * sheet says lists may come as a bare array, and the connector must accept both.
 */
async function reshaped(
  t: Parameters<typeof syncRunlayer>[0],
  users: number,
  reshape: (body: { data: unknown[]; count: number }) => unknown,
): Promise<ServedSimulator> {
  const simulator = createRunlayerSimulator({ users });
  const served = await serve(async (request) => {
    const response = await simulator.handler(request);
    const type = response.headers.get("content-type") ?? "";
    const path = new URL(request.url).pathname;
    // The key's own user and the OpenAPI document are not lists.
    if (response.status !== 200 || !type.includes("json") || path.endsWith("/me") || path.endsWith("/openapi.json"))
      return response;
    return Response.json(reshape((await response.json()) as { data: unknown[]; count: number }));
  });
  t.after(() => served.close());
  return { simulator, origin: served.origin, settings: simulator.settings(served.origin) };
}

describe("Runlayer sync against the simulator", () => {
  it("syncs every user, the eight FGA roles, and one grant per role a user holds", async (t) => {
    const { reader, syncId, tenant } = await syncRunlayer(t);
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), tenant.users.length);
    assert.deepEqual(
      [...reader.resources(syncId, { resourceType: "role" })].map((role) => [role.id.resource, role.displayName]),
      tenant.roles.map((role) => [role.key, role.name]),
    );
    assert.deepEqual(
      [...reader.entitlements(syncId)].map((entitlement) => entitlement.id).sort(),
      tenant.roles.map((role) => `role:${role.key}:assigned`).sort(),
    );
    const expected = new Set(
      tenant.assignments.map((a) => grantId(`role:${a.role}:assigned`, { resourceType: "user", resource: a.user_id })),
    );
    const synced = [...reader.grants(syncId)].map((grant) => grant.id);
    assert.equal(synced.length, expected.size, "one grant per (role, user), Server Admin of two servers included once");
    assert.deepEqual(new Set(synced), expected);
  });

  it("maps the Super Admin, the Security Admin + Developer, Helpdesk, inactive, stale and never-signed-in users", async (t) => {
    const { reader, syncId, tenant } = await syncRunlayer(t);
    const f = tenant.fixtures;
    const byId = (id: string) => tenant.users.find((user) => user.id === id)!;

    const admin = userResource(reader, syncId, f.superAdminId);
    assert.equal(admin.displayName, byId(f.superAdminId).full_name);
    assert.deepEqual(admin.user?.emails, [{ address: byId(f.superAdminId).email, primary: true }]);
    assert.equal(admin.user?.status, "enabled");
    assert.equal(admin.user?.login, byId(f.superAdminId).email);
    assert.equal(admin.user?.lastLogin?.toISOString(), byId(f.superAdminId).last_login_at);
    assert.equal(admin.user?.createdAt?.toISOString(), byId(f.superAdminId).created_at);
    assert.deepEqual(rolesHeld(reader, syncId, f.superAdminId), ["super_admin"]);
    assert.deepEqual(rolesHeld(reader, syncId, f.otherSuperAdminId), ["super_admin"]);

    assert.deepEqual(rolesHeld(reader, syncId, f.securityDeveloperId), ["developer", "security_admin"]);
    assert.deepEqual(rolesHeld(reader, syncId, f.helpdeskId), ["helpdesk"]);
    assert.deepEqual(rolesHeld(reader, syncId, f.developerId), ["developer"]);

    const inactive = userResource(reader, syncId, f.inactiveId);
    assert.equal(inactive.user?.status, "disabled");
    assert.match(inactive.user?.statusDetails ?? "", /deactivated/);
    assert.equal(inactive.status?.status, "disabled", "mirrored onto the resource, as Baton's SDK does");

    const never = userResource(reader, syncId, f.neverSignedInId);
    assert.equal(never.user?.status, "enabled");
    assert.equal(never.user?.lastLogin, undefined);
    assert.equal(never.user?.profile?.["last_login_at"], null);

    const stale = userResource(reader, syncId, f.staleLoginId);
    assert.equal(stale.user?.status, "enabled");
    assert.equal(stale.user?.lastLogin?.toISOString(), byId(f.staleLoginId).last_login_at);
    assert.ok(
      (stale.user?.lastLogin?.getTime() ?? Infinity) < tenant.referenceDate.getTime() - 90 * 86_400_000,
      "signed in over 90 days before the tenant's reference date",
    );
  });

  it("keeps the servers of a Server Admin's assignments in the grant's metadata", async (t) => {
    const { reader, syncId, tenant } = await syncRunlayer(t);
    const serverAdmin = tenant.fixtures.serverAdminId;
    const servers = tenant.assignments
      .filter((a) => a.role === "server_admin" && a.user_id === serverAdmin)
      .map((a) => a.scope_id!)
      .sort();
    assert.equal(servers.length, 2, "the fixture administers two servers");
    const grant = reader.getGrant(syncId, `role:server_admin:assigned:user:${serverAdmin}`);
    assert.deepEqual(grant?.metadata, { scope_type: "server", server_ids: servers });
    assert.deepEqual(rolesHeld(reader, syncId, serverAdmin), ["server_admin", "user"]);
    const orgWide = reader.getGrant(syncId, `role:user:assigned:user:${serverAdmin}`);
    assert.equal(orgWide?.metadata, undefined, "org-wide grants carry no scope metadata");
    const role = reader.getResource(syncId, { resourceType: "role", resource: "server_admin" });
    assert.equal(role?.role?.profile?.["scope"], "server");
  });

  it("requests only the canonical paths and the OpenAPI document, so no redirect is ever needed", async (t) => {
    // A base URL with a trailing slash must not leak into the request paths either.
    const { served } = await syncRunlayer(t, { flags: {} });
    const again = await syncRunlayer(t, { served, flags: { "base-url": `${served.settings["base-url"]}/` } });
    assert.ok(again.reader.countResources(again.syncId) > 0);
    const paths = Object.keys(served.simulator.stats().byPath);
    assert.deepEqual(paths.sort(), [
      "/api/v1/roles",
      "/api/v1/roles/assignments",
      "/api/v1/users",
      "/api/v1/users/me",
      "/openapi.json",
    ]);
  });

  it("completes a bare instance URL with /api/v1", async (t) => {
    const first = await syncRunlayer(t);
    const origin = new URL(first.served.settings["base-url"]!).origin;
    const bare = await syncRunlayer(t, { served: first.served, flags: { "base-url": origin } });
    assert.equal(bare.reader.countResources(bare.syncId, { resourceType: "user" }), first.tenant.users.length);
  });

  it("accepts lists as bare arrays as well as {data, count}, to the same data", async (t) => {
    const enveloped = await syncRunlayer(t, { simulator: { users: 250 } });
    const bare = await syncRunlayer(t, { served: await reshaped(t, 250, (body) => body.data) });
    assert.deepEqual(rowsOf(bare.reader, bare.syncId), rowsOf(enveloped.reader, enveloped.syncId));
  });

  it("fails clearly on a list answer of another shape", async (t) => {
    const served = await reshaped(t, 20, (body) => ({ items: body.data }));
    await assert.rejects(syncRunlayer(t, { served }), (error: unknown) => {
      assert.ok(isIdsyncError(error));
      assert.equal(error.kind, "invalid-response");
      assert.match(error.message, /GET \/users returned JSON that is neither \{"data":\[…\],"count":N\} nor a list/);
      return true;
    });
  });

  it("sees joiners, leavers and role changes after mutate()", async (t) => {
    const before = await syncRunlayer(t);
    before.served.simulator.mutate();
    const after = await syncRunlayer(t, { served: before.served });
    const log = after.tenant.mutations[0]!;
    for (const id of log.joined)
      assert.ok(after.reader.getResource(after.syncId, { resourceType: "user", resource: id }), "joiner synced");
    for (const id of log.removed)
      assert.equal(
        after.reader.getResource(after.syncId, { resourceType: "user", resource: id }),
        undefined,
        "leaver gone",
      );
    for (const id of log.promoted) assert.ok(rolesHeld(after.reader, after.syncId, id).includes("helpdesk"));
    for (const id of log.deactivated)
      assert.equal(userResource(after.reader, after.syncId, id).user?.status, "disabled");
    assert.equal(after.reader.countResources(after.syncId, { resourceType: "user" }), after.tenant.users.length);
  });
});
