/**
 * The conformance kit (src/testkit) run against the Clockify connector and its simulator.
 */
import { createClockifySimulator, type ClockifyTenant } from "../../simulators/clockify/index.ts";
import { describeConformance, describeSurfaceSnapshots } from "../../testkit/index.ts";
import { clockify } from "./index.ts";
import { ROLE_NAMES } from "./roles.ts";

const tenantOf = (simulator: { tenant: unknown }): ClockifyTenant => simulator.tenant as ClockifyTenant;

describeConformance({
  definition: clockify,
  simulator: { name: "clockify", create: createClockifySimulator },
  expectedCounts: (simulator) => ({
    user: tenantOf(simulator).users.length,
    group: tenantOf(simulator).groups.length,
    role: ROLE_NAMES.length,
  }),
  // Shaped like a real key (base64 of a UUID), known to nobody.
  badCredentials: (settings) => ({ ...settings, "api-key": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw" }),
  forbiddenCredentials: (settings, simulator) => ({ ...settings, "api-key": tenantOf(simulator).memberKey }),
  listPath: "/api/v1/workspaces/:workspaceId/users",
  misplacedSecrets: (settings) => [
    { label: "the key in --workspace-id", settings: { ...settings, "workspace-id": settings["api-key"]! } },
    {
      label: "the key and the workspace id swapped",
      settings: { ...settings, "api-key": settings["workspace-id"]!, "workspace-id": settings["api-key"]! },
      swapped: true,
    },
  ],
});

describeSurfaceSnapshots(clockify, new URL(".", import.meta.url));
