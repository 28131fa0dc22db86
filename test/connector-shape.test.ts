/**
 * Every registered connector's `capabilities`, printed without credentials, names exactly the
 * resource types its syncers sync: the definition declares them once and `defineConnector`
 * holds the syncers to them. A connector whose syncer syncs a type `capabilities` leaves out
 * cannot be built.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { captureStream } from "../src/cli/io.ts";
import { CONNECTORS } from "../src/connectors/index.ts";
import {
  defineConnector,
  defineResourceType,
  defineSettings,
  isIdsyncError,
  silentLogger,
  type ConnectorDefinition,
} from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { settingsFrom } from "../src/testkit/index.ts";

/** The resource type ids `baton-<name> capabilities` prints, with no setting given. */
async function printedTypes(definition: ConnectorDefinition): Promise<string[]> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(definition, ["capabilities"], { stdout, stderr, env: {} });
  assert.equal(code, 0, stderr.text());
  const printed = JSON.parse(stdout.text()) as { resourceTypeCapabilities: Array<{ resourceType: { id: string } }> };
  return printed.resourceTypeCapabilities.map((entry) => entry.resourceType.id).sort();
}

/** The resource types the connector's syncers sync, built from settings that would sync a simulated tenant. */
function syncedTypes(definition: ConnectorDefinition, flags: Record<string, string>): string[] {
  const connector = definition.create(settingsFrom(definition, flags), { logger: silentLogger });
  return connector.syncers.map((syncer) => syncer.resourceType.id).sort();
}

describe("connector shape", () => {
  for (const definition of CONNECTORS) {
    it(`${definition.name}: capabilities prints every type its syncers sync, and no other`, async () => {
      const simulator = findSimulator(definition.name);
      assert.ok(simulator, `a simulator for ${definition.name}`);
      const flags = simulator.create({ users: 3 }).settings("http://127.0.0.1:9");
      const synced = syncedTypes(definition, flags);
      assert.ok(synced.length > 0);
      assert.deepEqual(await printedTypes(definition), synced);
    });
  }

  it("a connector with a syncer of a type it does not declare fails to build, naming the type", async () => {
    const userType = defineResourceType({ id: "user", displayName: "User", traits: ["user"] });
    const groupType = defineResourceType({ id: "group", displayName: "Group", traits: ["group"] });
    const empty = () => Promise.resolve({ items: [] });
    const broken = defineConnector({
      name: "acme",
      displayName: "Acme",
      description: "sync Acme",
      settings: defineSettings({ fields: [] }),
      resourceTypes: [userType],
      create: () => ({
        syncers: [userType, groupType].map((resourceType) => ({
          resourceType,
          list: empty,
          entitlements: empty,
          grants: empty,
        })),
        validate: () => Promise.resolve(),
      }),
    });
    assert.deepEqual(await printedTypes(broken), ["user"]);
    assert.throws(
      () => syncedTypes(broken, {}),
      (error: unknown) =>
        isIdsyncError(error) &&
        /a syncer for resource type "group", which resourceTypes does not declare/.test(error.message),
    );
  });
});
