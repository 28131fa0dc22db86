/**
 * End-to-end syncs against the env0 simulator over loopback HTTP: what a reviewer reads about a
 * known admin, custom-role holder, invitee, API key and team member; paging; faults; mutation.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { zstdDecompressSync } from "node:zlib";

import { serveEnv0, syncEnv0, withKey } from "./_test-support.ts";
import { apiKeyResourceId } from "./users.ts";

const DAY_MS = 86_400_000;

describe("env0 sync: principals", () => {
  test("a known admin, custom-role holder, invitee and never-signed-in member come out right", async (t) => {
    const served = await serveEnv0(t);
    const { tenant } = served;
    const f = tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const person = (id: string) => tenant.people.get(id);

    const admin = synced.user(f.adminId);
    assert.equal(admin.displayName, person(f.adminId)?.name);
    assert.deepEqual(admin.user?.emails, [{ address: person(f.adminId)?.email, primary: true }]);
    assert.equal(admin.user?.accountType, "human");
    assert.equal(admin.user?.login, person(f.adminId)?.email);
    assert.equal(admin.user?.status, "enabled");
    assert.equal(admin.user?.lastLogin?.toISOString(), person(f.adminId)?.lastLogin);
    assert.deepEqual(admin.user?.structuredName, {
      givenName: person(f.adminId)?.givenName,
      familyName: person(f.adminId)?.familyName,
    });
    assert.deepEqual(admin.profile, { userId: f.adminId, role: "Admin", status: "Active", accountType: "member" });
    const organizationGrants = (id: string) =>
      synced
        .grantsOf(id)
        .map((grant) => grant.entitlement.id)
        .filter((entitlement) => !entitlement.startsWith("project:"));
    assert.deepEqual(
      organizationGrants(f.adminId).sort(),
      [
        "role:Admin:assigned",
        ...(tenant.principals.find((p) => p.id === f.adminId)?.teamIds ?? []).map((id) => `team:${id}:member`),
      ].sort(),
    );

    const customRole = tenant.organization.roles.find(
      (role) => role.id === tenant.principals.find((p) => p.id === f.customRoleHolderId)?.role,
    );
    assert.ok(customRole);
    const role = synced.reader.getResource(synced.syncId, { resourceType: "role", resource: customRole.id });
    assert.equal(role?.displayName, customRole.name);
    assert.deepEqual(role?.profile?.["permissions"], customRole.permissions);
    assert.ok(
      synced.grantIds("role", customRole.id).includes(`role:${customRole.id}:assigned:user:${f.customRoleHolderId}`),
    );

    const invited = synced.user(f.invitedCustomRoleId);
    assert.equal(invited.user?.status, "disabled");
    assert.match(invited.user?.statusDetails ?? "", /pending invite/);
    assert.deepEqual(invited.status, { status: "disabled", details: invited.user?.statusDetails });
    assert.equal(invited.user?.lastLogin, undefined);
    assert.equal(invited.profile?.["status"], "Invited");
    assert.ok(
      synced.grantIds("role", customRole.id).includes(`role:${customRole.id}:assigned:user:${f.invitedCustomRoleId}`),
      "an invite carries its role",
    );

    assert.equal(synced.user(f.neverSignedInId).user?.lastLogin, undefined);
    assert.ok(
      (synced.user(f.staleLoginId).user?.lastLogin?.getTime() ?? Infinity) <
        tenant.referenceDate.getTime() - 180 * DAY_MS,
    );
  });

  test("against today's tenant, a recent sign-in is recent as of the sync, and the stale one stale", async (t) => {
    const served = await serveEnv0(t);
    const f = served.tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const run = synced.reader.syncs().find((candidate) => candidate.id === synced.syncId);
    const syncedAt = (run?.endedAt ?? run?.startedAt)?.getTime() ?? 0;
    const daysBeforeSync = (id: string) =>
      (syncedAt - (synced.user(id).user?.lastLogin?.getTime() ?? -Infinity)) / DAY_MS;
    assert.ok(
      daysBeforeSync(f.adminId) >= 0 && daysBeforeSync(f.adminId) < 32,
      `the admin signed in ${daysBeforeSync(f.adminId)} days before the sync`,
    );
    assert.ok(
      daysBeforeSync(f.staleLoginId) > 180,
      `the stale member signed in ${daysBeforeSync(f.staleLoginId)} days before the sync`,
    );
  });

  test("API keys are service accounts with distinct ids, login, last use and role; no secret stored", async (t) => {
    const served = await serveEnv0(t, { exposeKeySecrets: true });
    const { tenant } = served;
    const f = tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const keyOf = (id: string) => tenant.organization.apiKeys.find((key) => key.id === id);

    const deploy = synced.apiKey(f.customRoleKeyId);
    assert.equal(deploy.id.resource, `api-key:${f.customRoleKeyId}`);
    assert.equal(deploy.displayName, keyOf(f.customRoleKeyId)?.name);
    assert.equal(deploy.user?.accountType, "service");
    assert.equal(deploy.user?.login, keyOf(f.customRoleKeyId)?.apiKeyId);
    assert.deepEqual(deploy.user?.emails, []);
    assert.equal(deploy.user?.lastLogin?.toISOString(), keyOf(f.customRoleKeyId)?.lastUsedAt);
    assert.equal(deploy.profile?.["role"], keyOf(f.customRoleKeyId)?.organizationRole);
    const heldBy = synced
      .grantsOf(apiKeyResourceId(f.customRoleKeyId))
      .map((grant) => grant.entitlement.id)
      .filter((entitlement) => !entitlement.startsWith("project:"))
      .sort();
    assert.deepEqual(
      heldBy,
      [`role:${keyOf(f.customRoleKeyId)?.organizationRole}:assigned`, `team:${f.apiKeyTeamId}:member`].sort(),
    );

    const stale = synced.apiKey(f.staleUnusedKeyId);
    assert.equal(stale.user?.lastLogin, undefined, "never used: no last sign-in");
    assert.ok((stale.user?.createdAt?.getTime() ?? Infinity) < tenant.referenceDate.getTime() - 90 * DAY_MS);
    assert.ok(synced.grantIds("role", "Admin").includes(`role:Admin:assigned:user:api-key:${f.staleUnusedKeyId}`));
    assert.equal(synced.apiKey(f.neverUsedKeyId).user?.lastLogin, undefined);

    // The file itself, decompressed (a c1z is "C1ZF\0" + one zstd frame), and everything logged.
    const stored = zstdDecompressSync(readFileSync(synced.run.file).subarray(5)).toString("latin1");
    for (const [where, text] of [
      ["the c1z", stored],
      ["the log", synced.run.log],
    ] as const) {
      for (const key of tenant.organization.apiKeys)
        assert.ok(!text.includes(key.secret), `${key.name}'s secret is in ${where}`);
      assert.ok(!text.includes("apiKeySecret"), `apiKeySecret is in ${where}`);
    }
  });

  test("a role id /roles does not know becomes a role named by its id, with a warning", async (t) => {
    const served = await serveEnv0(t);
    const f = served.tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const orphan = synced.reader.getResource(synced.syncId, { resourceType: "role", resource: f.orphanRoleId });
    assert.equal(orphan?.displayName, f.orphanRoleId);
    assert.equal(orphan?.profile?.["unknown"], true);
    assert.deepEqual(synced.grantIds("role", f.orphanRoleId), [
      `role:${f.orphanRoleId}:assigned:user:${f.orphanRoleHolderId}`,
    ]);
    const warning = synced.run.log
      .split("\n")
      .find((line) => line.includes('"level":"warn"') && line.includes(f.orphanRoleId));
    assert.match(warning ?? "", /not among the organization's roles/);
  });
});

describe("env0 sync: teams", () => {
  test("members come out as grants, API keys included, a two-team member twice, the empty team with none", async (t) => {
    const served = await serveEnv0(t);
    const f = served.tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const keyTeam = synced.grantIds("team", f.apiKeyTeamId);
    assert.ok(keyTeam.includes(`team:${f.apiKeyTeamId}:member:user:api-key:${f.teamKeyId}`));
    assert.ok(keyTeam.includes(`team:${f.apiKeyTeamId}:member:user:api-key:${f.customRoleKeyId}`));
    const team = served.tenant.organization.teams.find((candidate) => candidate.id === f.apiKeyTeamId);
    assert.equal(keyTeam.length, team?.memberIds.length);
    assert.ok(synced.grantsOf(f.teamMemberId).filter((grant) => grant.entitlement.id.startsWith("team:")).length >= 2);
    assert.deepEqual(synced.grantIds("team", f.emptyTeamId), []);
    const entitlement = synced.reader.getEntitlement(synced.syncId, `team:${f.apiKeyTeamId}:member`);
    assert.deepEqual(
      entitlement?.grantableTo.map((type) => type.id),
      ["user"],
    );
  });

  test("pages the teams list by nextPageKey to the end, and reads members, keys and team members once per sync", async (t) => {
    const served = await serveEnv0(t, { groups: 230 });
    const synced = await syncEnv0(t, served);
    assert.equal(synced.reader.countResources(synced.syncId, { resourceType: "team" }), 230);
    const byPath = served.simulator.stats().byPath;
    const org = served.tenant.organizationId;
    assert.equal(byPath[`/teams/organizations/${org}`], 3, "three pages of at most 100");
    assert.equal(byPath[`/organizations/${org}/users`], 1, "the members list is read once, not per role");
    assert.equal(byPath["/api-keys"], 1, "the API keys list is read once, not per role or team");
    // Requests in all: organizations, api-keys, users, roles and three team pages. Members come
    // inside the listing, so teams cost no request of their own. Then the projects list, and two
    // per project (projects.test.ts counts those).
    const projects = served.tenant.organization.projects.length;
    assert.equal(synced.run.summary.requests.requests, 4 + 3 + 1 + 2 * projects);
  });
});

describe("env0 sync: faults and change", () => {
  test("429s, gateway errors and dropped connections are retried to the same data", async (t) => {
    const clean = await serveEnv0(t);
    const faulty = await serveEnv0(t);
    faulty.simulator.faults.add({ kind: "rate-limit", path: "/teams/organizations/:id", times: 2 });
    faulty.simulator.faults.add({ kind: "server-error", status: 502, path: "/organizations/:id/users", times: 3 });
    faulty.simulator.faults.add({ kind: "drop", path: "/roles", times: 1 });
    faulty.simulator.faults.add({ kind: "server-error", status: 500, path: "/api-keys", times: 1 });
    const a = await syncEnv0(t, clean);
    const b = await syncEnv0(t, faulty);
    assert.equal(faulty.simulator.faults.applied.total, 7);
    assert.equal(b.run.summary.requests.retries, 7);
    const rows = (side: typeof a) =>
      [...side.reader.resources(side.syncId), ...side.reader.grants(side.syncId)].map((row) => JSON.stringify(row));
    assert.deepEqual(rows(b), rows(a));
  });

  test("an organization API key syncs too, and lists itself among the keys", async (t) => {
    const served = await serveEnv0(t);
    const synced = await syncEnv0(t, served, withKey(served, served.tenant.orgKey));
    assert.equal(synced.apiKey(served.tenant.fixtures.syncKeyId).user?.login, served.tenant.orgKey.apiKeyId);
    assert.equal(
      synced.reader.countResources(synced.syncId, { resourceType: "user" }),
      served.tenant.principals.length,
    );
  });

  test("after mutate(), joiners appear, the leaver is gone and the role change shows", async (t) => {
    const served = await serveEnv0(t);
    served.simulator.mutate();
    const log = served.tenant.mutations[0];
    assert.ok(log);
    const synced = await syncEnv0(t, served);
    for (const id of log.joined) assert.ok(synced.user(id));
    assert.equal(synced.user(log.joined[2] ?? "").user?.status, "disabled");
    assert.equal(
      synced.reader.getResource(synced.syncId, { resourceType: "user", resource: log.removed[0] ?? "" }),
      undefined,
    );
    const change = log.roleChanges[0];
    assert.ok(change);
    assert.ok(synced.grantIds("role", change.to).includes(`role:${change.to}:assigned:user:${change.userId}`));
    assert.ok(!synced.grantIds("role", "User").includes(`role:User:assigned:user:${change.userId}`));
  });
});
