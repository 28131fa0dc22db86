/**
 * @module
 * Running a connector against its simulator over real HTTP on 127.0.0.1, for the conformance
 * kit and for each connector's own end-to-end tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import {
  C1zReader,
  createLogger,
  resolveSettings,
  syncToFile,
  type ConnectorDefinition,
  type ConnectorDeps,
  type Logger,
  type SettingsValues,
  type SyncSummary,
} from "../core/index.ts";
import { serve, type Simulator, type SimulatorDefinition, type SimulatorOptions } from "../simulators/index.ts";
import { captureStream } from "../cli/io.ts";

/** Retries that do not make a test wait: same attempts, millisecond backoff. */
export const FAST_HTTP: NonNullable<ConnectorDeps["http"]> = {
  retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
  timeoutMs: 2_000,
};

export interface ServedSimulator {
  simulator: Simulator;
  origin: string;
  /** Connector flag → value that syncs this tenant. */
  settings: Record<string, string>;
}

/** Creates a simulator and serves it on a free loopback port until the test ends. */
export async function serveSimulator(
  t: TestContext,
  definition: SimulatorDefinition,
  options: SimulatorOptions = {},
): Promise<ServedSimulator> {
  const simulator = definition.create(options);
  const served = await serve(simulator.handler);
  t.after(() => served.close());
  return { simulator, origin: served.origin, settings: simulator.settings(served.origin) };
}

/**
 * A temporary folder removed when the test ends — or the file, given node:test's `{ after }`
 * for a folder shared by all its tests.
 */
export function tempDir(t: { after(cleanUp: () => void): void }, prefix = "idsync-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Resolves settings the way the command line does, from flag-named values. */
export function settingsFrom<D extends ConnectorDefinition>(
  definition: D,
  flags: Record<string, string>,
): SettingsValues<D["settings"]> {
  return resolveSettings(definition.settings, { connector: definition.name, flags, env: {} }) as SettingsValues<
    D["settings"]
  >;
}

export interface SyncRun {
  summary: SyncSummary;
  file: string;
  /** Everything the sync logged, at debug level, as JSON lines. */
  log: string;
}

/** One sync of `definition` with `flags` into `file`, with fast retries and a captured debug log. */
export async function syncWith(
  definition: ConnectorDefinition,
  flags: Record<string, string>,
  file: string,
  extra: { deps?: Partial<ConnectorDeps>; signal?: AbortSignal; concurrency?: number } = {},
): Promise<SyncRun> {
  const stream = captureStream();
  const logger: Logger = createLogger({ level: "debug", format: "json", stream });
  const connector = definition.create(settingsFrom(definition, flags), { logger, http: FAST_HTTP, ...extra.deps });
  const summary = await syncToFile({
    connector,
    file,
    logger,
    ...(extra.signal ? { signal: extra.signal } : {}),
    ...(extra.concurrency ? { concurrency: extra.concurrency } : {}),
  });
  return { summary, file, log: stream.text() };
}

/** Opens a c1z for the rest of the test and resolves the sync to read. */
export async function openC1z(t: TestContext, file: string): Promise<{ reader: C1zReader; syncId: string }> {
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  return { reader, syncId: reader.resolveSyncId() };
}
