/**
 * What `defineConnector` derives: the Connector's name and display name, its syncers in the
 * declared order (and a refusal when they do not match the declared types), the default
 * concurrency, and request stats added up over every HTTP client made through its kit, sent over
 * real loopback HTTP.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { defineSettings } from "../config/index.ts";
import { isIdsyncError } from "../errors/index.ts";
import { startServer } from "../http/_test-support.ts";
import { silentLogger } from "../log/index.ts";
import { defineResourceType } from "../model/index.ts";
import type { ResourceSyncer } from "./connector.ts";
import { createConnectorKit, defineConnector, type ConnectorKit, type ConnectorParts } from "./definition.ts";

const userType = defineResourceType({ id: "user", displayName: "User", traits: ["user"] });
const roleType = defineResourceType({ id: "role", displayName: "Role", traits: ["role"] });
const teamType = defineResourceType({ id: "team", displayName: "Team", traits: ["group"] });

const empty = () => Promise.resolve({ items: [] });
const syncerOf = (resourceType: ResourceSyncer["resourceType"]): ResourceSyncer => ({
  resourceType,
  list: empty,
  entitlements: empty,
  grants: empty,
});
const settings = defineSettings({ fields: [] });
const FAST = { retry: { maxAttempts: 1 } };

function acme(parts: (kit: ConnectorKit) => ConnectorParts, extra: { maxConcurrency?: number } = {}) {
  return defineConnector({
    name: "acme",
    displayName: "Acme",
    description: "sync Acme",
    settings,
    resourceTypes: [userType, roleType, teamType],
    ...extra,
    create: (_settings, kit) => parts(kit),
  });
}

const threeSyncers = (): ConnectorParts => ({
  syncers: [syncerOf(teamType), syncerOf(userType), syncerOf(roleType)],
  validate: () => Promise.resolve(),
});

describe("defineConnector", () => {
  it("names the Connector as the definition does and walks the syncers in the declared order", () => {
    const connector = acme(threeSyncers).create({}, { logger: silentLogger });
    assert.equal(connector.name, "acme");
    assert.equal(connector.displayName, "Acme");
    assert.deepEqual(
      connector.syncers.map((syncer) => syncer.resourceType.id),
      ["user", "role", "team"],
    );
  });

  it("gives the core's default concurrency unless the definition says otherwise", () => {
    assert.equal(acme(threeSyncers).create({}, { logger: silentLogger }).maxConcurrency, 4);
    assert.equal(acme(threeSyncers, { maxConcurrency: 2 }).create({}, { logger: silentLogger }).maxConcurrency, 2);
  });

  it("refuses syncers that do not match the declared resource types, naming each mismatch", () => {
    const cases: Array<[ResourceSyncer[], RegExp]> = [
      [[syncerOf(userType), syncerOf(roleType)], /no syncer for declared resource type "team"/],
      [
        [
          syncerOf(userType),
          syncerOf(roleType),
          syncerOf(teamType),
          syncerOf(defineResourceType({ id: "project", displayName: "Project", traits: [] })),
        ],
        /a syncer for resource type "project", which resourceTypes does not declare/,
      ],
      [
        [syncerOf(userType), syncerOf(roleType), syncerOf(teamType), syncerOf(roleType)],
        /two syncers for resource type "role"/,
      ],
    ];
    for (const [syncers, message] of cases) {
      const definition = acme(() => ({ syncers, validate: () => Promise.resolve() }));
      assert.throws(
        () => definition.create({}, { logger: silentLogger }),
        (error: unknown) =>
          isIdsyncError(error) &&
          error.kind === "sync-failed" &&
          message.test(error.message) &&
          /the acme connector's syncers/.test(error.message),
      );
    }
  });

  it("adds up the requests of every client made through the kit, and the connector's own count", async (t) => {
    const server = await startServer(t, (req, res) => {
      res.writeHead(req.url === "/fails" ? 404 : 200, { "content-type": "application/json" }).end("{}");
    });
    let clients = 0;
    const definition = acme((kit) => {
      const first = kit.httpClient({ baseUrl: server.origin });
      const second = kit.httpClient({ baseUrl: server.origin });
      clients = 2;
      return {
        ...threeSyncers(),
        validate: async (ctx) => {
          await first.getJson("/a", { signal: ctx.signal });
          await second.getJson("/b", { signal: ctx.signal });
          await second.getJson("/fails", { signal: ctx.signal }).catch(() => undefined);
        },
        requestStats: () => ({ requests: 5, retries: 1, rateLimited: 1 }),
      };
    });
    const connector = definition.create({}, { logger: silentLogger, http: FAST });
    assert.deepEqual(connector.requestStats?.(), { requests: 5, retries: 1, rateLimited: 1 }, "nothing sent yet");
    await connector.validate({ signal: new AbortController().signal, logger: silentLogger });
    assert.equal(clients, 2);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(connector.requestStats?.(), { requests: 8, retries: 1, rateLimited: 1 });
  });

  it("hands the kit's clients the deps' transport, or the one the connector wraps around it", async (t) => {
    const server = await startServer(t, (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end("[]"),
    );
    const seen: string[] = [];
    const kit = createConnectorKit({
      logger: silentLogger,
      http: FAST,
      fetch: (input, init) => {
        seen.push(`deps ${input.pathname}`);
        return fetch(input, init);
      },
    });
    await kit.httpClient({ baseUrl: server.origin }).getJson("/plain", {});
    const wrapped = kit.httpClient({
      baseUrl: server.origin,
      fetch: (input, init) => {
        seen.push(`wrapped ${input.pathname}`);
        return kit.fetch!(input, init);
      },
    });
    await wrapped.getJson("/wrapped", {});
    assert.deepEqual(seen, ["deps /plain", "wrapped /wrapped", "deps /wrapped"]);
    assert.deepEqual(kit.requestStats(), { requests: 2, retries: 0, rateLimited: 0 });
  });
});
