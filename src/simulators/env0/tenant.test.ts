import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DAY_MS, referenceDateOf, rosterSlice } from "../_kit/index.ts";
import { shiftIsoMoments } from "../_kit/_test-support.ts";
import { createEnv0Simulator } from "./index.ts";
import { mutateEnv0Tenant } from "./mutate.ts";
import { createEnv0Tenant, DEFAULT_GROUPS, DEFAULT_USERS, MIN_GROUPS, MIN_USERS } from "./tenant.ts";
import type { Env0Tenant } from "./tenant-types.ts";

/** Pinned where two tenants are compared, so that a run across midnight UTC cannot tell them apart. */
const REFERENCE = new Date("2025-06-01T00:00:00.000Z");

/** Everything observable about a tenant, as plain data. */
function snapshot(tenant: Env0Tenant): unknown {
  return JSON.parse(JSON.stringify({ ...tenant, people: [...tenant.people.values()], principals: tenant.principals }));
}

const principal = (tenant: Env0Tenant, id: string) => tenant.principals.find((candidate) => candidate.id === id);
const personOf = (tenant: Env0Tenant, id: string) => tenant.people.get(id);

describe("env0 tenant", () => {
  it("is the same for the same seed and differs for another seed", () => {
    assert.deepEqual(
      snapshot(createEnv0Tenant(1, { referenceDate: REFERENCE })),
      snapshot(createEnv0Tenant(1, { referenceDate: REFERENCE })),
    );
    const other = createEnv0Tenant(2);
    assert.notEqual(other.organizationId, createEnv0Tenant(1).organizationId);
    assert.notDeepEqual(
      other.principals.map((p) => p.email),
      createEnv0Tenant(1).principals.map((p) => p.email),
    );
  });

  it("honours sizes, with a floor that keeps every fixture", () => {
    const members = (tenant: Env0Tenant) => tenant.organization.members.length;
    assert.equal(members(createEnv0Tenant(1)), DEFAULT_USERS);
    assert.equal(createEnv0Tenant(1).organization.teams.length, DEFAULT_GROUPS);
    const big = createEnv0Tenant(1, { users: 150, groups: 120 });
    assert.equal(members(big), 150);
    assert.equal(big.organization.teams.length, 120);
    const tiny = createEnv0Tenant(1, { users: 2, groups: 1 });
    assert.equal(members(tiny), MIN_USERS);
    assert.equal(tiny.organization.teams.length, MIN_GROUPS);
    assert.ok(Object.values(tiny.fixtures).every((id) => id.length > 0));
  });

  it("draws its people from the shared roster (same emails as the other products)", () => {
    const roster = new Set(rosterSlice(5, "env0", 60).map((person) => person.email));
    const tenant = createEnv0Tenant(5);
    assert.ok(tenant.principals.filter((p) => p.kind === "member").every((p) => roster.has(p.email ?? "")));
  });

  it("has Auth0-style user ids, UUID keys, roles and teams, all distinct", () => {
    const tenant = createEnv0Tenant(3);
    const members = tenant.principals.filter((p) => p.kind === "member");
    for (const member of members) assert.match(member.id, /^(google-oauth2|auth0|github|email)\|[0-9a-f]+$/);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const org = tenant.organization;
    for (const id of [
      org.id,
      ...org.apiKeys.map((k) => k.id),
      ...org.roles.map((r) => r.id),
      ...org.teams.map((t) => t.id),
    ])
      assert.match(id, uuid);
    const ids = tenant.principals.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(org.apiKeys.every((key) => /^[a-z0-9]{16}$/.test(key.apiKeyId) && key.secret.length === 32));
  });

  it("exposes fixtures with the roles, statuses and sign-ins they promise", () => {
    const tenant = createEnv0Tenant(1);
    const f = tenant.fixtures;
    const roles = tenant.organization.roles;
    assert.ok(roles.length >= 2);
    const roleOf = (id: string) => principal(tenant, id)?.role;
    assert.equal(roleOf(f.adminId), "Admin");
    assert.equal(roleOf(f.memberId), "User");
    const held = new Set([roleOf(f.customRoleHolderId), roleOf(f.secondCustomRoleHolderId)]);
    assert.equal(held.size, 2, "two different custom roles are held by members");
    for (const role of held) assert.ok(roles.some((r) => r.id === role));
    assert.equal(principal(tenant, f.invitedId)?.status, "Invited");
    assert.equal(principal(tenant, f.invitedCustomRoleId)?.status, "Invited");
    assert.ok(roles.some((r) => r.id === roleOf(f.invitedCustomRoleId)));
    assert.equal(personOf(tenant, f.invitedId)?.createdAt, undefined, "an invitee is a bare user object");
    assert.equal(principal(tenant, f.neverSignedInId)?.status, "Active");
    assert.equal(personOf(tenant, f.neverSignedInId)?.lastLogin, undefined);
    const stale = personOf(tenant, f.staleLoginId)?.lastLogin;
    assert.ok(stale && Date.parse(stale) < tenant.referenceDate.getTime() - 180 * DAY_MS);
    assert.equal(roleOf(f.orphanRoleHolderId), f.orphanRoleId);
    assert.ok(!roles.some((r) => r.id === f.orphanRoleId), "the orphan role is not among /roles");
    assert.ok((principal(tenant, f.teamMemberId)?.teamIds.length ?? 0) >= 2);
    assert.deepEqual(tenant.organization.teams.find((t) => t.id === f.emptyTeamId)?.memberIds, []);
    assert.equal(tenant.organization.members.filter((m) => m.role === "Admin").length >= 2, true);
  });

  it("has API keys: never used, unused for over 90 days, custom-role, in a team, and the sync key", () => {
    const tenant = createEnv0Tenant(1);
    const f = tenant.fixtures;
    const key = (id: string) => tenant.organization.apiKeys.find((candidate) => candidate.id === id);
    assert.equal(key(f.neverUsedKeyId)?.lastUsedAt, null);
    const staleKey = key(f.staleUnusedKeyId);
    assert.equal(staleKey?.lastUsedAt, null);
    assert.ok(staleKey && Date.parse(staleKey.createdAt) < tenant.referenceDate.getTime() - 90 * DAY_MS);
    assert.ok(tenant.organization.roles.some((r) => r.id === key(f.customRoleKeyId)?.organizationRole));
    const team = tenant.organization.teams.find((t) => t.id === f.apiKeyTeamId);
    assert.ok(team?.memberIds.includes(f.teamKeyId) && team.memberIds.includes(f.customRoleKeyId));
    assert.equal(key(f.syncKeyId)?.apiKeyId, tenant.orgKey.apiKeyId);
    assert.equal(key(f.syncKeyId)?.organizationRole, "Admin");
  });

  it("lays its dates out from the reference date, today's by default: another date moves every date, nothing else", () => {
    const before = referenceDateOf().getTime();
    const today = createEnv0Tenant(1).referenceDate.getTime();
    assert.ok(today === before || today === referenceDateOf().getTime(), "the start of the current UTC day");
    const later = new Date(REFERENCE.getTime() + 543 * DAY_MS + 3_600_000);
    const shifted = shiftIsoMoments(
      snapshot(createEnv0Tenant(1, { referenceDate: REFERENCE })),
      later.getTime() - REFERENCE.getTime(),
    );
    assert.deepEqual(snapshot(createEnv0Tenant(1, { referenceDate: later })), shifted);
    const mutated = [createEnv0Tenant(1, { referenceDate: REFERENCE }), createEnv0Tenant(1, { referenceDate: later })];
    for (const tenant of mutated) mutateEnv0Tenant(tenant);
    assert.deepEqual(
      snapshot(mutated[1] as Env0Tenant),
      shiftIsoMoments(snapshot(mutated[0] as Env0Tenant), later.getTime() - REFERENCE.getTime()),
      "mutate() too",
    );
  });

  it("signs most members in within 30 days of the reference date, some over 180 days before it", () => {
    const tenant = createEnv0Tenant(1, { referenceDate: REFERENCE });
    const ages = tenant.organization.members.flatMap((member) => {
      const lastLogin = tenant.people.get(member.userId)?.lastLogin;
      return lastLogin === undefined ? [] : [(REFERENCE.getTime() - Date.parse(lastLogin)) / DAY_MS];
    });
    const recent = ages.filter((days) => days > 0 && days <= 31).length;
    const stale = ages.filter((days) => days > 180).length;
    assert.equal(recent + stale, ages.length, "no sign-in in between, none after the reference date");
    assert.ok(stale >= 2 && recent >= 4 * stale, `${recent} recent, ${stale} stale`);
    const keys = tenant.organization.apiKeys;
    assert.ok(
      keys.every(
        (key) =>
          Date.parse(key.createdAt) < REFERENCE.getTime() &&
          (key.lastUsedAt === null || Date.parse(key.lastUsedAt) >= Date.parse(key.createdAt)),
      ),
    );
  });

  it("has a second organization the admin sees as a User, with the outsider key", () => {
    const tenant = createEnv0Tenant(1);
    const [main, second] = tenant.organizations;
    assert.ok(main && second && main.id !== second.id);
    assert.equal(second.members.find((m) => m.userId === tenant.fixtures.adminId)?.role, "User");
    assert.ok(second.members.some((m) => m.status === "Invited"));
    assert.equal(second.apiKeys[0]?.apiKeyId, tenant.outsiderKey.apiKeyId);
    assert.ok(!main.apiKeys.some((k) => k.apiKeyId === tenant.outsiderKey.apiKeyId));
  });
});

