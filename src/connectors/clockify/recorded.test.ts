/**
 * The connector against answers shaped as Clockify's own clients and OpenAPI record them (the
 * files in recorded/, each naming its sources), not as our simulator renders them: the two were
 * written from one fact sheet, and these shapes are the independent check. Served over loopback
 * HTTP, synced into a real c1z, read back.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test, type TestContext } from "node:test";
import { serve } from "../../simulators/index.ts";
import { openC1z, syncWith, tempDir } from "../../testkit/index.ts";
import { holders } from "./_test-support.ts";
import { clockify } from "./index.ts";

interface Recorded {
  origin: string;
  request: string;
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

const recorded = (name: string): Recorded =>
  JSON.parse(readFileSync(new URL(`recorded/${name}`, import.meta.url), "utf8")) as Recorded;

const WORKSPACE = "64a687e29ae1f428e7ebe303";
const [OWNER, MANAGER, MEMBER, INVITEE] = [
  "5b1e6a3c2f8d4e0012a3b401",
  "5b1e6a3c2f8d4e0012a3b402",
  "5b1e6a3c2f8d4e0012a3b403",
  "5b1e6a3c2f8d4e0012a3b404",
];
const DEV_GROUP = "76a687e29ae1f428e7ebe101";

/** A page of a recorded list, with Clockify's Last-Page header. */
function pageOf(items: unknown[], url: URL): Response {
  const page = Number(url.searchParams.get("page") ?? 1);
  const size = Number(url.searchParams.get("page-size") ?? 50);
  const start = (page - 1) * size;
  return Response.json(items.slice(start, start + size), {
    headers: { "Last-Page": String(start + size >= items.length) },
  });
}

/** Serves the recorded answers: the members without `account-statuses`, none for LIMITED or DELETED, the recorded 400 for LIMITED_DELETED. */
async function serveRecorded(t: TestContext): Promise<Record<string, string>> {
  const users = recorded("users-include-roles.json");
  const groups = recorded("user-groups-team-managers.json");
  const refused = recorded("users-refused-account-statuses.json");
  const server = await serve((request) => {
    const url = new URL(request.url);
    if (request.headers.get("x-api-key") !== "recorded-key")
      return Promise.resolve(Response.json({ message: "Api key does not exist", code: 4003 }, { status: 401 }));
    if (url.pathname === "/api/v1/workspaces")
      return Promise.resolve(Response.json([{ id: WORKSPACE, name: "Recorded" }]));
    // The key's own user: the owner (only `id` is read of it).
    if (url.pathname === "/api/v1/user") return Promise.resolve(Response.json({ id: OWNER, name: "Owner" }));
    if (url.pathname === `/api/v1/workspaces/${WORKSPACE}/user-groups`)
      return Promise.resolve(pageOf(groups.body as unknown[], url));
    if (url.pathname === `/api/v1/workspaces/${WORKSPACE}/users`) {
      const status = url.searchParams.get("account-statuses");
      if (status === null) return Promise.resolve(pageOf(users.body as unknown[], url));
      if (status === "LIMITED_DELETED")
        return Promise.resolve(Response.json(refused.body, { status: refused.status ?? 400 }));
      return Promise.resolve(pageOf([], url));
    }
    return Promise.resolve(
      Response.json({ message: `No static resource ${url.pathname}.`, code: 3000 }, { status: 404 }),
    );
  });
  t.after(() => server.close());
  return { "api-key": "recorded-key", "workspace-id": WORKSPACE, "base-url": `${server.origin}/api/v1` };
}

async function syncRecorded(t: TestContext) {
  const file = join(tempDir(t), "sync.c1z");
  const run = await syncWith(clockify, await serveRecorded(t), file);
  return { run, ...(await openC1z(t, file)) };
}

describe("Clockify connector on recorded answers", () => {
  test("every recorded file names where its shape comes from", () => {
    for (const name of [
      "users-include-roles.json",
      "user-groups-team-managers.json",
      "users-refused-account-statuses.json",
    ]) {
      assert.match(recorded(name).origin, /(clockify-cli|PyClockifyClient|docs\.clockify\.me)/, name);
    }
  });

  test("the owner, recorded as WORKSPACE_ADMIN plus WORKSPACE_OWN, holds both the Owner and the Workspace admin role", async (t) => {
    const { reader, syncId } = await syncRecorded(t);
    assert.deepEqual(holders(reader, syncId, "role:WORKSPACE_OWN:assigned"), new Set([OWNER]));
    assert.deepEqual(holders(reader, syncId, "role:WORKSPACE_ADMIN:assigned"), new Set([OWNER]));
    assert.equal(reader.getResource(syncId, { resourceType: "role", resource: "WORKSPACE_OWN" })?.displayName, "Owner");
    assert.equal(
      reader.getResource(syncId, { resourceType: "role", resource: "OWNER" }),
      undefined,
      "OWNER is a filter value, never a role",
    );
    // Its one entity is the workspace itself: nothing to list on the grant.
    assert.equal(reader.getGrant(syncId, `role:WORKSPACE_OWN:assigned:user:${OWNER}`)?.metadata, undefined);
  });

  test("a manager's grants list the projects and the members they manage, as recorded", async (t) => {
    const { reader, syncId } = await syncRecorded(t);
    assert.deepEqual(reader.getGrant(syncId, `role:PROJECT_MANAGER:assigned:user:${MANAGER}`)?.metadata, {
      entities: [
        { id: "64c777ddd3fcab07cfbb2101", name: "Website Redesign" },
        { id: "64c777ddd3fcab07cfbb2102", name: "Mobile App" },
      ],
    });
    assert.deepEqual(reader.getGrant(syncId, `role:TEAM_MANAGER:assigned:user:${MANAGER}`)?.metadata, {
      entities: [
        { id: MEMBER, name: "Amara Okafor" },
        { id: INVITEE, name: "lee.chen@example.com", source: { id: DEV_GROUP, type: "USER_GROUP" } },
      ],
    });
  });

  test("a group's team managers hold its manager entitlement; its members its member entitlement", async (t) => {
    const { reader, syncId } = await syncRecorded(t);
    assert.deepEqual(holders(reader, syncId, `group:${DEV_GROUP}:manager`), new Set([MANAGER]));
    assert.deepEqual(holders(reader, syncId, `group:${DEV_GROUP}:member`), new Set([MEMBER, INVITEE]));
    assert.deepEqual(holders(reader, syncId, "group:76a687e29ae1f428e7ebe102:manager"), new Set());
    assert.ok(
      reader.getEntitlement(syncId, "group:76a687e29ae1f428e7ebe102:manager"),
      "a group without managers still has the entitlement",
    );
  });

  test("a recorded 400 naming account-statuses skips that status with a warning; the rest is synced", async (t) => {
    const { reader, syncId, run } = await syncRecorded(t);
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), 4);
    assert.equal(reader.getResource(syncId, { resourceType: "user", resource: INVITEE })?.user?.status, "disabled");
    assert.match(
      run.log,
      /"msg":"Clockify refused account-statuses=LIMITED_DELETED: members whose account is LIMITED_DELETED are not in this sync"/,
    );
  });
});
