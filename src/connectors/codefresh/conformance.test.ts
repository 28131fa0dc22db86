import { describeConformance, describeSurfaceSnapshots } from "../../testkit/index.ts";
import { codefresh as simulator, type CodefreshSimulator } from "../../simulators/codefresh/index.ts";
import { codefresh } from "./index.ts";

describeConformance({
  definition: codefresh,
  simulator,
  expectedCounts: (served) => {
    const tenant = (served as CodefreshSimulator).tenant;
    // Members and service accounts are both users.
    return {
      user: tenant.members.length + tenant.accountServiceUsers.length,
      role: 2,
      team: tenant.accountTeams.length,
    };
  },
  // Well-formed (key id, dot, secret) but unknown to the tenant.
  badCredentials: (settings) => ({
    ...settings,
    "api-key": "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef",
  }),
  forbiddenCredentials: (settings, served) => ({
    ...settings,
    "api-key": (served as CodefreshSimulator).tenant.restrictedKey,
  }),
  listPath: "/api/accounts/:id/users",
  misplacedSecrets: (settings) => [
    { label: "the key in --base-url", settings: { ...settings, "base-url": settings["api-key"]! } },
    {
      label: "the key and the base URL swapped",
      settings: { ...settings, "api-key": settings["base-url"]!, "base-url": settings["api-key"]! },
      swapped: true,
    },
  ],
});

describeSurfaceSnapshots(codefresh, new URL(".", import.meta.url));
