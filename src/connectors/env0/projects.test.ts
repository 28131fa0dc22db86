/**
 * env0 projects and their roles: first the client and syncer reading recorded responses (see
 * recorded/README.md for where their shape comes from) over loopback HTTP, then whole syncs
 * against the simulator: sub-projects, role entitlements, grants to people, API keys and teams
 * (expanded to the teams' members), and what a sync costs in requests.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test, type TestContext } from "node:test";

import { captureStream } from "../../cli/io.ts";
import { createConnectorKit, createLogger, type Grant, type Resource, type SyncContext } from "../../core/index.ts";
import { serve } from "../../simulators/index.ts";
import { FAST_HTTP } from "../../testkit/index.ts";
import { Env0Client, type Env0Project } from "./client.ts";
import { parentsOf, ProjectAssignmentsLookup, projectsSyncer } from "./projects.ts";
import { serveEnv0, syncEnv0 } from "./_test-support.ts";
import { apiKeyResourceId } from "./users.ts";

const recorded = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`recorded/${name}`, import.meta.url), "utf8"));

const ORG = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const PAYMENTS = "0d5b9f0e-1c7e-4f4e-9a51-2a3c2d1f0a01";
const STAGING = "7a4e7c11-5d3b-4e2f-8c9d-3b4a5c6d7e02";
const LEGACY = "c2f0a9d4-8b1e-4a6f-b7c3-4d5e6f708a03";
const RELEASE_MANAGER = "9e1d2c3b-4a5f-4e6d-8c7b-0a1b2c3d4e5f";
const UNKNOWN_ROLE = "0b7a6c5d-4e3f-4a2b-9c1d-8e7f6a5b4c3d";
const CI_KEY = "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f";

/** The recorded bodies behind env0's paths, on loopback; /roles and /api-keys in env0.md's shapes. */
async function recordedEnv0(t: TestContext): Promise<{ client: Env0Client; ctx: SyncContext; log: () => string }> {
  const bodies: Record<string, unknown> = {
    [`/projects?organizationId=${ORG}`]: recorded("projects.json"),
    [`/permissions/projects/${PAYMENTS}`]: recorded("permissions-projects.json"),
    [`/roles/assignments/teams?projectId=${PAYMENTS}`]: recorded("roles-assignments-teams.json"),
    [`/roles?organizationId=${ORG}`]: [
      {
        id: RELEASE_MANAGER,
        name: "Release Manager",
        organizationId: ORG,
        permissions: ["VIEW_PROJECT", "RUN_APPLY"],
        isDefaultRole: false,
      },
    ],
    [`/api-keys?organizationId=${ORG}`]: [
      {
        id: CI_KEY,
        name: "terraform-ci",
        apiKeyId: "k7q2m9x4c1v8b3n6",
        organizationId: ORG,
        organizationRole: "User",
        lastUsedAt: null,
        createdAt: "2025-01-01T00:00:00.000Z",
      },
    ],
  };
  const served = await serve((request) => {
    const url = new URL(request.url);
    const key = `${url.pathname}${url.search}`;
    const empty = url.pathname.startsWith("/permissions/projects/") || url.pathname === "/roles/assignments/teams";
    return Promise.resolve(
      key in bodies || empty
        ? Response.json(bodies[key] ?? [])
        : Response.json({ message: "Not Found" }, { status: 404 }),
    );
  });
  t.after(() => served.close());
  const stream = captureStream();
  const logger = createLogger({ level: "debug", format: "json", stream });
  const client = new Env0Client({
    baseUrl: served.origin,
    apiKeyId: "k7q2m9x4c1v8b3n6",
    apiKeySecret: "recorded-secret-0000",
    organizationId: ORG,
    kit: createConnectorKit({ logger, http: FAST_HTTP }),
  });
  return { client, ctx: { signal: new AbortController().signal, logger }, log: () => stream.text() };
}

