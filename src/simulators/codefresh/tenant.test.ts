import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DAY_MS, referenceDateOf, rosterSlice } from "../_kit/index.ts";
import { shiftIsoMoments } from "../_kit/_test-support.ts";
import { createCodefreshSimulator } from "./index.ts";
import { mutateCodefreshTenant } from "./mutate.ts";
import { createCodefreshTenant, DEFAULT_GROUPS, DEFAULT_USERS, MIN_GROUPS, MIN_USERS } from "./tenant.ts";
import type { CodefreshTenant } from "./tenant-types.ts";

/** Pinned where two tenants are compared, so that a run across midnight UTC cannot tell them apart. */
const REFERENCE = new Date("2025-01-01T00:00:00.000Z");

/** Everything observable about a tenant, as plain data. */
function snapshot(tenant: CodefreshTenant): unknown {
  return JSON.parse(JSON.stringify({ ...tenant, users: [...tenant.users.values()], members: tenant.members }));
}

describe("Codefresh tenant", () => {
  it("is the same for the same seed and differs for another seed", () => {
    assert.deepEqual(
      snapshot(createCodefreshTenant(1, { referenceDate: REFERENCE })),
      snapshot(createCodefreshTenant(1, { referenceDate: REFERENCE })),
    );
    assert.notDeepEqual(
      createCodefreshTenant(2).members.map((user) => user.email),
      createCodefreshTenant(1).members.map((user) => user.email),
    );
  });

  it("honours sizes, with a floor that keeps every fixture", () => {
    const standard = createCodefreshTenant(1);
    assert.equal(standard.members.length, DEFAULT_USERS);
    assert.equal(standard.accountTeams.length, DEFAULT_GROUPS);
    const big = createCodefreshTenant(1, { users: 150, groups: 9 });
    assert.deepEqual([big.members.length, big.accountTeams.length], [150, 9]);
    const tiny = createCodefreshTenant(1, { users: 2, groups: 1 });
    assert.deepEqual([tiny.members.length, tiny.accountTeams.length], [MIN_USERS, MIN_GROUPS]);
    const memberIds = new Set(tiny.account.memberIds);
    for (const [name, id] of Object.entries(tiny.fixtures)) {
      if (
        [
          "staleAdminId",
          "orphanUserId",
          "usersTeamId",
          "adminsTeamId",
          "emptyTeamId",
          "serviceUserId",
          "serviceAdminId",
        ].includes(name)
      )
        continue;
      assert.ok(memberIds.has(id), name);
    }
    const robots = new Map(tiny.accountServiceUsers.map((serviceUser) => [serviceUser.id, serviceUser]));
    assert.deepEqual(robots.get(tiny.fixtures.serviceUserId)?.roles, []);
    assert.ok((robots.get(tiny.fixtures.serviceUserId)?.teamIds.length ?? 0) >= 2, "the CI robot is in two teams");
    assert.deepEqual(robots.get(tiny.fixtures.serviceAdminId)?.roles, ["Admin"]);
    assert.deepEqual(robots.get(tiny.fixtures.serviceAdminId)?.teamIds, [tiny.fixtures.adminsTeamId]);
    for (const id of robots.keys())
      assert.ok(
        !memberIds.has(id) && !tiny.account.admins.includes(id),
        "a service account is no member and not in the admins list",
      );
  });

  it("draws its people from the shared roster, with unique ids that look like Codefresh's", () => {
    const tenant = createCodefreshTenant(5);
    const roster = new Set(rosterSlice(5, "codefresh", DEFAULT_USERS).map((person) => person.email));
    assert.ok(tenant.members.every((user) => roster.has(user.email)));
    const all = [
      ...tenant.users.keys(),
      ...tenant.accounts.map((account) => account.id),
      ...tenant.teams.map((team) => team.id),
      ...tenant.serviceUsers.map((serviceUser) => serviceUser.id),
    ];
    assert.equal(new Set(all).size, all.length);
    for (const id of all) assert.match(id, /^[0-9a-f]{24}$/);
    for (const key of Object.keys(tenant.keys)) assert.match(key, /^[0-9a-f]{24}\.[0-9a-f]{32}$/);
  });

  it("lays its dates out from the reference date, today's by default: another date moves every date, ids stay", () => {
    const before = referenceDateOf().getTime();
    const today = createCodefreshTenant(1).referenceDate.getTime();
    assert.ok(today === before || today === referenceDateOf().getTime(), "the start of the current UTC day");
    const later = new Date(REFERENCE.getTime() + 689 * DAY_MS + 60_000);
    const [a, b] = [
      createCodefreshTenant(1, { referenceDate: REFERENCE }),
      createCodefreshTenant(1, { referenceDate: later }),
    ];
    assert.deepEqual(snapshot(b), shiftIsoMoments(snapshot(a), later.getTime() - REFERENCE.getTime()));
    mutateCodefreshTenant(a);
    mutateCodefreshTenant(b);
    assert.deepEqual(snapshot(b), shiftIsoMoments(snapshot(a), later.getTime() - REFERENCE.getTime()), "mutate() too");
  });

  it("dates sign-ups before the reference date, and pending invitations within the year before it", () => {
    const tenant = createCodefreshTenant(2, { referenceDate: REFERENCE });
    const age = (iso: string) => (REFERENCE.getTime() - Date.parse(iso)) / DAY_MS;
    const pending = tenant.members.filter((user) => user.status === "pending");
    assert.ok(
      pending.length >= 2 && pending.every((user) => age(user.registerDate) > 0 && age(user.registerDate) <= 366),
    );
    const registered = tenant.members.filter((user) => user.status !== "pending").map((user) => age(user.registerDate));
    assert.ok(registered.every((days) => days > 0 && days < 10 * 366));
    assert.ok(
      registered.filter((days) => days > 366).length > registered.length / 2,
      "most signed up more than a year ago",
    );
    assert.ok(tenant.accounts.every((account) => age(account.createdAt) > 366));
  });

  it("has admins, plain users, pending invites (one of them an admin) and a stale admin id", () => {
    const tenant = createCodefreshTenant(3);
    const f = tenant.fixtures;
    const admins = new Set(tenant.account.admins);
    const status = (id: string) => tenant.users.get(id)?.status;
    assert.ok(
      admins.has(f.ownerId) && admins.has(f.adminId) && admins.has(f.pendingAdminId) && admins.has(f.staleAdminId),
    );
    assert.ok(!admins.has(f.plainUserId) && !admins.has(f.pendingInviteId));
    assert.deepEqual(
      [status(f.pendingInviteId), status(f.pendingAdminId), status(f.plainUserId)],
      ["pending", "pending", "new"],
    );
    assert.ok(!tenant.account.memberIds.includes(f.staleAdminId));
    assert.ok(tenant.members.every((user) => (user.status === "pending") === (user.inviteUrl !== undefined)));
    assert.ok(
      tenant.members.every((user) => user.roles.join() === "User"),
      "account roles are not in the per-user roles",
    );
  });
});

