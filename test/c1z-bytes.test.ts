/**
 * The rows each connector writes for its simulator's default tenant, pinned by digest: a change
 * to how connectors page or are wired must leave every stored byte, and the order rows were
 * stored in, as it was. The file itself is not compared whole: its sync ids, timestamps and
 * compression differ on every run by design.
 *
 * Each case syncs with the default settings and, where the connector can be tuned, with pages
 * small enough that the tenant spans many. A deliberate change to what a connector emits
 * regenerates the digests: `UPDATE_SNAPSHOTS=1 node --test test/c1z-bytes.test.ts`, then review
 * why every changed line changed.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { withPageSizes } from "../src/connectors/clockify/_test-support.ts";
import { CONNECTORS } from "../src/connectors/index.ts";
import { createRunlayerConnector } from "../src/connectors/runlayer/index.ts";
import type { C1zReader, ConnectorDefinition, KeyedKinds } from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { openC1z, serveSimulator, syncWith, tempDir } from "../src/testkit/index.ts";

/** A fixed day, so the seeded tenants' relative dates ("signed in 3 days ago") never move. */
const REFERENCE_DATE = new Date("2026-01-15T00:00:00Z");
const GOLDEN = new URL("./c1z-bytes.golden.json", import.meta.url);
const KINDS: ReadonlyArray<keyof KeyedKinds> = ["resourceTypes", "resources", "entitlements", "grants"];

function byName(name: string): ConnectorDefinition {
  const definition = CONNECTORS.find((connector) => connector.name === name);
  assert.ok(definition, name);
  return definition;
}

function runlayerWith(limit: number): ConnectorDefinition {
  const runlayer = byName("runlayer");
  return {
    ...runlayer,
    create: (settings, deps) =>
      createRunlayerConnector(settings as Parameters<typeof createRunlayerConnector>[0], deps, { limit }),
  };
}

const CASES: ReadonlyArray<{ name: string; simulator: string; definition: () => ConnectorDefinition }> = [
  { name: "clockify", simulator: "clockify", definition: () => byName("clockify") },
  { name: "clockify, small pages", simulator: "clockify", definition: () => withPageSizes(7, 3) },
  { name: "codefresh", simulator: "codefresh", definition: () => byName("codefresh") },
  { name: "env0", simulator: "env0", definition: () => byName("env0") },
  { name: "runlayer", simulator: "runlayer", definition: () => byName("runlayer") },
  { name: "runlayer, small pages", simulator: "runlayer", definition: () => runlayerWith(7) },
];

/** One digest of a sync's rows: every stored byte by key, then the order they were stored in. */
function digestOf(reader: C1zReader, syncId: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const kind of KINDS) {
    const hash = createHash("sha256");
    let rows = 0;
    for (const row of reader.keyedRows(kind, syncId)) {
      hash
        .update(`${row.key}\0`)
        .update(row.data)
        .update(row.expansion ?? new Uint8Array())
        .update("\0");
      rows++;
    }
    digests[kind] = `${rows} rows, ${hash.digest("hex").slice(0, 32)}`;
  }
  const order = createHash("sha256");
  for (const resource of reader.resources(syncId))
    order.update(`${resource.id.resourceType}:${resource.id.resource}\0`);
  for (const entitlement of reader.entitlements(syncId)) order.update(`${entitlement.id}\0`);
  for (const grant of reader.grants(syncId)) order.update(`${grant.id}\0`);
  digests["storeOrder"] = order.digest("hex").slice(0, 32);
  return digests;
}

describe("the c1z rows of each simulator's default tenant", () => {
  const updating = process.env["UPDATE_SNAPSHOTS"] === "1";
  const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, Record<string, string>>;
  const seen: Record<string, Record<string, string>> = {};
  after(() => {
    if (updating) writeFileSync(GOLDEN, `${JSON.stringify(seen, null, 2)}\n`);
  });

  for (const { name, simulator, definition } of CASES) {
    test(`${name}: the same bytes as committed`, async (t) => {
      const found = findSimulator(simulator);
      assert.ok(found, simulator);
      const served = await serveSimulator(t, found, { referenceDate: REFERENCE_DATE });
      const file = join(tempDir(t), "sync.c1z");
      await syncWith(definition(), served.settings, file);
      const { reader, syncId } = await openC1z(t, file);
      seen[name] = digestOf(reader, syncId);
      if (!updating)
        assert.deepEqual(
          seen[name],
          golden[name],
          `${name}: the rows changed; if on purpose, rerun with UPDATE_SNAPSHOTS=1 and say why in the commit`,
        );
    });
  }
});
