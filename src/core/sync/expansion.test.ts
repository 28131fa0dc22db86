import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { C1zWriter } from "../c1z/index.ts";
import { resourceKey } from "../model/index.ts";
import { expandGrants } from "./expansion.ts";
import { expansionGraph, type ExpansionGraphSizes } from "./_expansion-graph.ts";

/**
 * The derived (entitlement, principal) pairs, computed the plain way: repeat "every holder of
 * a source holds its descendants" over all edges until nothing changes.
 */
function referenceDerivedPairs(sizes: ExpansionGraphSizes): Set<string> {
  const graph = expansionGraph(sizes);
  const held = new Map<string, Set<string>>();
  const edges: Array<[source: string, descendant: string]> = [];
  for (const page of graph.grantPages()) {
    for (const grant of page) {
      const holders = held.get(grant.entitlement.id) ?? new Set();
      holders.add(resourceKey(grant.principal.id));
      held.set(grant.entitlement.id, holders);
      for (const source of grant.expandable?.entitlementIds ?? []) edges.push([source, grant.entitlement.id]);
    }
  }
  const stored = new Set([...held].flatMap(([entitlement, holders]) => [...holders].map((p) => `${entitlement} ${p}`)));
  for (let changed = true; changed;) {
    changed = false;
    for (const [source, descendant] of edges) {
      const to = held.get(descendant) ?? new Set();
      held.set(descendant, to);
      for (const principal of held.get(source) ?? []) {
        if (!to.has(principal)) {
          to.add(principal);
          changed = true;
        }
      }
    }
  }
  const all = [...held].flatMap(([entitlement, holders]) => [...holders].map((p) => `${entitlement} ${p}`));
  return new Set(all.filter((pair) => !stored.has(pair)));
}

test("expansion of a generated graph derives exactly the grants a plain fixpoint finds", async (t) => {
  const sizes: ExpansionGraphSizes = {
    users: 700,
    groups: 5,
    projects: 12,
    roles: 10,
    doubleRoles: 3,
    directGrants: 300,
    overlapping: 90,
  };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-expansion-"));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const writer = await C1zWriter.open(path.join(folder, "graph.c1z"));
  t.after(() => writer.discard());
  writer.startSync();
  const graph = expansionGraph(sizes);
  writer.putResources(graph.resources);
  writer.putEntitlements(graph.entitlements);
  const before = new Set<string>();
  for (const page of graph.grantPages(97)) {
    writer.putGrants(page);
    for (const grant of page) before.add(`${grant.entitlement.id} ${resourceKey(grant.principal.id)}`);
  }
  const result = await expandGrants(writer);

  const expected = referenceDerivedPairs(sizes);
  assert.ok(expected.size > 2_000, `a graph worth expanding (${expected.size} derived)`);
  assert.equal(result.derivedGrants, expected.size);
  assert.equal(result.updatedGrants, 90, "each overlapping direct grant gains its sources");
  const derived = new Set<string>();
  for (const entitlement of graph.entitlements) {
    for (const grant of writer.grantsOfEntitlement(entitlement.id)) {
      const pair = `${entitlement.id} ${resourceKey(grant.principal.id)}`;
      if (!before.has(pair)) derived.add(pair);
    }
  }
  assert.deepEqual([...derived].sort(), [...expected].sort());
});
