import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_EXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("stats: counts per resource type, a total, and what the users look like", async () => {
  const files = tenant();
  const { code, stdout } = await run(["stats", "-f", files.january]);
  assert.equal(code, 0);
  const [heading, ...rest] = stdout.split("\n");
  assert.match(heading!, new RegExp(`^sync ${files.ids.january} \\(full, started .+ UTC, finished .+ UTC\\)$`));
  assert.equal(
    rest.join("\n"),
    [
      "",
      "RESOURCE TYPE  RESOURCES  ENTITLEMENTS  GRANTS",
      "group                  2             2       6",
      "role                   2             2       7",
      "user                   5             0       0",
      "total                  9             4      13",
      "",
      "5 users: 4 enabled, 1 disabled (1 pending invite); 4 human, 1 service; " +
        "4 dormant (enabled, no login in the 90 days before the sync, or never)",
      "",
    ].join("\n"),
  );
});

test("stats -o json, exactly (but for the sync's times)", async () => {
  const files = tenant();
  const document = (await runJson(["stats", "-f", files.january])) as Record<string, unknown> & {
    sync: Record<string, unknown>;
  };
  assert.deepStrictEqual(Object.keys(document.sync), ["id", "type", "startedAt", "endedAt", "parentSyncId"]);
  assert.deepStrictEqual(
    { ...document, sync: { id: document.sync["id"] } },
    {
      file: files.january,
      sync: { id: files.ids.january },
      resourceTypes: 3,
      resources: 9,
      entitlements: 4,
      grants: 13,
      byResourceType: [
        { type: "group", resources: 2, entitlements: 2, grants: 6 },
        { type: "role", resources: 2, entitlements: 2, grants: 7 },
        { type: "user", resources: 5, entitlements: 0, grants: 0 },
      ],
      users: {
        total: 5,
        enabled: 4,
        disabled: 1,
        deleted: 0,
        unspecifiedStatus: 0,
        pendingInvites: 1,
        human: 4,
        service: 1,
        system: 0,
        unspecifiedAccountType: 0,
        withLastLogin: 4,
        staleDays: 90,
        dormant: 4,
      },
    },
  );
});

test("stats of Baton's expanded fixture", async () => {
  const { stdout } = await run(["stats", "-f", BATON_EXPANDED]);
  assert.match(stdout, /^total +1,221 +342 +14,981$/m);
  assert.match(stdout, /^1,000 users: 1,000 enabled; 1,000 human; no last logins recorded, so dormancy is unknown$/m);
});
