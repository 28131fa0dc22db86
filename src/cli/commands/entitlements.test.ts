import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_EXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("entitlements: id, resource, name, purpose, grantable to", async () => {
  const files = tenant();
  const { code, stdout } = await run(["entitlements", "-f", files.twoSyncs]);
  assert.equal(code, 0);
  assert.equal(
    stdout,
    [
      "ID                       RESOURCE     NAME                PURPOSE     GRANTABLE TO",
      "group:g-eng:member       Engineering  Engineering member  assignment  user, group",
      "group:g-platform:member  Platform     Platform member     assignment  user, group",
      "group:g-sec:member       Security     Security member     assignment  user, group",
      "role:r-admin:assigned    Admin        Admin role          assignment  user, group",
      "role:r-dev:assigned      Developers   Developers role     assignment  user, group",
      `5 entitlements in sync ${files.ids.newer}`,
      "",
    ].join("\n"),
  );
});

test("entitlements -t TYPE [-r ID] -o json, exactly", async () => {
  const files = tenant();
  assert.deepStrictEqual(await runJson(["entitlements", "-f", files.january, "-t", "role", "-r", "r-dev"]), {
    file: files.january,
    syncId: files.ids.january,
    entitlements: [
      {
        id: "role:r-dev:assigned",
        resource: { type: "role", id: "r-dev", displayName: "Developer" },
        slug: "assigned",
        displayName: "Developer role",
        description: null,
        purpose: "assignment",
        grantableTo: ["user", "group"],
      },
    ],
    count: 1,
  });
  const roles = (await runJson(["entitlements", "-f", files.january, "-t", "role"])) as { count: number };
  assert.equal(roles.count, 2);
});

test("-r without -t is a usage error", async () => {
  const files = tenant();
  const { code, stderr } = await run(["entitlements", "-f", files.january, "-r", "r-dev"]);
  assert.equal(code, 2);
  assert.equal(
    stderr,
    "error: -r needs -t: a resource id is only unique within its type\nhint: e.g. `idsync entitlements -t role -r admin`\n",
  );
});

test("entitlements of Baton's fixture name their resources", async () => {
  const { stdout } = await run(["entitlements", "-f", BATON_EXPANDED, "-t", "project"]);
  assert.match(stdout, /^project:project-0000000:access +Project 0000000 +access +/m);
  assert.match(stdout, /^200 entitlements in sync/m);
});
