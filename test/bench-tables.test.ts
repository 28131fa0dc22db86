/**
 * The benchmark's own pieces that a run relies on without checking: the reading tenant is the
 * same for the same seed and holds what its commands are pointed at, and the store section turns
 * every line `bench/store.ts` prints into table rows.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { writeReadingTenant } from "../bench/_reading-tenant.ts";
import { storeRows } from "../bench/sections/store.ts";
import { C1zReader, parseResourceKey } from "../src/core/index.ts";
import { tempDir } from "../src/testkit/index.ts";

async function grantIds(file: string): Promise<string[]> {
  const reader = await C1zReader.open(file);
  try {
    const sync = reader.syncs().find((run) => run.endedAt)!;
    return [...reader.grants(sync.id)].map((grant) => grant.id).sort();
  } finally {
    reader.close();
  }
}

test("the reading tenant is the same for the same seed, and its sample user reaches a role through a group", async (t) => {
  const folder = tempDir(t, "idsync-bench-test-");
  const first = await writeReadingTenant(path.join(folder, "a.c1z"), 300, { now: Date.UTC(2026, 0, 1) });
  const second = await writeReadingTenant(path.join(folder, "b.c1z"), 300, { now: Date.UTC(2026, 0, 1) });
  assert.deepStrictEqual(first, second);
  const ids = await grantIds(path.join(folder, "a.c1z"));
  assert.deepStrictEqual(ids, await grantIds(path.join(folder, "b.c1z")));
  assert.equal(ids.length, first.grants);
  const reader = await C1zReader.open(path.join(folder, "a.c1z"));
  t.after(() => reader.close());
  const sync = reader.syncs().find((run) => run.endedAt)!;
  const held = [...reader.grants(sync.id, { principal: parseResourceKey(first.samplePrincipal)! })];
  const throughGroup = held.filter((grant) =>
    Object.keys(grant.sources ?? {}).some((source) => source.startsWith("group:")),
  );
  assert.ok(
    throughGroup.some((grant) => grant.entitlement.id.startsWith("role:")),
    `${first.samplePrincipal} holds a role through a group`,
  );
});

test("every line bench/store.ts prints becomes rows of the store table", () => {
  const encode = storeRows({
    bench: "store.encode",
    users: 10,
    resourcesPerSecond: { generated: 1, store: 6, speedup: 6 },
    grantsPerSecond: { generated: 1, store: 5, speedup: 5 },
  });
  assert.deepStrictEqual(
    encode.map((row) => row["ratio"]),
    [6, 5],
  );
  const writer = storeRows({
    bench: "store.writer",
    users: 10,
    rowsPerSecond: { writer: 9, rawInsertsWithEncoding: 10, ratio: 0.9 },
  });
  assert.deepStrictEqual(
    writer.map((row) => [row["users"], row["ratio"], row["target"]]),
    [[10, 0.9, "≥ 0.8"]],
  );
  const save = storeRows({
    bench: "store.save",
    users: 10,
    idsync: { compressSeconds: 2, ratio: 15 },
    zstdCli: "skipped: zstd is not installed",
  });
  assert.deepStrictEqual(
    save.map((row) => row["baseline"]),
    ["skipped: zstd is not installed", "skipped: zstd is not installed"],
  );
});
