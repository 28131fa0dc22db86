/**
 * The sync engine end to end: an in-test connector over a real loopback HTTP API, written into
 * real c1z files and read back.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import {
  C1zReader,
  createLogger,
  isIdsyncError,
  resourceKey,
  syncToFile,
  type Connector,
} from "../../src/core/index.ts";
import { captureStream } from "../../src/cli/io.ts";
import { FAST_HTTP, tempDir } from "../../src/testkit/index.ts";
import { startDirectoryServer, type DirectoryServer } from "./_directory-api.ts";
import { directoryConnector, type DirectoryQuirks } from "./_directory-connector.ts";

async function server(t: TestContext): Promise<DirectoryServer> {
  const started = await startDirectoryServer();
  t.after(() => started.close());
  return started;
}

function connectorFor(api: DirectoryServer, quirks: DirectoryQuirks = {}, log = captureStream()): Connector {
  const logger = createLogger({ level: "debug", format: "json", stream: log });
  return directoryConnector({ apiKey: api.apiKey, baseUrl: api.origin }, { logger, http: FAST_HTTP }, quirks);
}

/** Every row of the shown sync, in row order, as comparable text. */
async function dump(file: string): Promise<string[]> {
  const reader = await C1zReader.open(file);
  try {
    const syncId = reader.resolveSyncId();
    return [
      ...[...reader.resourceTypes(syncId)].map((x) => `rt ${JSON.stringify(x)}`),
      ...[...reader.resources(syncId)].map((x) => `r ${JSON.stringify(x)}`),
      ...[...reader.entitlements(syncId)].map((x) => `e ${JSON.stringify(x)}`),
      ...[...reader.grants(syncId)].map((x) => `g ${JSON.stringify(x)}`),
    ];
  } finally {
    reader.close();
  }
}

test("walks types, pages, children and expansion into a c1z", async (t) => {
  const api = await server(t);
  const file = join(tempDir(t), "sync.c1z");
  const summary = await syncToFile({ connector: connectorFor(api), file });

  assert.deepEqual(summary.stats.resourcesByType, { group: 4, org: 2, role: 2, team: 6, user: 25 });
  // Users (25) and groups page by 4: every page was fetched once.
  assert.equal(api.hits.get("/users"), 7);
  assert.equal(api.hits.get("/orgs/o1/teams"), 1);

  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const syncId = reader.resolveSyncId();
  const team = reader.getResource(syncId, { resourceType: "team", resource: "o0t1" });
  assert.deepEqual(team?.parentId, { resourceType: "org", resource: "o0" }, "children keep their parent");

  // Role admin is held by user u1 directly and by group g0 (members u0, u4, u8…) through expansion.
  const admins = [...reader.grants(syncId, { entitlementId: "role:admin:assigned" })];
  const holders = admins.map((g) => resourceKey(g.principal.id)).sort();
  const g0Members = api.data.groups[0]!.members.map((id) => `user:${id}`);
  assert.deepEqual(holders, ["group:g0", "user:u1", ...g0Members].sort());
  const derived = admins.find((g) => g.principal.id.resource === "u4")!;
  assert.deepEqual(derived.sources, { "group:g0:member": { isDirect: true } });
  assert.ok(derived.immutable, "derived grants are immutable");
  assert.equal(
    summary.expansion.derivedGrants,
    g0Members.length + api.data.groups[1]!.members.length + api.data.groups[2]!.members.length,
  );
});

test("the result does not depend on concurrency or timing", async (t) => {
  const api = await server(t);
  const dir = tempDir(t);
  await syncToFile({ connector: connectorFor(api), file: join(dir, "serial.c1z"), concurrency: 1 });
  // Slow, uneven answers with many pages in flight.
  let n = 0;
  api.onRequest = () => {
    api.latencyMs = (n++ * 7) % 11;
  };
  await syncToFile({ connector: connectorFor(api), file: join(dir, "parallel.c1z"), concurrency: 8 });
  assert.deepEqual(await dump(join(dir, "parallel.c1z")), await dump(join(dir, "serial.c1z")));
});

test("429, 5xx, a timeout and a dropped connection are retried to the same data", async (t) => {
  const api = await server(t);
  const dir = tempDir(t);
  await syncToFile({ connector: connectorFor(api), file: join(dir, "clean.c1z") });
  api.script("/users", { status: 429, headers: { "retry-after": "0" } }, { status: 429 }, { status: 503 });
  api.script("/groups/g2/members", { status: 502 }, { drop: true });
  api.script("/roles/viewer/holders", { hang: true });
  const summary = await syncToFile({ connector: connectorFor(api), file: join(dir, "faulty.c1z") });
  assert.ok(summary.requests.retries >= 6, `retries: ${summary.requests.retries}`);
  assert.deepEqual(await dump(join(dir, "faulty.c1z")), await dump(join(dir, "clean.c1z")));
});

