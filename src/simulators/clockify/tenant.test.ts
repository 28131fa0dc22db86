import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { rosterSlice } from "../_kit/index.ts";
import { createClockifySimulator } from "./index.ts";
import { mutateClockifyTenant } from "./mutate.ts";
import { createClockifyTenant, DEFAULT_USERS, MIN_USERS } from "./tenant.ts";
import { ACCOUNT_STATUSES, MEMBERSHIP_STATUSES, type ClockifyTenant } from "./tenant-types.ts";

/** Everything observable about a tenant, as plain data. */
function snapshot(tenant: ClockifyTenant): unknown {
  return JSON.parse(JSON.stringify({ ...tenant, accounts: [...tenant.accounts.values()], users: tenant.users }));
}

const userOf = (tenant: ClockifyTenant, id: string) => tenant.users.find((user) => user.id === id);

describe("Clockify tenant", () => {
  it("is the same for the same seed and differs for another seed", () => {
    assert.deepEqual(snapshot(createClockifyTenant(1)), snapshot(createClockifyTenant(1)));
    const other = createClockifyTenant(2);
    assert.notEqual(other.workspaceId, createClockifyTenant(1).workspaceId);
    assert.notDeepEqual(
      other.users.map((user) => user.email),
      createClockifyTenant(1).users.map((user) => user.email),
    );
  });

  it("honours sizes, with a floor that keeps every fixture", () => {
    assert.equal(createClockifyTenant(1).users.length, DEFAULT_USERS);
    const big = createClockifyTenant(1, { users: 150, groups: 12 });
    assert.equal(big.users.length, 150);
    assert.equal(big.groups.length, 12);
    assert.equal(createClockifyTenant(1, { users: 3, groups: 1 }).users.length, MIN_USERS);
  });

  it("draws its people from the shared roster (same emails as the other products)", () => {
    const roster = new Set(rosterSlice(5, "clockify", 60).map((person) => person.email));
    assert.ok(createClockifyTenant(5).users.every((user) => roster.has(user.email)));
  });

  it("has every membership status and account status, and ids that look like Clockify's", () => {
    for (const size of [MIN_USERS, 60]) {
      const tenant = createClockifyTenant(3, { users: size });
      assert.deepEqual(new Set(tenant.users.map((user) => user.membershipStatus)), new Set(MEMBERSHIP_STATUSES));
      const accounts = new Set(tenant.users.map((user) => user.accountStatus));
      for (const status of ACCOUNT_STATUSES.filter((status) => size >= 30 || status !== "LIMITED_DELETED"))
        assert.ok(accounts.has(status), status);
    }
    const tenant = createClockifyTenant(3);
    for (const id of [
      tenant.workspaceId,
      ...tenant.users.map((user) => user.id),
      ...tenant.groups.map((group) => group.id),
    ])
      assert.match(id, /^[0-9a-f]{24}$/);
    assert.equal(new Set(tenant.users.map((user) => user.id)).size, tenant.users.length);
    assert.match(tenant.adminKey, /^[A-Za-z0-9+/]{48}$/);
  });

  it("exposes fixtures with the roles and statuses they promise", () => {
    const tenant = createClockifyTenant(1);
    const f = tenant.fixtures;
    const expect = (id: string, membershipStatus: string, accountStatus: string, roles: string[] = []): void => {
      const user = userOf(tenant, id);
      assert.ok(user, id);
      assert.deepEqual(
        { membershipStatus: user.membershipStatus, accountStatus: user.accountStatus, roles: user.roles },
        { membershipStatus, accountStatus, roles },
      );
    };
    expect(f.ownerId, "ACTIVE", "ACTIVE", ["WORKSPACE_ADMIN", "WORKSPACE_OWN"]);
    expect(f.adminId, "ACTIVE", "ACTIVE", ["WORKSPACE_ADMIN"]);
    expect(f.teamManagerId, "ACTIVE", "ACTIVE", ["TEAM_MANAGER"]);
    expect(f.projectManagerId, "ACTIVE", "ACTIVE", ["PROJECT_MANAGER"]);
    expect(f.multiRoleId, "ACTIVE", "ACTIVE", ["PROJECT_MANAGER", "TEAM_MANAGER"]);
    expect(f.memberId, "ACTIVE", "ACTIVE");
    expect(f.pendingInviteId, "PENDING", "NOT_REGISTERED");
    expect(f.pendingEmailVerificationId, "PENDING", "PENDING_EMAIL_VERIFICATION");
    expect(f.pendingExistingAccountId, "PENDING", "ACTIVE");
    expect(f.declinedId, "DECLINED", "ACTIVE");
    expect(f.inactiveId, "INACTIVE", "ACTIVE");
    expect(f.limitedId, "ACTIVE", "LIMITED");
    expect(f.deletedId, "ACTIVE", "DELETED");
    assert.ok((userOf(tenant, f.groupMemberId)?.groupIds.length ?? 0) >= 2);
    assert.deepEqual(tenant.groups.find((group) => group.id === f.emptyGroupId)?.userIds, []);
    const sizes = tenant.groups.map((group) => group.userIds.length);
    assert.equal(tenant.groups.find((group) => group.id === f.populatedGroupId)?.userIds.length, Math.max(...sizes));
    assert.equal(tenant.apiKeys[tenant.adminKey], f.ownerId);
    assert.equal(tenant.apiKeys[tenant.memberKey], f.memberId);
  });

  it("has a second workspace where the owner is an admin under another owner", () => {
    const tenant = createClockifyTenant(1);
    const second = tenant.workspaces[1];
    assert.ok(second);
    const owner = second.members.find((member) => member.userId === tenant.fixtures.ownerId);
    assert.deepEqual(
      owner?.roles.map((grant) => grant.role),
      ["WORKSPACE_ADMIN"],
    );
    assert.equal(
      second.members.filter((member) => member.roles.some((grant) => grant.role === "WORKSPACE_OWN")).length,
      1,
    );
    assert.ok(
      second.members.some((member) =>
        tenant.workspace.members.some(
          (main) => main.userId === member.userId && member.userId !== tenant.fixtures.ownerId,
        ),
      ),
      "some people belong to both",
    );
  });
});