describe("env0 projects from recorded responses", () => {
  test("lists top-level projects, archived ones included, and a parent's sub-projects under it", async (t) => {
    const { client, ctx } = await recordedEnv0(t);
    const syncer = projectsSyncer(client);
    const top = await syncer.list(ctx, {});
    assert.deepEqual(
      top.items.map((project) => project.id.resource),
      [PAYMENTS, LEGACY],
    );
    const payments = top.items[0] as Resource;
    assert.deepEqual(payments.childResourceTypes, ["project"]);
    assert.deepEqual(payments.profile, {
      projectId: PAYMENTS,
      archived: false,
      hierarchy: PAYMENTS,
      description: "Payment services",
    });
    assert.equal(top.items[1]?.profile?.["archived"], true);
    assert.equal(top.items[1]?.childResourceTypes, undefined);
    const children = await syncer.list(ctx, { parentId: payments.id });
    assert.deepEqual(
      children.items.map((project) => [project.id.resource, project.displayName, project.parentId]),
      [[STAGING, "Payments Staging", payments.id]],
    );
  });

  test("offers every built-in and custom project role, and one named by its id for an unknown role, with a warning", async (t) => {
    const { client, ctx, log } = await recordedEnv0(t);
    const syncer = projectsSyncer(client);
    const payments = (await syncer.list(ctx, {})).items[0] as Resource;
    const entitlements = (await syncer.entitlements(ctx, payments)).items;
    assert.deepEqual(
      entitlements.map((entitlement) => [entitlement.id, entitlement.displayName]),
      [
        [`project:${PAYMENTS}:admin`, "Payments Admin"],
        [`project:${PAYMENTS}:deployer`, "Payments Deployer"],
        [`project:${PAYMENTS}:planner`, "Payments Planner"],
        [`project:${PAYMENTS}:viewer`, "Payments Viewer"],
        [`project:${PAYMENTS}:${RELEASE_MANAGER}`, "Payments Release Manager"],
        [`project:${PAYMENTS}:${UNKNOWN_ROLE}`, `Payments ${UNKNOWN_ROLE}`],
      ],
    );
    assert.deepEqual(
      entitlements[0]?.grantableTo.map((type) => type.id),
      ["user", "team"],
    );
    assert.match(log(), new RegExp(`"level":"warn".*not among the organization's roles.*${UNKNOWN_ROLE}`));
  });

  test("grants to people, to an API key under its user id, and to teams, expandable to their members", async (t) => {
    const { client, ctx } = await recordedEnv0(t);
    const syncer = projectsSyncer(client);
    const payments = (await syncer.list(ctx, {})).items[0] as Resource;
    await syncer.entitlements(ctx, payments);
    const grants = (await syncer.grants(ctx, payments)).items;
    const summary = (grant: Grant) => [grant.id, grant.expandable?.entitlementIds ?? null];
    assert.deepEqual(grants.map(summary), [
      [`project:${PAYMENTS}:admin:user:google-oauth2|108432215566778899001`, null],
      [`project:${PAYMENTS}:deployer:user:auth0|65f0c1d2e3f4a5b6c7d8e9f0`, null],
      [`project:${PAYMENTS}:${RELEASE_MANAGER}:user:github|88123456`, null],
      [`project:${PAYMENTS}:viewer:user:${apiKeyResourceId(CI_KEY)}`, null],
      [`project:${PAYMENTS}:${UNKNOWN_ROLE}:user:auth0|5e4d3c2b1a0f9e8d7c6b5a49`, null],
      [
        `project:${PAYMENTS}:planner:team:a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d`,
        ["team:a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d:member"],
      ],
      [
        `project:${PAYMENTS}:${RELEASE_MANAGER}:team:b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e`,
        ["team:b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e:member"],
      ],
    ]);
  });
});

describe("env0 project parents", () => {
  const project = (id: string, parentProjectId?: string): Env0Project => ({
    id,
    name: id,
    ...(parentProjectId ? { parentProjectId } : {}),
  });

  test("a parent the list lacks, or a cycle, puts the project at the top; a chain stays a chain", () => {
    const parents = parentsOf([
      project("a"),
      project("b", "a"),
      project("c", "b"),
      project("d", "gone"),
      project("e", "f"),
      project("f", "e"),
      project("g", "e"),
    ]);
    assert.deepEqual(Object.fromEntries(parents), {
      a: undefined,
      b: "a",
      c: "b",
      d: undefined,
      e: undefined,
      f: undefined,
      g: "e",
    });
  });
});

describe("env0 project assignments lookup", () => {
  const signal = new AbortController().signal;
  const stub = () => {
    const reads: string[] = [];
    const client = {
      reads,
      listProjectUserAssignments: ({ projectId }: { projectId: string; signal: AbortSignal }) => {
        reads.push(`users ${projectId}`);
        return Promise.resolve([{ userId: `u-${projectId}`, role: "Viewer" }]);
      },
      listProjectTeamAssignments: ({ projectId }: { projectId: string; signal: AbortSignal }) => {
        reads.push(`teams ${projectId}`);
        return Promise.resolve([{ teamId: `t-${projectId}`, role: "Planner" }]);
      },
    };
    return client;
  };

  test("what the entitlements read answers the grants once; past the bound, or unread, the grants read again", async () => {
    const client = stub();
    const lookup = new ProjectAssignmentsLookup(client, 4);
    for (const id of ["p1", "p2", "p3"]) await lookup.read(id, signal);
    assert.equal(client.reads.length, 6);
    assert.deepEqual(await lookup.take("p1", signal), {
      users: [{ userId: "u-p1", role: "Viewer" }],
      teams: [{ teamId: "t-p1", role: "Planner" }],
    });
    await lookup.take("p2", signal);
    assert.equal(client.reads.length, 6, "p1 and p2 were kept");
    await lookup.take("p3", signal);
    await lookup.take("p1", signal);
    assert.deepEqual(
      client.reads.slice(6),
      ["users p3", "teams p3", "users p1", "teams p1"],
      "p3 did not fit, and p1 was given up",
    );
  });
});

