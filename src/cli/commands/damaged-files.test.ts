/**
 * Every reading command over damaged copies of good files (testkit/damage.ts): each run
 * either reads the file (exit 0) or refuses it with one line naming the file (exit 6).
 * A bounded sweep — every kind of damage once, three of the commands in turn over each copy,
 * so each command meets a share of every kind; `npm run test:chaos` runs every command over
 * every copy, of Baton's files too, with many more seeds.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { tempFolder } from "../../review/_test-tenant.ts";
import { DAMAGE_KINDS, sweepDamagedFiles } from "./_test-damaged-runs.ts";
import { tenantFiles } from "./_test-run.ts";

test("every reading command reads a damaged file or refuses it with one line (exit 6), for every kind of damage", async (t) => {
  const files = await tenantFiles(t);
  // Baton's own (larger) files are swept by `npm run test:chaos`.
  const sources = [files.twoSyncs];
  const { read, refused } = await sweepDamagedFiles(sources, tempFolder(t), {
    copies: DAMAGE_KINDS,
    firstSeed: 1,
    commandsPerCopy: 3,
  });
  t.diagnostic(`${read} runs read a damaged copy, ${refused} refused it`);
  // Some damage cannot be seen (a deleted row, a changed name that still decodes); most can.
  assert.ok(refused > (read + refused) / 3, `${refused} of ${read + refused} runs refused their file`);
});
