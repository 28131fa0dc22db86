import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findSimulator, SIMULATORS } from "../index.ts";
import { ALL_ACCOUNTS, pageIds, startClockify } from "./_test-client.ts";

type Json = Record<string, unknown>;

describe("Clockify simulator: determinism", () => {
  it("answers byte for byte the same for the same seed, and differently for another", async (t) => {
    const paths = (workspacePath: string) => [
      `/user`,
      `/workspaces`,
      `${workspacePath}/users?status=ALL&memberships=ALL&include-roles=true&account-statuses=${ALL_ACCOUNTS}`,
      `${workspacePath}/user-groups?includeTeamManagers=true`,
    ];
    const bodies = async (seed: number): Promise<string[]> => {
      const client = await startClockify(t, { seed });
      return Promise.all(paths(client.workspacePath).map(async (path) => (await client.call(path)).text()));
    };
    const [first, again, other] = await Promise.all([bodies(7), bodies(7), bodies(8)]);
    assert.deepEqual(first, again);
    assert.ok(first.every((body, index) => body !== other[index]));
  });
});

describe("Clockify simulator: users", () => {
  it("pages with Last-Page and returns [] past the end", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const list = `${workspacePath}/users?status=ALL&account-statuses=${ALL_ACCOUNTS}&page-size=25`;
    const seen: string[] = [];
    const lastPages: (string | null)[] = [];
    for (let page = 1; page <= 4; page++) {
      const response = await call(`${list}&page=${page}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /application\/json/);
      lastPages.push(response.headers.get("last-page"));
      seen.push(...(await pageIds(response)));
    }
    assert.deepEqual(lastPages, ["false", "false", "true", "true"]);
    assert.equal(seen.length, 60);
    assert.deepEqual(new Set(seen), new Set(tenant.users.map((user) => user.id)));
  });

  it("caps page-size at 5000", async (t) => {
    const { call, workspacePath } = await startClockify(t, { users: 5010, rateLimit: false });
    const list = `${workspacePath}/users?status=ALL&account-statuses=${ALL_ACCOUNTS}&page-size=10000`;
    const first = await call(`${list}&page=1`);
    assert.equal(first.headers.get("last-page"), "false");
    assert.equal((await pageIds(first)).length, 5000);
    const second = await call(`${list}&page=2`);
    assert.equal(second.headers.get("last-page"), "true");
    assert.equal((await pageIds(second)).length, 10);
  });

  it("filters on membership status: ACTIVE and PENDING by default, everyone with ALL", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const f = tenant.fixtures;
    const ids = async (query: string): Promise<string[]> =>
      pageIds(await call(`${workspacePath}/users?page-size=5000&${query}`));
    const plain = await ids("");
    assert.ok(plain.includes(f.pendingInviteId) && plain.includes(f.memberId));
    assert.ok(!plain.includes(f.inactiveId) && !plain.includes(f.declinedId));
    const all = await ids("status=ALL");
    assert.ok(all.includes(f.inactiveId) && all.includes(f.declinedId));
    assert.deepEqual(
      new Set(await ids("status=INACTIVE")),
      new Set(
        tenant.users
          .filter(
            (user) =>
              user.membershipStatus === "INACTIVE" &&
              ["ACTIVE", "PENDING_EMAIL_VERIFICATION", "NOT_REGISTERED"].includes(user.accountStatus),
          )
          .map((user) => user.id),
      ),
    );
    const pending = await ids("status=PENDING");
    assert.ok(
      [f.pendingInviteId, f.pendingEmailVerificationId, f.pendingExistingAccountId].every((id) => pending.includes(id)),
    );
  });

  it("hides LIMITED and deleted accounts unless account-statuses asks for them", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const f = tenant.fixtures;
    const all = await pageIds(await call(`${workspacePath}/users?status=ALL&page-size=5000`));
    assert.ok(!all.includes(f.limitedId) && !all.includes(f.deletedId));
    assert.deepEqual(
      await pageIds(await call(`${workspacePath}/users?status=ALL&account-statuses=LIMITED`)),
      tenant.users
        .filter((user) => user.accountStatus === "LIMITED")
        .map((user) => user.id)
        .sort((a, b) => {
          const email = (id: string) => tenant.users.find((user) => user.id === id)?.email ?? "";
          return email(a) < email(b) ? -1 : 1;
        }),
    );
    const everyone = await pageIds(
      await call(`${workspacePath}/users?status=ALL&account-statuses=${ALL_ACCOUNTS}&page-size=5000`),
    );
    assert.equal(everyone.length, tenant.users.length);
  });

  it("shows memberships across workspaces and roles only when asked", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const f = tenant.fixtures;
    const users = (await (
      await call(`${workspacePath}/users?status=ALL&memberships=WORKSPACE&include-roles=true&page-size=5000`)
    ).json()) as Json[];
    const byId = (id: string) => users.find((user) => user["id"] === id) as Json;
    const owner = byId(f.ownerId);
    const memberships = owner["memberships"] as Json[];
    assert.deepEqual(
      memberships.map((membership) => membership["targetId"]),
      tenant.workspaces.map((workspace) => workspace.id),
    );
    assert.ok(
      memberships.every(
        (membership) => membership["membershipType"] === "WORKSPACE" && membership["membershipStatus"] === "ACTIVE",
      ),
    );
    // The owner's roles as PyClockifyClient recorded them (tests/test_user.py): admin and owner, each on the workspace.
    const onWorkspace = [{ id: tenant.workspaceId, name: "", source: null }];
    assert.deepEqual(owner["roles"], [
      { role: "WORKSPACE_ADMIN", entities: onWorkspace, formatterRoleName: "Admin" },
      { role: "WORKSPACE_OWN", entities: onWorkspace, formatterRoleName: "Admin" },
    ]);
    assert.deepEqual(byId(f.memberId)["roles"], []);
    const pm = (byId(f.projectManagerId)["roles"] as Json[])[0] as {
      role: string;
      entities: { id: string; name: string; source: null }[];
    };
    assert.equal(pm.role, "PROJECT_MANAGER");
    assert.ok(
      pm.entities.length > 0 &&
        pm.entities.every((entity) =>
          tenant.workspace.projects.some((project) => project.id === entity.id && project.name === entity.name),
        ),
    );
    assert.ok(pm.entities.every((entity) => entity.source === null));
    const tm = (byId(f.teamManagerId)["roles"] as Json[])[0] as { role: string; entities: { id: string }[] };
    assert.equal(tm.role, "TEAM_MANAGER");
    assert.ok(
      tm.entities.length > 0 && tm.entities.every((entity) => tenant.users.some((user) => user.id === entity.id)),
    );
    const invite = byId(f.pendingInviteId);
    assert.equal(invite["status"], "NOT_REGISTERED");
    assert.equal(invite["name"], invite["email"], "an invitee who never registered shows the email as name");
    const inviteMembership = (invite["memberships"] as Json[]).find(
      (membership) => membership["targetId"] === tenant.workspaceId,
    );
    assert.equal(inviteMembership?.["membershipStatus"], "PENDING");

    const bare = (await (await call(`${workspacePath}/users?page-size=1`)).json()) as Json[];
    assert.deepEqual(bare[0]?.["memberships"], []);
    assert.ok(!("roles" in (bare[0] as Json)));
    for (const field of [
      "id",
      "email",
      "name",
      "memberships",
      "profilePicture",
      "activeWorkspace",
      "defaultWorkspace",
      "settings",
      "status",
      "customFields",
    ])
      assert.ok(field in (bare[0] as Json), field);
  });

  it("filters by email and sorts", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const owner = tenant.users.find((user) => user.id === tenant.fixtures.ownerId);
    const found = await pageIds(
      await call(`${workspacePath}/users?email=${encodeURIComponent(owner?.email.toUpperCase() ?? "")}`),
    );
    assert.deepEqual(found, [tenant.fixtures.ownerId]);
    const names = (
      (await (
        await call(`${workspacePath}/users?sort-column=NAME_LOWERCASE&sort-order=DESCENDING&page-size=5000`)
      ).json()) as Json[]
    ).map((user) => String(user["name"]).toLowerCase());
    assert.deepEqual(names, [...names].sort().reverse());
    const emails = ((await (await call(`${workspacePath}/users?page-size=5000`)).json()) as Json[]).map((user) =>
      String(user["email"]),
    );
    assert.deepEqual(emails, [...emails].sort(), "EMAIL ascending by default");
  });

  it("refuses unreadable parameters with a 400", async (t) => {
    const { call, workspacePath } = await startClockify(t);
    for (const query of [
      "status=GONE",
      "page=0",
      "page-size=abc",
      "memberships=SOME",
      "account-statuses=ACTIVE,NOPE",
      "include-roles=maybe",
    ]) {
      const response = await call(`${workspacePath}/users?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(((await response.json()) as Json)["code"], 3001);
    }
  });

  it("reads account-statuses as the instance is configured to: a comma list, or one value; refused values name the parameter", async (t) => {
    const lenient = await startClockify(t);
    const strict = await startClockify(t, { accountStatuses: { lists: false, refused: ["LIMITED_DELETED"] } });
    const users = (client: typeof strict, query: string) =>
      client.call(`${client.workspacePath}/users?status=ALL&page-size=5000&${query}`);
    assert.equal((await users(lenient, `account-statuses=${ALL_ACCOUNTS}`)).status, 200);
    for (const query of [
      `account-statuses=${ALL_ACCOUNTS}`,
      "account-statuses=LIMITED&account-statuses=DELETED",
      "account-statuses=LIMITED_DELETED",
    ]) {
      const refused = await users(strict, query);
      assert.equal(refused.status, 400, query);
      const body = (await refused.json()) as Json;
      assert.equal(body["code"], 3001);
      assert.match(String(body["message"]), /'account-statuses'/, "the 400 names the parameter");
    }
    const limited = await pageIds(await users(strict, "account-statuses=LIMITED"));
    assert.deepEqual(
      new Set(limited),
      new Set(strict.tenant.users.filter((user) => user.accountStatus === "LIMITED").map((user) => user.id)),
    );
  });

  it("POST users/info filters by role (owners count as admins) and by group", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const post = (body: unknown) =>
      call(`${workspacePath}/users/info`, {
        method: "POST",
        headers: { "X-Api-Key": tenant.adminKey, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const admins = await pageIds(await post({ roles: ["WORKSPACE_ADMIN"], status: "ALL", pageSize: 100 }));
    const expected = tenant.users.filter((user) => user.roles.includes("WORKSPACE_ADMIN")).map((user) => user.id);
    assert.ok(expected.includes(tenant.fixtures.ownerId), "the owner holds WORKSPACE_ADMIN too");
    assert.deepEqual(new Set(admins), new Set(expected));
    assert.deepEqual(
      await pageIds(await post({ roles: ["OWNER"], status: "ALL", pageSize: 100 })),
      [tenant.fixtures.ownerId],
      "the filter's OWNER is the listing's WORKSPACE_OWN",
    );
    const group = tenant.groups.find((candidate) => candidate.id === tenant.fixtures.populatedGroupId);
    const members = await pageIds(
      await post({ userGroups: [group?.id], status: "ALL", accountStatuses: ALL_ACCOUNTS.split(","), pageSize: 100 }),
    );
    assert.deepEqual(new Set(members), new Set(group?.userIds));
    const paged = await post({ status: "ALL", page: 2, pageSize: 50 });
    assert.equal(paged.headers.get("last-page"), "true");
    assert.equal((await post("not an object")).status, 400);
  });
});

describe("Clockify simulator: groups, workspaces and routing", () => {
  it("lists user groups with paging, team managers on request, empty groups included", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const page = await call(`${workspacePath}/user-groups?page-size=5`);
    assert.equal(page.headers.get("last-page"), "false");
    const plain = (await page.json()) as Json[];
    assert.equal(plain.length, 5);
    assert.ok(!("teamManagers" in (plain[0] as Json)));
    assert.deepEqual(Object.keys(plain[0] as Json), ["id", "name", "workspaceId", "userIds"]);
    const all = (await (
      await call(`${workspacePath}/user-groups?includeTeamManagers=true&page-size=5000`)
    ).json()) as Json[];
    assert.equal(all.length, tenant.groups.length);
    assert.deepEqual(
      all.map((group) => group["name"]),
      tenant.groups.map((group) => group.name).sort(),
    );
    assert.deepEqual(all.find((group) => group["id"] === tenant.fixtures.emptyGroupId)?.["userIds"], []);
    assert.ok(all.some((group) => (group["teamManagers"] as Json[]).length > 0));
    const beyond = await call(`${workspacePath}/user-groups?page=3&page-size=5`);
    assert.deepEqual([await beyond.json(), beyond.headers.get("last-page")], [[], "true"]);
  });

  it("has no GET for one group (405) and answers unknown paths with 404 code 3000", async (t) => {
    const { call, workspacePath, tenant } = await startClockify(t);
    const single = await call(`${workspacePath}/user-groups/${tenant.fixtures.emptyGroupId}`);
    assert.equal(single.status, 405);
    assert.deepEqual(await single.json(), { message: "Request method 'GET' is not supported", code: 3000 });
    const unknown = await call(`/projects-of-nobody`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { message: "No static resource api/v1/projects-of-nobody.", code: 3000 });
  });

  it("serves the key's user and the workspaces it belongs to", async (t) => {
    const { call, tenant } = await startClockify(t);
    const user = (await (await call(`/user?include-memberships=true`)).json()) as Json;
    assert.equal(user["id"], tenant.fixtures.ownerId);
    assert.equal(
      (user["memberships"] as Json[]).filter((membership) => membership["membershipType"] === "WORKSPACE").length,
      2,
    );
    const workspaces = (await (await call(`/workspaces?page-size=1`)).json()) as Json[];
    assert.deepEqual(
      workspaces.map((workspace) => workspace["id"]),
      tenant.workspaces.map((workspace) => workspace.id),
    );
    assert.deepEqual(await pageIds(await call(`/workspaces?roles=OWNER`)), [tenant.workspaceId]);
    // "Owners are not counted as admins when filtering" here: the key's user is admin only of the second workspace.
    assert.deepEqual(await pageIds(await call(`/workspaces?roles=WORKSPACE_ADMIN`)), [tenant.workspaces[1]?.id]);
    const one = (await (await call(`/workspaces/${tenant.workspaceId}`)).json()) as Json;
    assert.equal(one["name"], "Acme Corp");
  });
});

describe("Clockify simulator: registry and settings", () => {
  it("is registered, and its settings are the connector flags that sync the tenant", async (t) => {
    assert.equal(
      findSimulator("clockify"),
      SIMULATORS.find((definition) => definition.name === "clockify"),
    );
    const { simulator, base, call } = await startClockify(t);
    const settings = simulator.settings(new URL(base).origin);
    assert.deepEqual(settings, {
      "api-key": simulator.tenant.adminKey,
      "workspace-id": simulator.tenant.workspaceId,
      "base-url": base,
    });
    const response = await call(`/workspaces/${settings["workspace-id"]}/users`, {
      headers: { "X-Api-Key": settings["api-key"] as string },
    });
    assert.equal(response.status, 200);
  });
});
