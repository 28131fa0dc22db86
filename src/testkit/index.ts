export { describeConformance, type ConformanceSubject, type MisplacedSecret } from "./conformance.ts";
export { FAST_HTTP, openC1z, serveSimulator, settingsFrom, syncWith, tempDir, type ServedSimulator, type SyncRun } from "./harness.ts";
export { describeSurfaceSnapshots } from "./snapshots.ts";
