/**
 * The entitlement and grant phases never read back resources whose type skips them: at 100,000
 * users, decoding every user twice only to skip it was most of those phases' work.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  C1zWriter,
  noEntitlements,
  runEngine,
  silentLogger,
  type Connector,
  type Resource,
} from "../../src/core/index.ts";
import { FAST_HTTP, tempDir } from "../../src/testkit/index.ts";
import { startDirectoryServer } from "./_directory-api.ts";
import { directoryConnector } from "./_directory-connector.ts";

test("the entitlement and grant phases read back no resource of a type that skips them, and still visit every other", async (t) => {
  const api = await startDirectoryServer();
  t.after(() => api.close());
  const writer = await C1zWriter.open(join(tempDir(t), "sync.c1z"));
  t.after(() => writer.discard());
  writer.startSync();
  const readBack: Resource[] = [];
  const store = new Proxy(writer, {
    get(target, property) {
      if (property === "resourcesAfter") {
        return (...args: Parameters<C1zWriter["resourcesAfter"]>) => {
          const rows = target.resourcesAfter(...args);
          readBack.push(...rows.map((row) => row.resource));
          return rows;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const connector = directoryConnector(
    { apiKey: api.apiKey, baseUrl: api.origin },
    { logger: silentLogger, http: FAST_HTTP },
  );
  await runEngine({ connector, store, concurrency: 2 });

  const byType = writer.countResourcesByType();
  assert.ok((byType["user"] ?? 0) > 0, "the tenant has users");
  assert.equal(readBack.filter((resource) => resource.id.resourceType === "user").length, 0, "no user was read back");
  const visited = (type: string): number => readBack.filter((resource) => resource.id.resourceType === type).length;
  for (const [type, count] of Object.entries(byType)) {
    if (type === "user") continue;
    // Once for its entitlements, once for its grants.
    assert.equal(visited(type), 2 * count, `every ${type} is visited in both phases`);
  }
});

test("a syncer whose entitlements are noEntitlements has its resources read back for grants only", async (t) => {
  const api = await startDirectoryServer();
  t.after(() => api.close());
  const writer = await C1zWriter.open(join(tempDir(t), "sync.c1z"));
  t.after(() => writer.discard());
  writer.startSync();
  const readBack: Array<{ types: readonly string[] | undefined; resources: Resource[] }> = [];
  const store = new Proxy(writer, {
    get(target, property) {
      if (property === "resourcesAfter") {
        return (...args: Parameters<C1zWriter["resourcesAfter"]>) => {
          const rows = target.resourcesAfter(...args);
          readBack.push({ types: args[2], resources: rows.map((row) => row.resource) });
          return rows;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const base = directoryConnector(
    { apiKey: api.apiKey, baseUrl: api.origin },
    { logger: silentLogger, http: FAST_HTTP },
  );
  // Users that grant in the grants phase (as Clockify's carry their roles) but offer no entitlement.
  let userGrantCalls = 0;
  const connector: Connector = {
    ...base,
    syncers: base.syncers.map((syncer) =>
      syncer.resourceType.id !== "user"
        ? syncer
        : {
            ...syncer,
            resourceType: { ...syncer.resourceType, skipEntitlements: false, skipGrants: false },
            entitlements: noEntitlements,
            grants: () => {
              userGrantCalls++;
              return Promise.resolve({ items: [] });
            },
          },
    ),
  };
  await runEngine({ connector, store, concurrency: 2 });

  const users = writer.countResourcesByType()["user"] ?? 0;
  assert.ok(users > 0, "the tenant has users");
  const usersRead = readBack
    .flatMap((read) => read.resources)
    .filter((resource) => resource.id.resourceType === "user");
  assert.equal(usersRead.length, users, "each user is read back once, for the grants phase");
  assert.equal(userGrantCalls, users);
});
