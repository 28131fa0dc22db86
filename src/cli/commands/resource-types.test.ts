import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_EXPANDED, BATON_SYNC_ID, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("resource-types: an aligned table with traits and counts, then a count line", async () => {
  const files = tenant();
  const { code, stdout, stderr } = await run(["resource-types", "-f", files.twoSyncs]);
  assert.equal(code, 0);
  assert.equal(stderr, "");
  assert.equal(
    stdout,
    [
      "ID     NAME   TRAITS  RESOURCES",
      "user   User   user            5",
      "group  Group  group           3",
      "role   Role   role            2",
      `3 resource types in sync ${files.ids.newer}`,
      "",
    ].join("\n"),
  );
});

test("resource-types -o json, exactly; --sync-id reads an older sync", async () => {
  const files = tenant();
  assert.deepStrictEqual(await runJson(["resource-types", "-f", files.twoSyncs, "--sync-id", files.ids.older]), {
    file: files.twoSyncs,
    syncId: files.ids.older,
    resourceTypes: [
      { id: "user", displayName: "User", traits: ["user"], description: null, resources: 5 },
      { id: "group", displayName: "Group", traits: ["group"], description: null, resources: 2 },
      { id: "role", displayName: "Role", traits: ["role"], description: null, resources: 2 },
    ],
    count: 3,
  });
});

test("resource-types of Baton's expanded fixture", async () => {
  const { code, stdout } = await run(["resource-types", "-f", BATON_EXPANDED]);
  assert.equal(code, 0);
  assert.match(stdout, /^user +User +user +1,000$/m);
  assert.match(stdout, new RegExp(`^4 resource types in sync ${BATON_SYNC_ID}\n$`, "m"));
});
