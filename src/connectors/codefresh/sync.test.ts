/**
 * End to end against the simulator over loopback HTTP: what a sync writes, read back from the c1z.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";

import { createLogger, InterruptedError, syncToFile } from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import {
  createCodefreshSimulator,
  type CodefreshSimulatorOptions,
  type CodefreshTenant,
} from "../../simulators/codefresh/index.ts";
import { serve } from "../../simulators/index.ts";
import { FAST_HTTP, openC1z, settingsFrom, syncWith, tempDir } from "../../testkit/index.ts";
import { codefresh } from "./index.ts";

async function served(t: TestContext, options: CodefreshSimulatorOptions = {}) {
  const simulator = createCodefreshSimulator(options);
  const server = await serve(simulator.handler);
  t.after(() => server.close());
  return { simulator, tenant: simulator.tenant, settings: simulator.settings(server.origin), origin: server.origin };
}

async function syncAndOpen(t: TestContext, settings: Record<string, string>) {
  const file = join(tempDir(t), "sync.c1z");
  const run = await syncWith(codefresh, settings, file);
  return { run, ...(await openC1z(t, file)) };
}

type Opened = Awaited<ReturnType<typeof openC1z>>;

/** Principal ids holding an entitlement. */
function holders({ reader, syncId }: Opened, entitlementId: string): string[] {
  return [...reader.grants(syncId, { entitlementId })].map((grant) => grant.principal.id.resource).sort();
}

/** Every row of a sync, as text, for comparing two syncs. */
function rows({ reader, syncId }: Opened): string[] {
  return [
    ...[...reader.resources(syncId)].map((r) => JSON.stringify(r)),
    ...[...reader.entitlements(syncId)].map((e) => JSON.stringify(e)),
    ...[...reader.grants(syncId)].map((g) => JSON.stringify(g)),
  ];
}

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();
const adminMembers = (tenant: CodefreshTenant): string[] =>
  sorted(tenant.account.admins.filter((id) => tenant.account.memberIds.includes(id)));