describe("Codefresh mutate()", () => {
  it("is deterministic, and generation N equals N calls to mutate()", () => {
    const stepped = createCodefreshTenant(4, { referenceDate: REFERENCE });
    mutateCodefreshTenant(stepped);
    mutateCodefreshTenant(stepped);
    assert.deepEqual(
      snapshot(createCodefreshSimulator({ seed: 4, generation: 2, referenceDate: REFERENCE }).tenant),
      snapshot(stepped),
    );
  });

  it("brings joiners (one invited), a leaver, a promotion, an accepted invite and a team move", () => {
    const tenant = createCodefreshTenant(6);
    const before = new Set(tenant.account.memberIds);
    const log = mutateCodefreshTenant(tenant);
    assert.equal(log.joined.length, 3);
    assert.ok(log.joined.every((id) => !before.has(id) && tenant.account.memberIds.includes(id)));
    assert.equal(log.joined.filter((id) => tenant.users.get(id)?.status === "pending").length, 1);
    const [left] = log.removed;
    assert.ok(left !== undefined && !tenant.account.memberIds.includes(left) && !tenant.account.admins.includes(left));
    assert.ok(tenant.accountTeams.every((team) => !team.userIds.includes(left)));
    const [promoted] = log.promoted;
    assert.ok(promoted !== undefined && tenant.account.admins.includes(promoted));
    assert.ok(tenant.accountTeams.find((team) => team.id === tenant.fixtures.adminsTeamId)?.userIds.includes(promoted));
    const [accepted] = log.inviteAccepted;
    assert.ok(
      accepted !== undefined &&
        tenant.users.get(accepted)?.status === "new" &&
        tenant.users.get(accepted)?.inviteUrl === undefined,
    );
    assert.equal(log.teamMoves.length, 1);
  });

  it("never touches the fixtures", () => {
    const tenant = createCodefreshTenant(8);
    const fixtures = JSON.stringify(tenant.fixtures);
    const fixtureUsers = JSON.stringify(Object.values(tenant.fixtures).map((id) => tenant.users.get(id) ?? null));
    for (let round = 0; round < 5; round++) mutateCodefreshTenant(tenant);
    assert.equal(JSON.stringify(tenant.fixtures), fixtures);
    assert.equal(
      JSON.stringify(Object.values(tenant.fixtures).map((id) => tenant.users.get(id) ?? null)),
      fixtureUsers,
    );
    assert.ok(tenant.account.admins.includes(tenant.fixtures.staleAdminId));
    assert.deepEqual(tenant.accountTeams.find((team) => team.id === tenant.fixtures.emptyTeamId)?.userIds, []);
  });
});
