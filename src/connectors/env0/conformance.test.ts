/**
 * The conformance kit (src/testkit) run against the env0 connector and its simulator, once with
 * the teams list paged by `nextPageKey` and once with the older bare-array answer.
 */
import { describe } from "node:test";

import { env0 as env0Simulator, env0BareTeams, type Env0Tenant } from "../../simulators/env0/index.ts";
import type { Simulator } from "../../simulators/index.ts";
import { describeConformance, describeSurfaceSnapshots, type ConformanceSubject } from "../../testkit/index.ts";
import { env0 } from "./index.ts";
import { BUILTIN_ROLES } from "./roles.ts";

const tenantOf = (simulator: Simulator): Env0Tenant => simulator.tenant as Env0Tenant;

/** Built-in roles, custom roles, and every other role id someone holds (named by its id). */
function roleCount(tenant: Env0Tenant): number {
  const known = new Set([...BUILTIN_ROLES.map((role) => role.id), ...tenant.organization.roles.map((role) => role.id)]);
  const held = tenant.principals.map((principal) => principal.role).filter((role) => !known.has(role));
  return known.size + new Set(held).size;
}

const subject: Omit<ConformanceSubject, "simulator"> = {
  definition: env0,
  expectedCounts: (simulator) => ({
    user: tenantOf(simulator).principals.length,
    role: roleCount(tenantOf(simulator)),
    team: tenantOf(simulator).organization.teams.length,
    project: tenantOf(simulator).organization.projects.length,
  }),
  badCredentials: (settings) => ({ ...settings, "api-key-secret": "not-the-secret-of-this-key-000000" }),
  forbiddenCredentials: (settings, simulator) => ({
    ...settings,
    "api-key-id": tenantOf(simulator).memberKey.apiKeyId,
    "api-key-secret": tenantOf(simulator).memberKey.secret,
  }),
  listPath: "/organizations/:organizationId/users",
  misplacedSecrets: (settings) => [
    {
      label: "the key id and secret swapped",
      settings: { ...settings, "api-key-id": settings["api-key-secret"]!, "api-key-secret": settings["api-key-id"]! },
      swapped: true,
    },
    { label: "the secret in --api-key-id too", settings: { ...settings, "api-key-id": settings["api-key-secret"]! } },
    {
      label: "the secret in --organization-id",
      settings: { ...settings, "organization-id": settings["api-key-secret"]! },
    },
  ],
};

describe("teams paged by nextPageKey", () => describeConformance({ ...subject, simulator: env0Simulator }));
describe("teams as one bare array", () => describeConformance({ ...subject, simulator: env0BareTeams }));

describeSurfaceSnapshots(env0, new URL(".", import.meta.url));
