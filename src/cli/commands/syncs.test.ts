import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_SYNC_ID, BATON_UNEXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("syncs lists newest first and marks the one read by default", async () => {
  const files = tenant();
  const { code, stdout } = await run(["syncs", "-f", files.twoSyncs]);
  assert.equal(code, 0);
  const lines = stdout.split("\n");
  assert.match(lines[0]!, /^ {3}ID {27}TYPE {2}STARTED {15}ENDED$/);
  assert.match(
    lines[1]!,
    new RegExp(
      `^\\*  ${files.ids.newer}  full  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
    ),
  );
  assert.match(lines[2]!, new RegExp(`^   ${files.ids.older}  full  `));
  assert.equal(lines[3], "2 syncs; * = read by default");
});

test("syncs -o json", async () => {
  const files = tenant();
  const document = (await runJson(["syncs", "-f", files.twoSyncs])) as { syncs: Array<Record<string, unknown>> };
  assert.deepStrictEqual(Object.keys(document), ["file", "syncs", "count"]);
  assert.deepStrictEqual(
    document.syncs.map((sync) => [sync["id"], sync["type"], sync["parentSyncId"], sync["default"]]),
    [
      [files.ids.newer, "full", null, true],
      [files.ids.older, "full", null, false],
    ],
  );
  assert.deepStrictEqual(Object.keys(document.syncs[0]!), [
    "id",
    "type",
    "startedAt",
    "endedAt",
    "parentSyncId",
    "default",
  ]);
  assert.match(String(document.syncs[0]!["endedAt"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test("syncs of Baton's unexpanded fixture: one unfinished sync, still the default", async () => {
  const { stdout, stderr } = await run(["syncs", "-f", BATON_UNEXPANDED]);
  assert.equal(stderr, "");
  assert.match(stdout, new RegExp(`^\\*  ${BATON_SYNC_ID}  full  .+  unfinished$`, "m"));
});