describe("Clockify mutate()", () => {
  it("is deterministic, and generation N equals N calls to mutate()", () => {
    const stepped = createClockifyTenant(4);
    mutateClockifyTenant(stepped);
    mutateClockifyTenant(stepped);
    const direct = createClockifySimulator({ seed: 4, generation: 2 }).tenant;
    assert.deepEqual(snapshot(direct), snapshot(stepped));
    assert.equal(direct.generation, 2);
  });

  it("brings joiners, a leaver, a deactivation, a promotion, an accepted invite and a group move", () => {
    const tenant = createClockifyTenant(1);
    const before = tenant.users;
    const log = mutateClockifyTenant(tenant);
    const after = tenant.users;
    assert.equal(log.joined.length, 3);
    assert.equal(after.length, before.length + 3 - 1);
    const joined = log.joined.map((id) => userOf(tenant, id));
    assert.deepEqual(
      joined.map((user) => `${user?.membershipStatus}/${user?.accountStatus}`),
      ["ACTIVE/ACTIVE", "ACTIVE/ACTIVE", "PENDING/NOT_REGISTERED"],
    );
    assert.ok(
      joined.every((user) => !before.some((old) => old.email === user?.email)),
      "joiners are new people",
    );
    assert.equal(log.removed.length, 1);
    assert.equal(userOf(tenant, log.removed[0] as string), undefined);
    assert.ok(tenant.groups.every((group) => !group.userIds.includes(log.removed[0] as string)));
    assert.equal(userOf(tenant, log.deactivated[0] as string)?.membershipStatus, "INACTIVE");
    assert.deepEqual(userOf(tenant, log.promoted[0] as string)?.roles, ["WORKSPACE_ADMIN"]);
    const accepted = userOf(tenant, log.inviteAccepted[0] as string);
    assert.equal(`${accepted?.membershipStatus}/${accepted?.accountStatus}`, "ACTIVE/ACTIVE");
    assert.notEqual(accepted?.name, accepted?.email);
    const move = log.groupMoves[0];
    assert.ok(move);
    assert.ok(userOf(tenant, move.userId)?.groupIds.includes(move.toGroupId));
    assert.ok(!userOf(tenant, move.userId)?.groupIds.includes(move.fromGroupId));
  });

  it("never touches the fixtures, and each generation changes something new", () => {
    const tenant = createClockifyTenant(9);
    const fixtureView = (t: ClockifyTenant) =>
      Object.values(t.fixtures).map((id) =>
        JSON.stringify(userOf(t, id) ?? t.groups.find((group) => group.id === id)?.id),
      );
    const before = fixtureView(tenant);
    const first = mutateClockifyTenant(tenant);
    const second = mutateClockifyTenant(tenant);
    assert.notDeepEqual(first.joined, second.joined);
    const fixtureIds = new Set<string>(Object.values(tenant.fixtures));
    for (const id of [
      ...first.removed,
      ...first.deactivated,
      ...first.promoted,
      ...second.removed,
      ...second.deactivated,
      ...second.promoted,
    ])
      assert.ok(!fixtureIds.has(id));
    assert.deepEqual(tenant.groups.find((group) => group.id === tenant.fixtures.emptyGroupId)?.userIds, []);
    assert.deepEqual(fixtureView(tenant), before);
    assert.deepEqual(userOf(tenant, tenant.fixtures.ownerId)?.roles, ["WORKSPACE_ADMIN", "WORKSPACE_OWN"]);
  });
});
