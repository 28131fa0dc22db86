import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DAY_MS, referenceDateOf, rosterSlice } from "../_kit/index.ts";
import { shiftIsoMoments } from "../_kit/_test-support.ts";
import {
  createRunlayerSimulator,
  createRunlayerTenant,
  DEFAULT_USERS,
  MIN_USERS,
  mutateRunlayerTenant,
  roleIndex,
  type RunlayerTenant,
} from "./index.ts";

/** Pinned where two tenants are compared, so that a run across midnight UTC cannot tell them apart. */
const REFERENCE = new Date("2025-07-01T00:00:00.000Z");

const plain = (tenant: RunlayerTenant): unknown => JSON.parse(JSON.stringify(tenant));
/** Days between a user's last sign-in and the reference date; null when never. */
const signInAge = (tenant: RunlayerTenant, lastLogin: string | null): number | null =>
  lastLogin === null ? null : (tenant.referenceDate.getTime() - Date.parse(lastLogin)) / DAY_MS;

function rolesOf(tenant: RunlayerTenant, userId: string): string[] {
  return roleIndex(tenant).get(userId) ?? [];
}

describe("Runlayer simulator: seeded instance", () => {
  it("holds the fixtures every test relies on", () => {
    const tenant = createRunlayerTenant(1);
    const f = tenant.fixtures;
    const user = (id: string) => tenant.users.find((candidate) => candidate.id === id)!;
    assert.equal(tenant.users.length, DEFAULT_USERS);
    assert.equal(new Set(Object.values(f)).size, Object.keys(f).length, "fixtures are distinct users");
    assert.deepEqual(rolesOf(tenant, f.superAdminId), ["super_admin"]);
    assert.deepEqual(rolesOf(tenant, f.otherSuperAdminId), ["super_admin"]);
    assert.deepEqual(rolesOf(tenant, f.securityDeveloperId), ["security_admin", "developer"]);
    assert.deepEqual(rolesOf(tenant, f.helpdeskId), ["helpdesk"]);
    assert.deepEqual(rolesOf(tenant, f.developerId), ["developer"]);
    assert.deepEqual(rolesOf(tenant, f.serverAdminId), ["user", "server_admin"]);
    assert.equal(user(f.inactiveId).is_active, false);
    assert.equal(user(f.neverSignedInId).last_login_at, null);
    assert.ok(
      user(f.staleLoginId).is_active && (signInAge(tenant, user(f.staleLoginId).last_login_at) ?? 0) > 90,
      "active, not seen for over 90 days",
    );
    assert.deepEqual(rolesOf(tenant, f.staleLoginId), ["user"]);
    assert.ok(user(f.superAdminId).is_active && user(f.superAdminId).last_login_at !== null);
    const serverAdmins = tenant.assignments.filter((a) => a.role === "server_admin");
    assert.ok(serverAdmins.length >= 3 && serverAdmins.every((a) => a.scope_type === "server" && a.scope_id !== null));
    assert.ok(
      tenant.users.filter((candidate) => rolesOf(tenant, candidate.id).includes("helpdesk")).length >= 2,
      "Helpdesk users",
    );
    assert.ok(
      tenant.users.every((candidate) => rolesOf(tenant, candidate.id).length > 0),
      "everyone holds a role",
    );
    assert.equal(tenant.apiKeys[tenant.adminKey]?.kind, "personal");
    assert.equal(tenant.apiKeys[tenant.orgKey]?.kind, "organization");
  });

  it("draws people from the shared roster: unique emails, shared with the other products", () => {
    const tenant = createRunlayerTenant(3);
    const emails = tenant.users.map((user) => user.email);
    assert.equal(new Set(emails).size, emails.length);
    const clockifyPeople = new Set(rosterSlice(3, "clockify", DEFAULT_USERS).map((person) => person.email));
    assert.ok(
      emails.filter((email) => clockifyPeople.has(email)).length >= DEFAULT_USERS / 2,
      "a real company's overlap",
    );
  });

  it("is the same for the same seed, raises tiny sizes, and grows to large ones", () => {
    assert.deepEqual(
      createRunlayerTenant(5, { referenceDate: REFERENCE }),
      createRunlayerTenant(5, { referenceDate: REFERENCE }),
    );
    assert.notDeepEqual(createRunlayerTenant(5).users, createRunlayerTenant(6).users);
    assert.equal(createRunlayerTenant(1, { users: 3 }).users.length, MIN_USERS);
    const large = createRunlayerTenant(1, { users: 3000 });
    assert.equal(large.users.length, 3000);
    assert.equal(new Set(large.users.map((user) => user.email)).size, 3000);
  });

  it("lays its dates out from the reference date, today's by default: another date moves every date, nothing else", () => {
    const before = referenceDateOf().getTime();
    const today = createRunlayerTenant(1).referenceDate.getTime();
    assert.ok(today === before || today === referenceDateOf().getTime(), "the start of the current UTC day");
    const later = new Date(REFERENCE.getTime() + 517 * DAY_MS + 7_200_000);
    const [a, b] = [
      createRunlayerTenant(1, { referenceDate: REFERENCE }),
      createRunlayerTenant(1, { referenceDate: later }),
    ];
    assert.deepEqual(plain(b), shiftIsoMoments(plain(a), later.getTime() - REFERENCE.getTime()));
    mutateRunlayerTenant(a);
    mutateRunlayerTenant(b);
    assert.deepEqual(plain(b), shiftIsoMoments(plain(a), later.getTime() - REFERENCE.getTime()), "mutate() too");
  });

  it("signs most users in within 30 days of the reference date, some over 90 days before it, inactive ones included", () => {
    const tenant = createRunlayerTenant(1, { referenceDate: REFERENCE });
    const ages = tenant.users.map((user) => signInAge(tenant, user.last_login_at)).filter((age) => age !== null);
    const recent = ages.filter((days) => days >= 0 && days <= 30).length;
    const stale = ages.filter((days) => days > 90).length;
    assert.equal(recent + stale, ages.length, "no sign-in in between, none after the reference date");
    assert.ok(stale >= 3 && recent >= 3 * stale, `${recent} recent, ${stale} stale`);
    assert.ok(
      tenant.users.filter((user) => !user.is_active).every((user) => (signInAge(tenant, user.last_login_at) ?? 0) > 90),
    );
    assert.ok(
      tenant.users.every((user) => user.last_login_at === null || user.last_login_at >= user.created_at),
      "nobody signed in before they existed",
    );
    assert.ok(tenant.users.every((user) => Date.parse(user.created_at) <= REFERENCE.getTime() - 30 * DAY_MS));
  });

  it("mutates deterministically: joiners, a leaver, a promotion and a deactivation, fixtures untouched", () => {
    const a = createRunlayerTenant(2, { referenceDate: REFERENCE });
    const b = createRunlayerTenant(2, { referenceDate: REFERENCE });
    const newestSeeded = a.users.at(-1)?.created_at ?? "";
    const fixtures = structuredClone(a.fixtures);
    const before = new Set(a.users.map((user) => user.id));
    const log = mutateRunlayerTenant(a);
    assert.deepEqual(mutateRunlayerTenant(b), log);
    assert.equal(log.joined.length, 3);
    assert.ok(log.joined.every((id) => !before.has(id) && a.users.some((user) => user.id === id)));
    assert.equal(log.removed.length, 1);
    assert.ok(!a.users.some((user) => user.id === log.removed[0]));
    assert.ok(
      !a.assignments.some((assignment) => assignment.user_id === log.removed[0]),
      "a leaver's assignments go too",
    );
    assert.ok(rolesOf(a, log.promoted[0]!).includes("helpdesk"));
    assert.equal(a.users.find((user) => user.id === log.deactivated[0])?.is_active, false);
    assert.deepEqual(a.fixtures, fixtures);
    assert.ok(Object.values(fixtures).every((id) => a.users.some((user) => user.id === id)));
    assert.equal(a.generation, 1);
    const joiners = a.users.filter((user) => log.joined.includes(user.id));
    assert.ok(
      joiners.every((user) => user.created_at > newestSeeded && Date.parse(user.created_at) < REFERENCE.getTime()),
      "joiners are the newest users, created before the reference date",
    );
    assert.equal(
      joiners.filter((user) => user.last_login_at === null).length,
      1,
      "the Developer has not signed in yet",
    );
    assert.ok(
      joiners.every(
        (user) =>
          user.last_login_at === null ||
          (user.last_login_at >= user.created_at && Date.parse(user.last_login_at) <= REFERENCE.getTime()),
      ),
    );
    const second = mutateRunlayerTenant(a);
    assert.notDeepEqual(second.joined, log.joined);
    const created = a.users.map((user) => user.created_at);
    assert.deepEqual(created, [...created].sort(), "users stay in creation order, the order GET /users lists them");
  });

  it("starts at a later generation when asked, and mutate() changes what the API serves", async () => {
    const later = createRunlayerSimulator({ seed: 2, generation: 2 });
    assert.equal(later.tenant.generation, 2);
    const simulator = createRunlayerSimulator({ seed: 2 });
    const count = async (): Promise<number> => {
      const response = await simulator.handler(
        new Request("http://127.0.0.1/api/v1/users?limit=1", {
          headers: { "x-runlayer-api-key": simulator.tenant.adminKey },
        }),
      );
      return ((await response.json()) as { count: number }).count;
    };
    const before = await count();
    simulator.mutate();
    assert.equal(await count(), before + 2, "three joined, one left");
  });
});
