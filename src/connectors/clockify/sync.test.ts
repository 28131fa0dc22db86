/**
 * End to end: the connector against the simulator over HTTP on 127.0.0.1, into a real c1z file,
 * read back. Small pages make the 60-member default tenant span many of them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Resource } from "../../core/index.ts";
import { openC1z, syncWith, tempDir } from "../../testkit/index.ts";
import {
  GROUPS_PAGE_SIZE,
  holders,
  memberListingRequests,
  serveClockify,
  smallPages,
  USERS_PAGE_SIZE,
  withPageSizes,
} from "./_test-support.ts";
import { ROLE_NAMES } from "./roles.ts";

describe("Clockify sync", () => {
  test("every member, group and role; each page fetched once per pass", async (t) => {
    const served = await serveClockify(t);
    const { tenant } = served;
    const file = join(tempDir(t), "sync.c1z");
    const run = await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);

    assert.equal(reader.countResources(syncId, { resourceType: "user" }), tenant.users.length);
    assert.equal(reader.countResources(syncId, { resourceType: "group" }), tenant.groups.length);
    assert.equal(reader.countResources(syncId, { resourceType: "role" }), 4);
    const userIds = [...reader.resources(syncId, { resourceType: "user" })].map((user) => user.id.resource);
    assert.deepEqual(
      new Set(userIds),
      new Set(tenant.users.map((user) => user.id)),
      "the very members of the workspace",
    );
    assert.equal(new Set(userIds).size, userIds.length, "no member twice");
    assert.equal(
      reader.countEntitlements(syncId),
      2 * tenant.groups.length + 4,
      "member and manager of each group, one per role",
    );

    // Users: one validation probe plus one walk of the listing's passes; the roles listing reads
    // the role values off that walk instead of walking again. Groups: their pages twice, once to
    // list and once to find members for the grants (one cached page serves every group on it).
    const stats = served.simulator.stats().byPath;
    const usersRequests = memberListingRequests(tenant, USERS_PAGE_SIZE);
    const groupsPages = Math.ceil(tenant.groups.length / GROUPS_PAGE_SIZE);
    assert.ok(usersRequests > 6 && groupsPages > 2, "the tenant spans several pages");
    assert.equal(stats[`/api/v1/workspaces/${tenant.workspaceId}/users`], 1 + usersRequests);
    assert.equal(stats[`/api/v1/workspaces/${tenant.workspaceId}/user-groups`], 2 * groupsPages);
    // Validation: the workspaces, the probe, and the key's own user.
    assert.equal(run.summary.requests.requests, 1 + 1 + 1 + usersRequests + 2 * groupsPages);
  });

  test("asks for account statuses one documented value at a time: a Clockify that refuses lists loses no one", async (t) => {
    const served = await serveClockify(t, { accountStatuses: { lists: false } });
    const file = join(tempDir(t), "sync.c1z");
    const run = await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);
    const userIds = [...reader.resources(syncId, { resourceType: "user" })].map((user) => user.id.resource);
    assert.deepEqual(new Set(userIds), new Set(served.tenant.users.map((user) => user.id)));
    for (const status of ["LIMITED", "DELETED", "LIMITED_DELETED"])
      assert.ok(
        served.tenant.users.some((user) => user.accountStatus === status),
        status,
      );
    assert.doesNotMatch(run.log, /"level":"warn"/);
  });

  test("a Clockify that refuses one account-statuses value: the sync ends with everyone else and a warning naming it", async (t) => {
    const served = await serveClockify(t, { accountStatuses: { refused: ["LIMITED"] } });
    const { tenant } = served;
    const file = join(tempDir(t), "sync.c1z");
    const run = await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);
    const userIds = new Set([...reader.resources(syncId, { resourceType: "user" })].map((user) => user.id.resource));
    assert.deepEqual(
      userIds,
      new Set(tenant.users.filter((user) => user.accountStatus !== "LIMITED").map((user) => user.id)),
    );
    assert.ok(!userIds.has(tenant.fixtures.limitedId));
    assert.match(
      run.log,
      /"level":"warn","ts":[\d.]+,"msg":"Clockify refused account-statuses=LIMITED: members whose account is LIMITED are not in this sync".*'account-statuses'/,
    );
  });

  test("group members and role holders are exactly Clockify's", async (t) => {
    const served = await serveClockify(t);
    const { tenant } = served;
    const file = join(tempDir(t), "sync.c1z");
    await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);

    for (const group of tenant.groups) {
      assert.deepEqual(holders(reader, syncId, `group:${group.id}:member`), new Set(group.userIds), group.name);
    }
    assert.equal(holders(reader, syncId, `group:${tenant.fixtures.emptyGroupId}:member`).size, 0);
    assert.ok(
      reader.getEntitlement(syncId, `group:${tenant.fixtures.emptyGroupId}:member`),
      "an empty group still has its entitlement",
    );
    for (const group of tenant.groups) {
      assert.deepEqual(
        holders(reader, syncId, `group:${group.id}:manager`),
        new Set(group.teamManagerIds),
        `${group.name} managers`,
      );
    }
    assert.ok(
      tenant.groups.some((group) => group.teamManagerIds.length > 0),
      "some groups have team managers",
    );
    for (const role of ROLE_NAMES) {
      const expected = tenant.users.filter((user) => user.roles.includes(role)).map((user) => user.id);
      assert.ok(expected.length > 0, role);
      assert.deepEqual(holders(reader, syncId, `role:${role}:assigned`), new Set(expected), role);
    }
    assert.deepEqual(
      holders(reader, syncId, "role:WORKSPACE_OWN:assigned"),
      new Set([tenant.fixtures.ownerId]),
      "the owner, and only the owner",
    );
    const total =
      tenant.groups.reduce((sum, group) => sum + group.userIds.length + group.teamManagerIds.length, 0) +
      tenant.users.reduce((sum, user) => sum + user.roles.length, 0);
    assert.equal(reader.countGrants(syncId), total, "no grant beyond those");
  });

  test("a manager's grant lists what they manage; workspace-level roles list nothing", async (t) => {
    const served = await serveClockify(t);
    const { tenant } = served;
    const f = tenant.fixtures;
    const file = join(tempDir(t), "sync.c1z");
    await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);
    const grant = (role: string, userId: string) => reader.getGrant(syncId, `role:${role}:assigned:user:${userId}`);
    const ids = (metadata: unknown): string[] =>
      ((metadata as { entities?: { id: string }[] } | undefined)?.entities ?? []).map((entity) => entity.id).sort();

    const pm = tenant.workspace.members.find((member) => member.userId === f.projectManagerId)!;
    const projects = pm.roles.find((role) => role.role === "PROJECT_MANAGER")!.entityIds;
    const pmGrant = grant("PROJECT_MANAGER", f.projectManagerId);
    assert.deepEqual(ids(pmGrant?.metadata), [...projects].sort());
    const names = new Map(tenant.workspace.projects.map((project) => [project.id, project.name]));
    for (const entity of (pmGrant?.metadata as { entities: { id: string; name: string }[] }).entities)
      assert.equal(entity.name, names.get(entity.id));

    // A team manager manages the members of the groups they lead.
    const led = tenant.groups.filter((group) => group.teamManagerIds.includes(f.teamManagerId));
    const managed = new Set(led.flatMap((group) => group.userIds).filter((id) => id !== f.teamManagerId));
    assert.ok(managed.size > 0);
    assert.deepEqual(ids(grant("TEAM_MANAGER", f.teamManagerId)?.metadata), [...managed].sort());

    for (const role of ["WORKSPACE_ADMIN", "WORKSPACE_OWN"])
      assert.equal(grant(role, f.ownerId)?.metadata, undefined, `${role}: only the workspace, which is implied`);
    const owner = reader.getResource(syncId, { resourceType: "user", resource: f.ownerId });
    assert.equal(owner?.profile?.["roleEntities"], undefined);
  });

  test("a role value idsync does not know becomes a role named by it, described so, with its holders and a warning", async (t) => {
    const served = await serveClockify(t);
    const { tenant } = served;
    // A role Clockify might add one day; the seed never gives it.
    const holder = tenant.workspace.members.find((member) => member.userId === tenant.fixtures.memberId)!;
    holder.roles.push({ role: "BILLING_MANAGER", entityIds: [] });
    const file = join(tempDir(t), "sync.c1z");
    const run = await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);
    const role = reader.getResource(syncId, { resourceType: "role", resource: "BILLING_MANAGER" });
    assert.ok(role?.role, "a role resource");
    assert.equal(role.displayName, "BILLING_MANAGER");
    assert.match(role.description ?? "", /does not recognise/);
    assert.deepEqual(role.role.profile, { clockifyRole: "BILLING_MANAGER", recognised: false });
    assert.ok(reader.getEntitlement(syncId, "role:BILLING_MANAGER:assigned"));
    assert.deepEqual(holders(reader, syncId, "role:BILLING_MANAGER:assigned"), new Set([tenant.fixtures.memberId]));
    assert.equal(reader.countResources(syncId, { resourceType: "role" }), 5);
    assert.match(
      run.log,
      /"level":"warn","ts":[\d.]+,"msg":"members hold Clockify roles idsync does not recognise[^"]*","roles":\{"BILLING_MANAGER":1\}/,
    );
  });

  test("known members come out with the right status, profile and grants", async (t) => {
    const served = await serveClockify(t);
    const { tenant } = served;
    const f = tenant.fixtures;
    const file = join(tempDir(t), "sync.c1z");
    await syncWith(smallPages, served.settings, file);
    const { reader, syncId } = await openC1z(t, file);
    const user = (id: string): Resource => {
      const found = reader.getResource(syncId, { resourceType: "user", resource: id });
      assert.ok(found?.user, `user ${id} synced with a user trait`);
      return found;
    };
    const grantsOf = (id: string): string[] =>
      [...reader.grants(syncId, { principal: { resourceType: "user", resource: id } })]
        .map((grant) => grant.entitlement.id)
        .sort();
    const seeded = (id: string) => tenant.users.find((candidate) => candidate.id === id)!;
    const groupGrants = (id: string) => [
      ...seeded(id).groupIds.map((group) => `group:${group}:member`),
      ...tenant.groups.filter((group) => group.teamManagerIds.includes(id)).map((group) => `group:${group.id}:manager`),
    ];

    const owner = user(f.ownerId);
    assert.equal(owner.user?.status, "enabled");
    assert.deepEqual(owner.user?.emails, [{ address: seeded(f.ownerId).email, primary: true }]);
    assert.equal(owner.user?.login, seeded(f.ownerId).email);
    assert.equal(owner.displayName, seeded(f.ownerId).name);
    assert.deepEqual(owner.profile, {
      workspaceRoles: ["WORKSPACE_ADMIN", "WORKSPACE_OWN"],
      membershipStatus: "ACTIVE",
      accountStatus: "ACTIVE",
    });
    assert.deepEqual(
      grantsOf(f.ownerId),
      ["role:WORKSPACE_ADMIN:assigned", "role:WORKSPACE_OWN:assigned", ...groupGrants(f.ownerId)].sort(),
    );

    const admin = user(f.adminId);
    assert.equal(admin.user?.status, "enabled");
    assert.deepEqual(admin.profile?.["workspaceRoles"], ["WORKSPACE_ADMIN"]);
    assert.deepEqual(grantsOf(f.adminId), ["role:WORKSPACE_ADMIN:assigned", ...groupGrants(f.adminId)].sort());

    assert.deepEqual(
      grantsOf(f.multiRoleId).filter((id) => id.startsWith("role:")),
      ["role:PROJECT_MANAGER:assigned", "role:TEAM_MANAGER:assigned"],
    );
    assert.deepEqual(user(f.memberId).profile?.["workspaceRoles"], []);

    for (const id of [f.pendingInviteId, f.pendingEmailVerificationId, f.pendingExistingAccountId]) {
      const invite = user(id);
      assert.equal(invite.user?.status, "disabled");
      assert.match(invite.user?.statusDetails ?? "", /pending invite/);
      assert.deepEqual(
        invite.status,
        { status: "disabled", details: invite.user?.statusDetails },
        "mirrored on the resource",
      );
      assert.equal(invite.profile?.["membershipStatus"], "PENDING");
    }
    assert.equal(user(f.pendingInviteId).profile?.["accountStatus"], "NOT_REGISTERED");
    assert.equal(user(f.pendingEmailVerificationId).profile?.["accountStatus"], "PENDING_EMAIL_VERIFICATION");

    const inactive = user(f.inactiveId);
    assert.equal(inactive.user?.status, "disabled");
    assert.match(inactive.user?.statusDetails ?? "", /deactivated/);
    assert.equal(inactive.profile?.["membershipStatus"], "INACTIVE");
    assert.equal(user(f.declinedId).user?.status, "disabled");
    assert.match(user(f.declinedId).user?.statusDetails ?? "", /declined/);
    assert.equal(user(f.deletedId).user?.status, "deleted");
    assert.equal(user(f.deletedId).profile?.["accountStatus"], "DELETED");
    assert.equal(user(f.limitedId).user?.status, "enabled", "a LIMITED account is still synced");
    assert.equal(user(f.limitedId).profile?.["accountStatus"], "LIMITED");

    const member = f.groupMemberId;
    assert.ok(seeded(member).groupIds.length >= 2);
    assert.deepEqual(grantsOf(member), groupGrants(member).sort());
  });

  test("a second workspace of the same key: its own members, statuses from its own memberships", async (t) => {
    const served = await serveClockify(t);
    const second = served.tenant.workspaces[1]!;
    const file = join(tempDir(t), "sync.c1z");
    await syncWith(smallPages, { ...served.settings, "workspace-id": second.id.toUpperCase() }, file);
    const { reader, syncId } = await openC1z(t, file);
    const users = [...reader.resources(syncId, { resourceType: "user" })];
    assert.deepEqual(
      new Set(users.map((user) => user.id.resource)),
      new Set(second.members.map((member) => member.userId)),
    );
    for (const member of second.members) {
      const synced = users.find((user) => user.id.resource === member.userId);
      assert.equal(synced?.profile?.["membershipStatus"], member.status, "the status of this workspace's membership");
    }
    // The main owner is a WORKSPACE_ADMIN here, not the owner; this workspace's owner is both.
    const ownerHere = second.members.find((member) =>
      member.roles.some((grant) => grant.role === "WORKSPACE_OWN"),
    )!.userId;
    assert.deepEqual(holders(reader, syncId, "role:WORKSPACE_OWN:assigned"), new Set([ownerHere]));
    assert.deepEqual(
      holders(reader, syncId, "role:WORKSPACE_ADMIN:assigned"),
      new Set([served.tenant.fixtures.ownerId, ownerHere]),
    );
    assert.equal(reader.countResources(syncId, { resourceType: "group" }), second.groups.length);
  });

  test("stays under Clockify's 50 requests a second: a sync of more than 50 requests meets no 429", async (t) => {
    const served = await serveClockify(t);
    const run = await syncWith(withPageSizes(1, 1), served.settings, join(tempDir(t), "sync.c1z"));
    assert.ok(run.summary.requests.requests > 60, `${run.summary.requests.requests} requests`);
    assert.equal(served.simulator.stats().rateLimited, 0, "the simulator enforces 50 a second and refused nothing");
    assert.equal(run.summary.requests.rateLimited, 0);
  });
});
