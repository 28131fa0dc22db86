export { describeConformance, type ConformanceSubject, type MisplacedSecret } from "./conformance.ts";
export {
  FAST_HTTP,
  openC1z,
  serveSimulator,
  settingsFrom,
  syncWith,
  tempDir,
  type ServedSimulator,
  type SyncRun,
} from "./harness.ts";
export { describeSurfaceSnapshots } from "./snapshots.ts";
export { BATON_EXPANDED, BATON_FIXTURES, BATON_SYNC_ID, BATON_UNEXPANDED } from "./baton-fixtures.ts";