describe("env0 tenant: mutate()", () => {
  it("adds joiners and an invite, removes a leaver everywhere, changes a role, moves a team member", () => {
    const tenant = createEnv0Tenant(1);
    const before = new Map(tenant.organization.members.map((m) => [m.userId, m.role]));
    const log = mutateEnv0Tenant(tenant);
    assert.equal(log.generation, 1);
    assert.equal(log.joined.length, 3);
    assert.deepEqual(
      log.joined.map((id) => principal(tenant, id)?.status),
      ["Active", "Active", "Invited"],
    );
    assert.equal(log.removed.length, 1);
    const leaver = log.removed[0] as string;
    assert.ok(!principal(tenant, leaver));
    assert.ok(tenant.organization.teams.every((t) => !t.memberIds.includes(leaver)));
    assert.equal(log.roleChanges.length, 1);
    const change = log.roleChanges[0];
    assert.ok(
      change &&
        before.get(change.userId) === "User" &&
        principal(tenant, change.userId)?.role === change.to &&
        change.to !== "User",
    );
    assert.equal(log.teamMoves.length, 1);
    assert.ok(
      Object.values(tenant.fixtures).every(
        (id) => !log.removed.includes(id) && !log.roleChanges.some((c) => c.userId === id),
      ),
    );
    assert.equal(tenant.organization.members.length, DEFAULT_USERS + 2);
  });

  it("is deterministic, and `generation` replays it", () => {
    const a = createEnv0Tenant(4, { referenceDate: REFERENCE });
    const b = createEnv0Tenant(4, { referenceDate: REFERENCE });
    mutateEnv0Tenant(a);
    mutateEnv0Tenant(a);
    mutateEnv0Tenant(b);
    mutateEnv0Tenant(b);
    assert.deepEqual(snapshot(a), snapshot(b));
    const simulator = createEnv0Simulator({ seed: 4, generation: 2, referenceDate: REFERENCE });
    assert.deepEqual(snapshot(simulator.tenant), snapshot(a));
    simulator.mutate();
    assert.equal(simulator.tenant.generation, 3);
  });
});
