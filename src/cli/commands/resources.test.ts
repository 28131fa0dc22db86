import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_SYNC_ID, BATON_UNEXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("resources -t user: email, status with the pending-invite detail, account type, last login", async () => {
  const files = tenant();
  const { code, stdout, stderr } = await run(["resources", "-f", files.january, "-t", "user"]);
  assert.equal(code, 0, stderr);
  assert.equal(
    stdout,
    [
      "ID            NAME                 EMAIL              STATUS                     ACCOUNT  LAST LOGIN",
      "user:u-alice  Alice Admin          alice@example.com  enabled                    human    2025-01-10",
      "user:u-bob    Bob Builder          bob@example.com    enabled                    human    2024-06-01",
      "user:u-carol  Carol Invitee        carol@example.com  disabled (pending invite)  human    -",
      "user:k-ci     CI deploy key                           enabled                    service  2024-01-01",
      'user:u-dave   Dave "The Dev", Jr.  dave@example.com   enabled                    human    2025-01-11',
      `5 user resources in sync ${files.ids.january}`,
      "",
    ].join("\n"),
  );
});

test("resources without -t lists every type; non-users leave the user columns empty, with no trailing spaces", async () => {
  const files = tenant();
  const { stdout } = await run(["resources", "-f", files.twoSyncs]);
  const lines = stdout.split("\n");
  assert.equal(lines.length, 1 + 10 + 1 + 1);
  assert.ok(lines.includes("group:g-sec       Security"), stdout);
  assert.ok(lines.every((line) => line === line.trimEnd()));
  assert.equal(lines.at(-2), `10 resources in sync ${files.ids.newer}`);
});

test("resources -o json, exactly", async () => {
  const files = tenant();
  const document = (await runJson(["resources", "-f", files.january, "-t", "user"])) as { resources: unknown[] };
  assert.deepStrictEqual(document.resources.slice(2, 4), [
    {
      type: "user",
      id: "u-carol",
      displayName: "Carol Invitee",
      description: null,
      parent: null,
      status: "disabled",
      statusDetails: "pending invite",
      user: {
        email: "carol@example.com",
        emails: ["carol@example.com"],
        accountType: "human",
        pendingInvite: true,
        login: null,
        lastLogin: null,
      },
    },
    {
      type: "user",
      id: "k-ci",
      displayName: "CI deploy key",
      description: null,
      parent: null,
      status: "enabled",
      statusDetails: null,
      user: {
        email: null,
        emails: [],
        accountType: "service",
        pendingInvite: false,
        login: "ci-deploy",
        lastLogin: "2024-01-01T00:00:00.000Z",
      },
    },
  ]);
  assert.deepStrictEqual(Object.keys(document), ["file", "syncId", "resources", "count"]);
  const groups = (await runJson(["resources", "-f", files.january, "-t", "group"])) as {
    resources: Array<{ user: unknown }>;
    count: number;
  };
  assert.equal(groups.count, 2);
  assert.deepStrictEqual(groups.resources[0], {
    type: "group",
    id: "g-eng",
    displayName: "Engineering",
    description: null,
    parent: null,
    status: null,
    statusDetails: null,
    user: null,
  });
});

test("Baton's unexpanded fixture: the stale unfinished sync is shown, with a one-line note on stderr", async () => {
  const { code, stdout, stderr } = await run(["resources", "-f", BATON_UNEXPANDED, "-t", "user"]);
  assert.equal(code, 0);
  assert.match(
    stderr,
    new RegExp(
      `^note: .+ has no finished full sync; showing the unfinished full sync ${BATON_SYNC_ID} \\(started [\\d-]+\\), which Baton's readers would skip\n$`,
    ),
  );
  assert.match(stdout, /^user:user-0000000 +User 0000000 +user-0@example\.com +enabled +human +-$/m);
  assert.match(stdout, /^1,000 user resources in sync 36zfOAoWMxQdISbixanQCRBiX7E$/m);
});

test("an unknown -t is a usage error naming the types there are", async () => {
  const files = tenant();
  const { code, stderr } = await run(["resources", "-f", files.january, "-t", "users"]);
  assert.equal(code, 2);
  assert.equal(
    stderr,
    `error: sync ${files.ids.january} has no resource type "users"\nhint: its types are user, group, role\n`,
  );
});

test("long cells are cut to the column width; on a terminal the table fits its width, ids whole", async () => {
  const files = tenant();
  const { stdout } = await run(["resources", "-f", files.january, "-t", "user"], { columns: 60 });
  const lines = stdout.trimEnd().split("\n");
  assert.ok(
    lines.slice(0, -1).every((line) => line.length <= 60),
    stdout,
  );
  assert.match(stdout, /…/);
  for (const id of ["user:u-alice", "user:u-bob", "user:u-carol", "user:k-ci", "user:u-dave"]) {
    assert.ok(
      lines.some((line) => line.startsWith(`${id} `)),
      `${id} whole, as access -p takes it`,
    );
  }
});
