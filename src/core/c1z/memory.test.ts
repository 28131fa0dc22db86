import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { newGrant, newGroupResource, type Grant } from "../model/index.ts";
import { C1zReader, C1zWriter } from "./index.ts";
import { tempFolder } from "./_test-support.ts";

const GRANTS = 200_000;
const CALL_SIZE = 500;
const MAX_HEAP_GROWTH = 100 * 1024 * 1024;

/** Grants made on the fly, a call's worth at a time: the test itself holds none of them. */
function* grantPages(): Generator<Grant[]> {
  const groups = Array.from({ length: 100 }, (_, i) => newGroupResource("group", `g${i}`, `Group ${i}`));
  for (let start = 0; start < GRANTS; start += CALL_SIZE) {
    yield Array.from({ length: CALL_SIZE }, (_, i) => {
      const n = start + i;
      return newGrant(
        groups[n % groups.length]!,
        "member",
        { resourceType: "user", resource: `user-${n}` },
        {
          ...(n % 10 === 0 ? { expandable: { entitlementIds: [`group:g${(n + 1) % 100}:member`] } } : {}),
        },
      );
    });
  }
}

test(`writing ${GRANTS.toLocaleString("en")} grants keeps memory flat`, async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "big.c1z");
  const writer = await C1zWriter.open(target);
  writer.startSync();
  writer.putResourceTypes([{ id: "group", displayName: "Group", traits: ["group"] }]);

  const started = performance.now();
  const baseline = process.memoryUsage().heapUsed;
  let peakGrowth = 0;
  let calls = 0;
  for (const page of grantPages()) {
    writer.putGrants(page);
    if (++calls % 40 === 0) peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
  }
  const written = performance.now();
  assert.equal(writer.countRows().grants, GRANTS);
  writer.endSync();
  await writer.save();
  const saved = performance.now();

  t.diagnostic(
    `put ${GRANTS} grants in ${((written - started) / 1000).toFixed(1)} s, ` +
      `endSync+save in ${((saved - written) / 1000).toFixed(1)} s, ` +
      `c1z ${(fs.statSync(target).size / 1024 / 1024).toFixed(1)} MiB, peak heap growth ${(peakGrowth / 1024 / 1024).toFixed(0)} MiB`,
  );
  assert.ok(peakGrowth < MAX_HEAP_GROWTH, `heap grew by ${peakGrowth} bytes`);

  const reader = await C1zReader.open(target);
  t.after(() => reader.close());
  const syncId = reader.resolveSyncId();
  assert.equal(reader.countGrants(syncId), GRANTS);
  assert.equal(reader.statsFor(syncId).grantsByType["group"], GRANTS);
});
