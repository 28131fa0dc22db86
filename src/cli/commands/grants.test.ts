import assert from "node:assert/strict";
import { test } from "node:test";
import { BATON_EXPANDED, run, runJson, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

test("grants: each grant with its resource, principal and how it is held", async () => {
  const files = tenant();
  const { code, stdout } = await run(["grants", "-f", files.january, "-e", "role:r-dev:assigned"]);
  assert.equal(code, 0);
  assert.equal(
    stdout,
    [
      "ENTITLEMENT          RESOURCE   PRINCIPAL         NAME                 HOW",
      "role:r-dev:assigned  Developer  group:g-eng       Engineering          direct",
      "role:r-dev:assigned  Developer  user:k-ci         CI deploy key        direct",
      "role:r-dev:assigned  Developer  group:g-platform  Platform             via group:g-eng:member",
      "role:r-dev:assigned  Developer  user:u-bob        Bob Builder          via group:g-eng:member",
      "role:r-dev:assigned  Developer  user:u-carol      Carol Invitee        via group:g-eng:member",
      'role:r-dev:assigned  Developer  user:u-dave       Dave "The Dev", Jr.  via group:g-eng:member',
      `6 grants in sync ${files.ids.january}`,
      "",
    ].join("\n"),
  );
});

test("grants -p TYPE:ID -o json, exactly", async () => {
  const files = tenant();
  assert.deepStrictEqual(await runJson(["grants", "-f", files.unexpanded, "-p", "group:g-eng"]), {
    file: files.unexpanded,
    syncId: files.ids.unexpanded,
    grants: [
      {
        id: "role:r-dev:assigned:group:g-eng",
        entitlementId: "role:r-dev:assigned",
        resource: { type: "role", id: "r-dev", displayName: "Developer" },
        principal: { type: "group", id: "g-eng", displayName: "Engineering" },
        direct: true,
        via: [],
        expandable: { entitlementIds: ["group:g-eng:member"], shallow: false, resourceTypeIds: [] },
      },
    ],
    count: 1,
  });
});

test("grants -t TYPE -r ID, and -t alone, filter by the resource granted on", async () => {
  const files = tenant();
  const platform = (await runJson(["grants", "-f", files.january, "-t", "group", "-r", "g-platform"])) as {
    count: number;
  };
  assert.equal(platform.count, 2);
  const groups = (await runJson(["grants", "-f", files.january, "-t", "group"])) as { count: number };
  assert.equal(groups.count, 6);
  const { code, stderr } = await run(["grants", "-f", files.january, "-p", "nocolon"]);
  assert.equal(code, 2);
  assert.match(stderr, /^error: -p must be TYPE:ID \(e\.g\. user:42\), got "nocolon"\n$/);
});

test("Baton's bare-id principals are named; derived grants say what they came through", async () => {
  const { stdout } = await run([
    "grants",
    "-f",
    BATON_EXPANDED,
    "-p",
    "user:user-0000200",
    "-e",
    "group:group-0000003:member",
  ]);
  assert.equal(
    stdout.split("\n")[1],
    "group:group-0000003:member  Group 0000003  user:user-0000200  User 0000200  direct; via group:group-0000002:member",
  );
});

test("grants -e naming no entitlement of the sync is an error with the closest ones, as -t is", async () => {
  const files = tenant();
  const result = await run(["grants", "-f", files.january, "-e", "role:nope:assigned"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr,
    `error: sync ${files.ids.january} has no entitlement "role:nope:assigned"\n` +
      "hint: choose one of group:g-eng:member, group:g-platform:member, role:r-admin:assigned, role:r-dev:assigned\n",
  );
});
