/**
 * @module
 * Where the tests find the c1z files Baton's Go SDK wrote (test/fixtures/baton-sdk/, whose README
 * says where they come from). Kept inside the repository so a fresh clone runs every test.
 * Imports nothing from idsync, so any test support file may use it without an import cycle.
 */
import path from "node:path";

/** The folder holding Baton's files: from src/testkit/ up to the repository root. */
export const BATON_FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/baton-sdk");
/** One sync of a synthetic tenant, not finished, its grants not yet expanded. */
export const BATON_UNEXPANDED = path.join(BATON_FIXTURES, "expansion.unexpanded.c1z");
/** The same sync after Baton expanded its grants and ended it. */
export const BATON_EXPANDED = path.join(BATON_FIXTURES, "expansion.expanded.c1z");
/** The id of the one sync both files hold. */
export const BATON_SYNC_ID = "36zfOAoWMxQdISbixanQCRBiX7E";
