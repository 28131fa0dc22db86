/**
 * The heavy variant of src/cli/commands/damaged-files.test.ts, run by `npm run test:chaos`:
 * every reading command over every damaged copy, of our own files and of Baton's, for
 * several rounds of seeds.
 */
import { test } from "node:test";
import { DAMAGE_KINDS, sweepDamagedFiles } from "../../src/cli/commands/_test-damaged-runs.ts";
import { BATON_EXPANDED, tenantFiles } from "../../src/cli/commands/_test-run.ts";
import { tempFolder } from "../../src/review/_test-tenant.ts";

const ROUNDS = 3;

test("every reading command over every damaged copy, our files and Baton's, several seeds each", async (t) => {
  const files = await tenantFiles(t);
  const { read, refused } = await sweepDamagedFiles([files.twoSyncs, files.unexpanded, BATON_EXPANDED], tempFolder(t), {
    copies: DAMAGE_KINDS * ROUNDS,
    firstSeed: 1_000,
  });
  t.diagnostic(`${read} runs read a damaged copy, ${refused} refused it`);
});