describe("Codefresh sync", () => {
  it("writes every member with the Admin or User role, from the account's admins list", async (t) => {
    const { tenant, settings } = await served(t);
    const { reader, syncId, run } = await syncAndOpen(t, settings);
    const f = tenant.fixtures;
    assert.equal(
      run.summary.requests.requests,
      4,
      "GET /user, the members, the service accounts, the teams: nothing else",
    );
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), 62, "60 members and 2 service accounts");
    assert.deepEqual(sorted([...reader.resources(syncId, { resourceType: "role" })].map((role) => role.id.resource)), [
      "admin",
      "user",
    ]);

    const opened = { reader, syncId };
    const admins = holders(opened, "role:admin:assigned");
    assert.deepEqual(admins, sorted([...adminMembers(tenant), f.serviceAdminId]));
    assert.ok(admins.includes(f.ownerId) && admins.includes(f.adminId) && admins.includes(f.pendingAdminId));
    assert.ok(!admins.includes(f.staleAdminId), "an admins entry who is not a member gets no grant");
    assert.equal(reader.getResource(syncId, { resourceType: "user", resource: f.staleAdminId }), undefined);
    const users = holders(opened, "role:user:assigned");
    assert.deepEqual(
      users,
      sorted([...tenant.account.memberIds.filter((id) => !tenant.account.admins.includes(id)), f.serviceUserId]),
    );
    assert.ok(users.includes(f.plainUserId) && users.includes(f.pendingInviteId));
    assert.equal(admins.length + users.length, 62, "every member and service account holds exactly one role");

    const owner = reader.getResource(syncId, { resourceType: "user", resource: f.ownerId });
    const person = tenant.users.get(f.ownerId);
    assert.equal(owner?.user?.status, "enabled");
    assert.deepEqual(owner?.user?.emails, [{ address: person?.email, primary: true }]);
    assert.equal(owner?.user?.login, person?.userName);
    assert.equal(owner?.displayName, `${person?.personal?.firstName} ${person?.personal?.lastName}`);
  });

  it("writes service accounts as users of account type service, with the admin role their roles give and their teams", async (t) => {
    const { tenant, settings } = await served(t);
    const opened = await syncAndOpen(t, settings);
    const { reader, syncId } = opened;
    const f = tenant.fixtures;
    const services = [...reader.resources(syncId, { resourceType: "user" })].filter(
      (user) => user.user?.accountType === "service",
    );
    assert.deepEqual(
      sorted(services.map((user) => user.id.resource)),
      sorted(tenant.accountServiceUsers.map((robot) => robot.id)),
    );
    const robot = tenant.accountServiceUsers.find((candidate) => candidate.id === f.serviceUserId);
    const synced = reader.getResource(syncId, { resourceType: "user", resource: f.serviceUserId });
    assert.equal(synced?.displayName, robot?.userName);
    assert.equal(synced?.user?.status, "enabled");
    assert.equal(synced?.user?.login, robot?.userName);
    assert.deepEqual(synced?.user?.emails, []);
    // Not in the account's member list nor its admins list: the admin grant comes from roles ["Admin"].
    assert.ok(
      !tenant.account.memberIds.includes(f.serviceAdminId) && !tenant.account.admins.includes(f.serviceAdminId),
    );
    assert.ok(holders(opened, "role:admin:assigned").includes(f.serviceAdminId));
    assert.ok(!holders(opened, "role:admin:assigned").includes(f.serviceUserId));
    const teamsOf = (id: string) =>
      sorted(
        [...reader.grants(syncId, { principal: { resourceType: "user", resource: id }, resourceType: "team" })].map(
          (grant) => grant.entitlement.resource.id.resource,
        ),
      );
    assert.deepEqual(teamsOf(f.serviceUserId), sorted(robot?.teamIds ?? []));
    assert.ok(teamsOf(f.serviceUserId).includes(f.usersTeamId) && teamsOf(f.serviceUserId).length >= 2);
    assert.deepEqual(teamsOf(f.serviceAdminId), [f.adminsTeamId]);
  });

  it("writes pending invites as disabled users whose details say so, and nobody else", async (t) => {
    const { tenant, settings } = await served(t);
    const { reader, syncId } = await syncAndOpen(t, settings);
    const disabled = [...reader.resources(syncId, { resourceType: "user" })].filter(
      (user) => user.user?.status === "disabled",
    );
    assert.deepEqual(
      sorted(disabled.map((user) => user.id.resource)),
      sorted(tenant.members.filter((user) => user.status === "pending").map((user) => user.id)),
    );
    for (const user of disabled) assert.match(user.user?.statusDetails ?? "", /pending invite/);
    const invite = reader.getResource(syncId, { resourceType: "user", resource: tenant.fixtures.pendingInviteId });
    assert.equal(invite?.user?.status, "disabled");
    assert.equal(invite?.user?.emails[0]?.address, tenant.users.get(tenant.fixtures.pendingInviteId)?.email);
  });

  it("writes every team, built-in ones included, with member grants to exactly its members", async (t) => {
    const { tenant, settings } = await served(t);
    const opened = await syncAndOpen(t, settings);
    const { reader, syncId } = opened;
    const teams = [...reader.resources(syncId, { resourceType: "team" })];
    assert.deepEqual(
      teams.map((team) => team.displayName),
      tenant.accountTeams.map((team) => team.name),
    );
    assert.ok(teams.every((team) => team.group !== undefined));
    for (const team of tenant.accountTeams) {
      assert.ok(reader.getEntitlement(syncId, `team:${team.id}:member`), `${team.name} has a member entitlement`);
      const robots = tenant.accountServiceUsers
        .filter((robot) => robot.teamIds.includes(team.id))
        .map((robot) => robot.id);
      assert.deepEqual(holders(opened, `team:${team.id}:member`), sorted([...team.userIds, ...robots]), team.name);
    }
    assert.equal(
      holders(opened, `team:${tenant.fixtures.usersTeamId}:member`).length,
      61,
      "the members and the CI service account",
    );
    assert.deepEqual(holders(opened, `team:${tenant.fixtures.emptyTeamId}:member`), []);
    const memberships = [
      ...reader.grants(syncId, {
        principal: { resourceType: "user", resource: tenant.fixtures.multiTeamUserId },
        resourceType: "team",
      }),
    ];
    assert.ok(memberships.length >= 3, "the users team and two custom teams");
  });

  it("works with an on-premises base URL, under another path and with a trailing slash", async (t) => {
    const { settings, origin } = await served(t, { basePath: "/codefresh/api" });
    const onPrem = { ...settings, "base-url": `${origin}/codefresh/api/` };
    const { reader, syncId } = await syncAndOpen(t, onPrem);
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), 62);
    assert.equal(reader.countResources(syncId, { resourceType: "team" }), 6);
  });

  it("retries 5xx, 429, dropped connections and gateway pages on every endpoint to the same data", async (t) => {
    const clean = await served(t);
    const faulty = await served(t, {
      faults: [
        "server-error:500*1@/api/user",
        "drop*1@/api/accounts/:id/users",
        "server-error:502*1@/api/accounts/:id/users",
        "rate-limit*2@/api/team",
        "drop:10*1@/api/team",
      ],
    });
    const a = await syncAndOpen(t, clean.settings);
    const b = await syncAndOpen(t, faulty.settings);
    assert.equal(faulty.simulator.faults.applied.total, 6);
    assert.equal(b.run.summary.requests.retries, 6);
    assert.deepEqual(rows(b), rows(a));
  });

  it("an interrupted sync starts over on the next run, to the same rows as a clean sync", async (t) => {
    const { settings } = await served(t, { users: 1200, rateLimit: false });
    const dir = tempDir(t);
    const file = join(dir, "sync.c1z");
    const controller = new AbortController();
    const logger = createLogger({ level: "warn", format: "json", stream: captureStream() });
    const connector = codefresh.create(settingsFrom(codefresh, settings), { logger, http: FAST_HTTP });
    let seen = 0;
    await assert.rejects(
      syncToFile({
        connector,
        file,
        logger,
        signal: controller.signal,
        concurrency: 1,
        onProgress: (event) => {
          seen = event.resources;
          if (event.phase === "resources" && event.resources >= 500) controller.abort(new InterruptedError("SIGINT"));
        },
      }),
      (error: unknown) => error instanceof InterruptedError,
    );
    assert.equal(seen, 500, "stopped after the first page of users");
    const rerun = await syncWith(codefresh, settings, file);
    assert.equal(rerun.summary.resumed, false, "a sync stopped while reading starts over");
    const cleanFile = join(dir, "clean.c1z");
    await syncWith(codefresh, settings, cleanFile);
    const [a, b] = [await openC1z(t, file), await openC1z(t, cleanFile)];
    assert.equal(a.reader.countResources(a.syncId, { resourceType: "user" }), 1202);
    assert.deepEqual(rows(a), rows(b));
  });
});
