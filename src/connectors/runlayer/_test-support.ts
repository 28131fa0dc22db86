/**
 * @module
 * Helpers for the Runlayer connector's tests: serve the simulator, sync it into a temporary c1z
 * over real loopback HTTP, and read the file back.
 */
import { join } from "node:path";
import type { TestContext } from "node:test";
import {
  createLogger,
  syncToFile,
  type C1zReader,
  type ConnectorDeps,
  type FetchLike,
  type Grant,
  type Resource,
} from "../../core/index.ts";
import { captureStream } from "../../cli/io.ts";
import {
  runlayer as runlayerSimulator,
  type RunlayerSimulatorOptions,
  type RunlayerTenant,
} from "../../simulators/runlayer/index.ts";
import {
  FAST_HTTP,
  openC1z,
  serveSimulator,
  settingsFrom,
  tempDir,
  type ServedSimulator,
} from "../../testkit/index.ts";
import { createRunlayerConnector, runlayer, type RunlayerTuning } from "./index.ts";

export interface SyncedRunlayer {
  served: ServedSimulator;
  tenant: RunlayerTenant;
  reader: C1zReader;
  syncId: string;
  file: string;
  /** Debug log of the sync, JSON lines. */
  log: string;
  durationMs: number;
  requests: number;
  retries: number;
}

/** Serves a Runlayer simulator for the rest of the test. */
export async function serveRunlayer(
  t: TestContext,
  options: RunlayerSimulatorOptions = {},
): Promise<ServedSimulator & { tenant: RunlayerTenant }> {
  const served = await serveSimulator(t, runlayerSimulator, options);
  return { ...served, tenant: served.simulator.tenant as RunlayerTenant };
}

export interface SyncRunlayerOptions {
  simulator?: RunlayerSimulatorOptions;
  served?: ServedSimulator;
  tuning?: RunlayerTuning;
  concurrency?: number;
  flags?: Record<string, string>;
  /** @default a new temporary file */
  file?: string;
  /** Overrides of the fast test HTTP settings. */
  http?: ConnectorDeps["http"];
  /** The transport, e.g. a front that plays a TLS-terminating proxy. @default global fetch */
  fetch?: FetchLike;
}

/** Syncs `served` (or a new simulator) with the given tuning and opens the result. */
export async function syncRunlayer(
  t: TestContext,
  options: SyncRunlayerOptions = {},
): Promise<SyncedRunlayer & { resumed: boolean }> {
  const { served, file, stream, run } = await prepareSync(t, options);
  const summary = await run();
  const { reader, syncId } = await openC1z(t, file);
  return {
    served,
    tenant: served.simulator.tenant as RunlayerTenant,
    reader,
    syncId,
    file,
    log: stream.text(),
    durationMs: summary.durationMs,
    requests: summary.requests.requests,
    retries: summary.requests.retries,
    resumed: summary.resumed,
  };
}

/** A sync that must fail: its error, its debug log, and the file it was to write. */
export async function failedRunlayerSync(
  t: TestContext,
  options: SyncRunlayerOptions = {},
): Promise<{ error: unknown; log: string; file: string; served: ServedSimulator }> {
  const { served, file, stream, run } = await prepareSync(t, options);
  try {
    await run();
  } catch (error) {
    return { error, log: stream.text(), file, served };
  }
  throw new Error("the sync was expected to fail, and succeeded");
}

async function prepareSync(t: TestContext, options: SyncRunlayerOptions) {
  const served = options.served ?? (await serveSimulator(t, runlayerSimulator, options.simulator ?? {}));
  const file = options.file ?? join(tempDir(t), "sync.c1z");
  const stream = captureStream();
  const logger = createLogger({ level: "debug", format: "json", stream });
  const settings = settingsFrom(runlayer, { ...served.settings, ...options.flags });
  const deps: ConnectorDeps = {
    logger,
    http: { ...FAST_HTTP, ...options.http },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const connector = createRunlayerConnector(settings, deps, options.tuning ?? {});
  const run = () =>
    syncToFile({ connector, file, logger, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  return { served, file, stream, run };
}

/** Every row of a sync, as JSON text, in the file's order: for "same data" comparisons. */
export function rowsOf(reader: C1zReader, syncId: string): string[] {
  return [
    ...[...reader.resources(syncId)].map((resource) => JSON.stringify(resource)),
    ...[...reader.entitlements(syncId)].map((entitlement) => JSON.stringify(entitlement)),
    ...[...reader.grants(syncId)].map((grant) => JSON.stringify(grant)),
  ];
}

/** The same rows, sorted: for comparisons where commit order may differ. */
export function sortedRowsOf(reader: C1zReader, syncId: string): string[] {
  return rowsOf(reader, syncId).sort();
}

export function userResource(reader: C1zReader, syncId: string, id: string): Resource {
  const resource = reader.getResource(syncId, { resourceType: "user", resource: id });
  if (!resource) throw new Error(`user ${id} is not in the c1z`);
  return resource;
}

/** The role keys a user holds in the c1z, sorted. */
export function rolesHeld(reader: C1zReader, syncId: string, userId: string): string[] {
  return [...reader.grants(syncId, { principal: { resourceType: "user", resource: userId } })]
    .map((grant: Grant) => grant.entitlement.resource.id.resource)
    .sort();
}