describe("env0 sync: projects", () => {
  test("every project, sub-projects under their parent, with role entitlements and the fixtures' grants", async (t) => {
    const served = await serveEnv0(t);
    const { tenant } = served;
    const f = tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const project = (id: string) => synced.reader.getResource(synced.syncId, { resourceType: "project", resource: id });
    assert.equal(
      synced.reader.countResources(synced.syncId, { resourceType: "project" }),
      tenant.organization.projects.length,
    );
    assert.deepEqual(project(f.subProjectId)?.parentId, { resourceType: "project", resource: f.parentProjectId });
    assert.deepEqual(project(f.parentProjectId)?.childResourceTypes, ["project"]);
    assert.equal(project(f.archivedProjectId)?.profile?.["archived"], true);

    const custom = tenant.organization.roles;
    const entitlements = [
      ...synced.reader.entitlements(synced.syncId, {
        resource: { resourceType: "project", resource: f.unassignedProjectId },
      }),
    ];
    assert.equal(entitlements.length, 4 + custom.length, "four built-in roles and every custom role");
    assert.deepEqual(synced.grantIds("project", f.unassignedProjectId), []);

    const platform = synced.grantIds("project", f.platformProjectId);
    assert.ok(
      platform.includes(`project:${f.platformProjectId}:${custom[0]?.id}:user:${f.projectCustomRoleHolderId}`),
      "a custom project role",
    );
    assert.ok(
      platform.includes(`project:${f.platformProjectId}:viewer:user:${apiKeyResourceId(f.teamKeyId)}`),
      "an API key's project role",
    );
    assert.ok(
      platform.includes(`project:${f.platformProjectId}:deployer:team:${f.projectTeamId}`),
      "a team's project role",
    );
    assert.ok(
      synced
        .grantIds("project", f.orphanRoleProjectId)
        .includes(`project:${f.orphanRoleProjectId}:${f.orphanRoleId}:user:${f.orphanRoleHolderId}`),
    );
    assert.match(
      synced.run.log,
      new RegExp(`not among the organization's roles; syncing it named by its id.*${f.orphanRoleId}`),
    );
  });

  test("a team's project role reaches each of its members, API keys included, through expansion", async (t) => {
    const served = await serveEnv0(t);
    const f = served.tenant.fixtures;
    const synced = await syncEnv0(t, served);
    const team = served.tenant.organization.teams.find((candidate) => candidate.id === f.projectTeamId);
    assert.ok(team && team.memberIds.length > 0);
    const deployer = `project:${f.platformProjectId}:deployer`;
    const teamGrant = synced.reader.getGrant(synced.syncId, `${deployer}:team:${f.projectTeamId}`);
    assert.deepEqual(teamGrant?.expandable, {
      entitlementIds: [`team:${f.projectTeamId}:member`],
      shallow: false,
      resourceTypeIds: [],
    });
    const keyIds = new Set(served.tenant.organization.apiKeys.map((key) => key.id));
    for (const memberId of team.memberIds) {
      const userId = keyIds.has(memberId) ? apiKeyResourceId(memberId) : memberId;
      const derived = synced.reader.getGrant(synced.syncId, `${deployer}:user:${userId}`);
      assert.ok(derived?.sources?.[`team:${f.projectTeamId}:member`], `${userId} holds Deployer through the team`);
    }
  });

  test("a 100-project organization costs 1 + 2 × 100 project requests, within env0's budget, with no 429", async (t) => {
    const served = await serveEnv0(t, { projects: 100 });
    const synced = await syncEnv0(t, served);
    const byPath = served.simulator.stats().byPath;
    assert.equal(byPath["/projects"], 1, "the projects list once");
    assert.equal(byPath["/roles"], 1, "custom roles once, not per project");
    assert.equal(byPath["/roles/assignments/teams"], 100);
    assert.equal(Object.keys(byPath).filter((path) => path.startsWith("/permissions/projects/")).length, 100);
    // organizations, api-keys, users, roles, one teams page; the projects list; two per project.
    assert.equal(synced.run.summary.requests.requests, 5 + 1 + 2 * 100);
    assert.equal(synced.run.summary.requests.rateLimited, 0);
    assert.equal(served.simulator.stats().rateLimited, 0);
  });
});
