/**
 * The env0 simulator's projects and project role assignments, in the shapes of the Terraform
 * provider's client models (env0/terraform-provider-env0 `client/project.go`,
 * `client/user_project_assignment.go`, `client/team_role_assignment.go`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULT_PROJECTS, MIN_PROJECTS } from "./index.ts";
import { json, startEnv0 } from "./_test-client.ts";
import { createEnv0Tenant } from "./tenant.ts";
import { mutateEnv0Tenant } from "./mutate.ts";

type Json = Record<string, unknown>;

describe("env0 simulator: projects", () => {
  it("lists every project as one bare array, sub-projects with their parent and hierarchy, archived ones included", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const f = tenant.fixtures;
    const projects = await json(await call(`/projects?organizationId=${tenant.organizationId}`));
    assert.equal(projects.length, DEFAULT_PROJECTS);
    const byId = new Map(projects.map((project) => [project["id"], project]));
    const top = byId.get(f.parentProjectId);
    assert.deepEqual(Object.keys(top ?? {}), [
      "isArchived",
      "organizationId",
      "updatedAt",
      "createdAt",
      "id",
      "name",
      "createdBy",
      "role",
      "createdByUser",
      "description",
      "hierarchy",
      "tags",
    ]);
    assert.equal(top?.["hierarchy"], f.parentProjectId);
    const sub = byId.get(f.subProjectId);
    assert.equal(sub?.["parentProjectId"], f.parentProjectId);
    assert.equal(sub?.["hierarchy"], `${f.parentProjectId}|${f.subProjectId}`);
    assert.equal(byId.get(f.archivedProjectId)?.["isArchived"], true);
    assert.equal(byId.get(f.defaultProjectId)?.["name"], "Default Organization Project");
    assert.equal(top?.["role"], "Admin", "the caller's role");
  });

  it("requires organizationId, and refuses a key that may not read the organization", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const missing = await call("/projects");
    assert.equal(missing.status, 400);
    assert.equal(await missing.text(), "/querystring must have required property 'organizationId'");
    assert.equal(
      (await call(`/projects?organizationId=${tenant.organizationId}`, { as: tenant.memberKey })).status,
      403,
    );
    assert.equal(
      (await call(`/permissions/projects/${tenant.fixtures.platformProjectId}`, { as: tenant.outsiderKey })).status,
      403,
    );
  });

  it("lists a project's user assignments as {userId, role, id}, API keys by their internal id", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const f = tenant.fixtures;
    const assignments = await json(await call(`/permissions/projects/${f.platformProjectId}`));
    assert.deepEqual(Object.keys(assignments[0] ?? {}), ["userId", "role", "id"]);
    const roleOf = new Map(assignments.map((assignment) => [assignment["userId"], assignment["role"]]));
    assert.equal(roleOf.get(f.projectCustomRoleHolderId), tenant.organization.roles[0]?.id, "a custom role by its id");
    assert.equal(roleOf.get(f.teamKeyId), "Viewer", "an API key by its internal id");
    const orphan = await json(await call(`/permissions/projects/${f.orphanRoleProjectId}`));
    assert.ok(orphan.some((assignment) => assignment["role"] === f.orphanRoleId));
    assert.deepEqual(await json(await call(`/permissions/projects/${f.unassignedProjectId}`)), []);
    assert.equal((await call("/permissions/projects/00000000-0000-4000-8000-000000000000")).status, 404);
  });

  it("lists team role assignments by projectId as {teamId, role, id}, and none at organization level", async (t) => {
    const { call, tenant } = await startEnv0(t);
    const f = tenant.fixtures;
    const teams = await json(await call(`/roles/assignments/teams?projectId=${f.platformProjectId}`));
    assert.deepEqual(teams, [{ teamId: f.projectTeamId, role: "Deployer", id: teams[0]?.["id"] }]);
    assert.deepEqual(await json(await call(`/roles/assignments/teams?organizationId=${tenant.organizationId}`)), []);
    const bare = await call("/roles/assignments/teams");
    assert.equal(bare.status, 400);
    assert.equal((await call("/roles/assignments/teams?projectId=00000000-0000-4000-8000-000000000000")).status, 404);
  });
});

describe("env0 tenant: projects", () => {
  it("has the fixture projects at any size, more on request, parents before their sub-projects", () => {
    const tenant = createEnv0Tenant(3, { projects: 40 });
    const projects = tenant.organization.projects;
    assert.equal(projects.length, 40);
    assert.equal(createEnv0Tenant(3, { projects: 1 }).organization.projects.length, MIN_PROJECTS);
    const seen = new Set<string>();
    for (const project of projects) {
      if (project.parentProjectId !== undefined)
        assert.ok(seen.has(project.parentProjectId), `${project.name}'s parent comes first`);
      seen.add(project.id);
    }
    const principals = new Set([
      ...tenant.organization.members.map((member) => member.userId),
      ...tenant.organization.apiKeys.map((key) => key.id),
    ]);
    const teams = new Set(tenant.organization.teams.map((team) => team.id));
    for (const project of projects) {
      for (const assignment of project.users)
        assert.ok(principals.has(assignment.userId), "assigned users are members or API keys");
      for (const assignment of project.teams) assert.ok(teams.has(assignment.teamId), "assigned teams exist");
    }
  });

  it("after mutate(), the leaver holds no project role and the first joiner views the default project", () => {
    const tenant = createEnv0Tenant(1);
    const log = mutateEnv0Tenant(tenant);
    const assigned = (userId: string): Json[] =>
      tenant.organization.projects.flatMap((project) =>
        project.users
          .filter((assignment) => assignment.userId === userId)
          .map((assignment) => ({ project: project.id, role: assignment.role })),
      );
    for (const userId of log.removed) assert.deepEqual(assigned(userId), []);
    assert.deepEqual(assigned(log.joined[0] ?? ""), [{ project: tenant.fixtures.defaultProjectId, role: "Viewer" }]);
  });
});
