import { runlayer as runlayerSimulator, type RunlayerTenant } from "../../simulators/runlayer/index.ts";
import { describeConformance, describeSurfaceSnapshots } from "../../testkit/index.ts";
import { runlayer } from "./index.ts";

describeConformance({
  definition: runlayer,
  simulator: runlayerSimulator,
  expectedCounts: (simulator) => {
    const tenant = simulator.tenant as RunlayerTenant;
    return { user: tenant.users.length, role: tenant.roles.length };
  },
  badCredentials: (settings) => ({ ...settings, "api-key": "rl_0000000000000000000000000000000000000000" }),
  // A Developer's personal key: valid, but its role cannot read users and roles.
  forbiddenCredentials: (settings, simulator) => ({
    ...settings,
    "api-key": (simulator.tenant as RunlayerTenant).developerKey,
  }),
  listPath: "/api/v1/users",
  misplacedSecrets: (settings) => [
    { label: "the key in --base-url", settings: { ...settings, "base-url": settings["api-key"]! } },
    {
      label: "the key and the base URL swapped",
      settings: { ...settings, "api-key": settings["base-url"]!, "base-url": settings["api-key"]! },
      swapped: true,
    },
  ],
});

describeSurfaceSnapshots(runlayer, new URL(".", import.meta.url));