test("an API error fails the sync and leaves the previous file byte-identical", async (t) => {
  const api = await server(t);
  const file = join(tempDir(t), "sync.c1z");
  await syncToFile({ connector: connectorFor(api), file });
  const before = readFileSync(file);
  api.script("/groups/g1/members", { status: 404, body: '{"error":"gone"}' });
  await assert.rejects(syncToFile({ connector: connectorFor(api), file }), (error: unknown) => {
    assert.ok(isIdsyncError(error));
    assert.equal(error.kind, "not-found");
    assert.match(error.message, /\/groups\/g1\/members/);
    return true;
  });
  assert.deepEqual(readFileSync(file), before);
  // Nothing was lost either: the next run starts over and completes.
  const summary = await syncToFile({ connector: connectorFor(api), file });
  assert.equal(summary.resumed, false);
  assert.equal(summary.stats.resourcesByType["user"], 25);
});

test("a page token returned twice fails the sync instead of looping", async (t) => {
  const api = await server(t);
  api.script("/users", { repeatCursor: true }, { repeatCursor: true });
  const file = join(tempDir(t), "sync.c1z");
  await assert.rejects(syncToFile({ connector: connectorFor(api), file }), (error: unknown) => {
    assert.ok(isIdsyncError(error));
    assert.equal(error.kind, "sync-failed");
    assert.match(error.message, /listing user: the API returned page token "c0" twice/);
    return true;
  });
  assert.ok((api.hits.get("/users") ?? 0) <= 3, "it stopped at once");
});

test("a resource missing its type's trait fails the sync", async (t) => {
  const api = await server(t);
  await assert.rejects(
    syncToFile({ connector: connectorFor(api, { dropUserTrait: true }), file: join(tempDir(t), "sync.c1z") }),
    /user:u0 lacks the user trait its resource type "user" declares/,
  );
});

test("a refused key fails before the file is touched", async (t) => {
  const api = await server(t);
  const dir = tempDir(t);
  const connector = directoryConnector(
    { apiKey: "wrong-key-abcdef", baseUrl: api.origin },
    { logger: createLogger({ level: "error", format: "json", stream: captureStream() }), http: FAST_HTTP },
  );
  await assert.rejects(syncToFile({ connector, file: join(dir, "sync.c1z") }), (error: unknown) => {
    assert.ok(isIdsyncError(error));
    assert.equal(error.kind, "unauthenticated");
    assert.ok(!error.message.includes("wrong-key-abcdef"), "the key the server echoed is redacted");
    return true;
  });
  assert.equal(api.hits.get("/users"), undefined);
});

test("a scoped sync keeps to its scope: types, resources only, no grants, no expansion", async (t) => {
  const api = await server(t);
  const dir = tempDir(t);
  const counts = async (file: string) => {
    const reader = await C1zReader.open(file);
    try {
      // The newest run, whatever its type (resolveSync shows full syncs only).
      const run = reader.syncs().at(-1)!;
      const types = [...reader.resourceTypes(run.id)].map((x) => x.id).sort();
      const grants = [...reader.grants(run.id)];
      return {
        type: run.type,
        types,
        resources: reader.countResources(run.id),
        entitlements: reader.countEntitlements(run.id),
        grants: grants.length,
        derived: grants.filter((g) => g.sources !== undefined).length,
      };
    } finally {
      reader.close();
    }
  };
  await syncToFile({ connector: connectorFor(api), file: join(dir, "whole.c1z") });
  const whole = await counts(join(dir, "whole.c1z"));
  assert.ok(whole.derived > 0, "the directory has expandable grants");

  const users = join(dir, "users.c1z");
  await syncToFile({ connector: connectorFor(api), file: users, scope: { resourceTypeIds: ["user", "group"] } });
  const usersOnly = await counts(users);
  assert.deepEqual(usersOnly.types, ["group", "user"]);
  assert.equal(usersOnly.resources, 25 + 4);

  const resourcesOnly = join(dir, "resources.c1z");
  await syncToFile({ connector: connectorFor(api), file: resourcesOnly, scope: { resourcesOnly: true } });
  assert.deepEqual(await counts(resourcesOnly), {
    type: "resources_only",
    types: whole.types,
    resources: whole.resources,
    entitlements: 0,
    grants: 0,
    derived: 0,
  });

  const noGrants = join(dir, "no-grants.c1z");
  await syncToFile({ connector: connectorFor(api), file: noGrants, scope: { skipGrants: true } });
  assert.deepEqual(await counts(noGrants), { ...whole, grants: 0, derived: 0 });

  const unexpanded = join(dir, "unexpanded.c1z");
  await syncToFile({ connector: connectorFor(api), file: unexpanded, scope: { skipExpansion: true } });
  assert.deepEqual(await counts(unexpanded), { ...whole, grants: whole.grants - whole.derived, derived: 0 });
});
