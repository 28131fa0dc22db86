/**
 * What the engine's progress events count: the requests the connector really sent (not the
 * engine's pages, which include every resource's empty entitlement and grant answers), and how
 * far a phase is when its size is known.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  C1zReader,
  createLogger,
  defineResourceType,
  newUserResource,
  syncToFile,
  type Connector,
  type ProgressEvent,
} from "../../src/core/index.ts";
import { captureStream } from "../../src/cli/io.ts";
import { FAST_HTTP, tempDir } from "../../src/testkit/index.ts";
import { directoryData, startDirectoryServer } from "./_directory-api.ts";
import { directoryConnector } from "./_directory-connector.ts";

test("progress counts the requests sent, and how many stored resources the entitlement and grant phases have done", async (t) => {
  const api = await startDirectoryServer(directoryData(40, 5));
  t.after(() => api.close());
  const connector = directoryConnector(
    { apiKey: api.apiKey, baseUrl: api.origin },
    { logger: createLogger({ level: "error", format: "json", stream: captureStream() }), http: FAST_HTTP },
  );
  const events: ProgressEvent[] = [];
  const file = join(tempDir(t), "sync.c1z");
  const summary = await syncToFile({ connector, file, onProgress: (event) => events.push(event) });

  const sent = [...api.hits.values()].reduce((a, b) => a + b, 0);
  const last = events.at(-1)!;
  assert.equal(last.requests, sent, "the last event counts every request the API answered");
  assert.equal(last.requests, summary.requests.requests);
  assert.ok(last.pages > last.requests, `the engine's ${last.pages} pages are not requests (${sent} were sent)`);
  for (const [before, after] of events.slice(1).map((event, index) => [events[index]!, event] as const)) {
    assert.ok(after.requests >= before.requests, "the request count never goes back");
  }

  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const syncId = reader.resolveSyncId();
  // Users skip both phases (the type says so), so neither counts them: they cost nothing there.
  const stored = reader.countResources(syncId) - [...reader.resources(syncId, { resourceType: "user" })].length;
  assert.ok(stored > 0 && stored < reader.countResources(syncId));
  for (const phase of ["entitlements", "grants"] as const) {
    const inPhase = events.filter((event) => event.phase === phase);
    assert.ok(inPhase.length > 0, `events in the ${phase} phase`);
    for (const event of inPhase) {
      assert.ok(event.of, `the ${phase} phase knows its size`);
      assert.equal(event.of.total, stored, "its size is the resources stored of the types the phase asks about");
      assert.ok(event.of.done >= 0 && event.of.done <= stored);
    }
  }
  assert.equal(
    events.filter((event) => event.phase === "resources").some((event) => event.of),
    false,
    "the directory API announces no totals",
  );
});

test("the resources phase has a size once every listing announced its total", async (t) => {
  const userType = defineResourceType({
    id: "user",
    displayName: "User",
    traits: ["user"],
    skipEntitlements: true,
    skipGrants: true,
  });
  const user = (n: number) => newUserResource(userType, `u${n}`, `User ${n}`, { emails: [`u${n}@example.test`] });
  // Three pages of two; the API says from the first page on that it holds 6.
  const connector: Connector = {
    name: "counted",
    displayName: "Counted",
    syncers: [
      {
        resourceType: userType,
        list: (_ctx, { pageToken }) => {
          const start = Number(pageToken ?? "0");
          const next = start + 2 < 6 ? { nextPageToken: String(start + 2) } : {};
          return Promise.resolve({ items: [user(start), user(start + 1)], total: 6, ...next });
        },
        entitlements: () => Promise.resolve({ items: [] }),
        grants: () => Promise.resolve({ items: [] }),
      },
    ],
    validate: () => Promise.resolve(),
  };
  const events: ProgressEvent[] = [];
  await syncToFile({
    connector,
    file: join(tempDir(t), "sync.c1z"),
    concurrency: 1,
    onProgress: (event) => events.push(event),
  });
  const sizes = events
    .filter((event) => event.phase === "resources" && event.resourceType === "user")
    .map((event) => event.of);
  assert.deepEqual(sizes, [
    { done: 2, total: 6 },
    { done: 4, total: 6 },
    { done: 6, total: 6 },
  ]);
  assert.equal(events.at(-1)!.requests, 0, "a connector that counts no requests reports 0");
});
