/**
 * The README's "Deterministic" promise, exactly as worded: the same tenant synced twice gives the
 * same rows in the same order with every `data` blob byte for byte equal; the sync's id and the
 * times differ, so the two files' bytes do not.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CONNECTORS } from "../src/connectors/index.ts";
import { openInside } from "../src/core/c1z/_test-support.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { serveSimulator, syncWith, tempDir } from "../src/testkit/index.ts";

const TABLES = ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants"] as const;

/** Every row of the four data tables, in id order, without the columns a run stamps (sync id, time). */
function rowsOf(file: string, folder: string): Record<string, unknown[]> {
  const database = openInside(file, folder);
  try {
    const rows: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      rows[table] = database
        .prepare(`SELECT * FROM ${table} ORDER BY id`)
        .all()
        .map(({ sync_id: _sync, discovered_at: _at, ...row }) => row);
    }
    return rows;
  } finally {
    database.close();
  }
}

for (const connector of CONNECTORS) {
  test(`${connector.name}: two syncs of one tenant write the same rows and data bytes; only ids and times differ`, async (t) => {
    const served = await serveSimulator(t, findSimulator(connector.name)!, { users: 40 });
    const folder = tempDir(t);
    const first = (await syncWith(connector, served.settings, join(folder, "first.c1z"))).file;
    const second = (await syncWith(connector, served.settings, join(folder, "second.c1z"))).file;
    const firstRows = rowsOf(first, folder);
    assert.ok(firstRows["v1_grants"]!.length > 0, "the tenant has grants to compare");
    assert.deepEqual(rowsOf(second, folder), firstRows);
    assert.notDeepEqual(readFileSync(second), readFileSync(first), "the sync id and times are the run's own");
  });
}
