/**
 * @module
 * The c1z v1 store: `C1zWriter` writes a sync into a c1z file (resumable, saved atomically),
 * `C1zReader` reads any c1z v1 file. Nothing outside this folder touches SQLite or zstd.
 */
export { C1zWriter, type C1zWriterOptions, type RowCounts, type WriterTestHooks } from "./writer.ts";
export { C1zReader, type C1zReaderOptions } from "./reader.ts";
export type { SyncRun, SyncType } from "./_sync-runs.ts";
export type { SyncStats } from "./_stats.ts";
export type { ResourceFilter, EntitlementFilter, GrantFilter, KeyedKinds, KeyedRow } from "./_queries.ts";
