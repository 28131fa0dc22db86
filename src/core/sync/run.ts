/**
 * @module
 * One sync of a connector into a c1z file: validate the credentials, resume an unfinished
 * sync or start one, walk, end the sync and save the file atomically.
 *
 * Failure leaves the c1z exactly as it was. The working database (with the checkpoint) is
 * kept beside it, but the next run continues it only when the stopped sync had finished reading
 * the tenant (it stopped while expanding grants or saving): none of these APIs can prove that
 * what was read before a stop still holds, and a sync that mixed pages read before and after a
 * change would hold users who left and miss those who joined. A sync stopped while reading
 * starts over, with a line saying so.
 *
 * An answer the checks refuse (answer-checks.ts: a sharp shrinkage against the previous full
 * sync, the caller missing) also leaves the c1z exactly as it was, and its working copy is
 * deleted: continuing it would only meet the same refusal, or save it unread with --allow-shrink.
 */
import { C1zWriter, type SyncStats, type SyncType, type WriterTestHooks } from "../c1z/index.ts";
import { AnswerRefusedError } from "../errors/index.ts";
import { silentLogger, type Logger } from "../log/index.ts";
import { createAnswerChecks } from "./answer-checks.ts";
import type { Connector, RequestStats } from "./connector.ts";
import { runEngine, type EngineResult, type ProgressEvent, type SyncScope } from "./engine.ts";
import { parseState, type SyncPhase } from "./state.ts";

/** Phases that read nothing from the tenant: a sync stopped in one of them is continued. */
const TENANT_READ: ReadonlySet<SyncPhase> = new Set(["expansion", "done"]);

export interface SyncToFileOptions {
  connector: Connector;
  /** The c1z to write; an existing file keeps its previous full sync for `diff`. */
  file: string;
  /** Where the working database lives. @default beside `file` */
  tempDir?: string;
  /** The most the previous file may decompress to. @default 10 GiB, Baton's own limit */
  maxDecodedBytes?: number;
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (event: ProgressEvent) => void;
  concurrency?: number;
  checkpointIntervalMs?: number;
  /**
   * Less than the whole walk (service mode's task options). A scoped sync never resumes an
   * unfinished one, which may have had another scope.
   * @default the whole walk
   */
  scope?: SyncScope;
  /** Fault injection for tests (e.g. a full disk). Not for production use. */
  _writerTestHooks?: WriterTestHooks;
  /**
   * Save an answer that shrank sharply against the previous full sync in the file (a listing
   * empty, or under half of what it was), with a warning, instead of failing the sync.
   * @default false
   */
  allowShrink?: boolean;
  /**
   * Record the sync as `partial`, with the file's latest finished full sync as its parent,
   * because it holds only part of the tenant (one-shot `--sync-resource-types`). Baton records
   * such a sync as `full` (`pkg/sync/syncer.go` `WithSyncResourceTypes` leaves the sync type
   * alone); a `full` sync of a few types would then be read as the whole tenant — by `diff`,
   * the review and Baton's own readers — and would push an older full sync out of the file.
   * @default false
   */
  partial?: boolean;
}

export interface SyncSummary {
  connector: string;
  file: string;
  syncId: string;
  /** `full`, or `partial` / `resources_only` for less than the whole tenant. */
  syncType: SyncType;
  /** True when this run continued an unfinished sync. */
  resumed: boolean;
  stats: SyncStats;
  expansion: EngineResult["expansion"];
  requests: RequestStats;
  durationMs: number;
}

export async function syncToFile(options: SyncToFileOptions): Promise<SyncSummary> {
  const { connector } = options;
  const logger = options.logger ?? silentLogger;
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = Date.now();

  // Credentials first: a wrong key must fail before the file or its working copy is touched.
  const validation = (await connector.validate({ signal, logger })) ?? {};

  const writer = await C1zWriter.open(options.file, {
    ...(options.tempDir ? { tempDir: options.tempDir } : {}),
    maxDecodedBytes: options.maxDecodedBytes,
    ...(options._writerTestHooks ? { _testHooks: options._writerTestHooks } : {}),
  });
  for (const file of writer.leftoversRemoved) logger.info("removed a temp file a stopped idsync left", { file });
  try {
    const syncType = options.partial ? "partial" : options.scope?.resourcesOnly ? "resources_only" : "full";
    const unfinished = options.scope ? undefined : writer.findResumableSync({ type: "full" });
    const saved = unfinished ? parseState(unfinished.token) : undefined;
    const state = saved && TENANT_READ.has(saved.phase) ? saved : undefined;
    if (unfinished && !state) {
      logger.warn(
        "starting the sync over: the unfinished one stopped while reading the tenant, which may have changed since",
        {
          unfinishedSyncId: unfinished.id,
          startedAt: unfinished.startedAt.toISOString(),
          ...(saved ? { phase: saved.phase } : {}),
        },
      );
    }
    let syncId: string;
    if (unfinished && state) {
      writer.resumeSync(unfinished.id);
      syncId = unfinished.id;
      logger.info("resuming unfinished sync", { syncId, phase: state.phase });
    } else {
      const parentSyncId = options.partial ? writer.latestFullSyncId() : undefined;
      syncId = writer.startSync(syncType, parentSyncId ? { parentSyncId } : {});
      logger.info("starting sync", { syncId, connector: connector.name });
    }

    const checks = createAnswerChecks({
      store: writer,
      previous: writer.previousFullSync(),
      file: writer.path,
      logger,
      ...(options.allowShrink ? { allowShrink: true } : {}),
      ...(validation.caller ? { caller: validation.caller } : {}),
      ...(options.partial ? { checkGrants: false } : {}),
    });
    const engineOptions = {
      connector,
      store: writer,
      checks,
      signal,
      logger,
      ...(state ? { state } : {}),
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      checkpointIntervalMs: options.checkpointIntervalMs,
    };
    const result = await runEngine(engineOptions);
    const stats = writer.endSync();
    await writer.save();
    return {
      connector: connector.name,
      file: options.file,
      syncId,
      syncType,
      resumed: state !== undefined,
      stats,
      expansion: result.expansion,
      requests: connector.requestStats?.() ?? { requests: 0, retries: 0, rateLimited: 0 },
      durationMs: Date.now() - startedAt,
    };
  } catch (error) {
    const warnCleanup = cleanupWarner(logger);
    if (error instanceof AnswerRefusedError) {
      try {
        writer.discard();
      } catch (problem) {
        warnCleanup(problem);
      }
      throw error;
    }
    // Keeps the working copy (the next run continues it if it had read everything, else starts
    // over), except on a full disk; whatever the cleanup meets, the cause is what is thrown.
    throw writer.closeAfterFailure(error, warnCleanup);
  }
}

/**
 * Baton's `--skip-full-sync` in service mode: check the credentials, then record an empty
 * `full` sync and save it, as Baton's `SkipSync` does (`pkg/sync/syncer.go`), so the task ends
 * with a file to upload and nothing read from the tenant.
 */
export async function recordSkippedSync(
  options: Pick<SyncToFileOptions, "connector" | "file" | "tempDir" | "signal" | "logger">,
): Promise<SyncSummary> {
  const { connector } = options;
  const logger = options.logger ?? silentLogger;
  const startedAt = Date.now();
  await connector.validate({ signal: options.signal ?? new AbortController().signal, logger });
  const writer = await C1zWriter.open(options.file, options.tempDir ? { tempDir: options.tempDir } : {});
  try {
    const syncId = writer.startSync("full");
    logger.info("skipping the sync (--skip-full-sync): credentials checked, an empty sync recorded", { syncId });
    const stats = writer.endSync();
    await writer.save();
    return {
      connector: connector.name,
      file: options.file,
      syncId,
      syncType: "full",
      resumed: false,
      stats,
      expansion: { edges: 0, derivedGrants: 0, updatedGrants: 0 },
      requests: connector.requestStats?.() ?? { requests: 0, retries: 0, rateLimited: 0 },
      durationMs: Date.now() - startedAt,
    };
  } catch (error) {
    throw writer.closeAfterFailure(error, cleanupWarner(logger));
  }
}

/** Logs what a cleanup after a failure met, so it never replaces the failure itself. */
function cleanupWarner(logger: Logger): (problem: unknown) => void {
  return (problem) =>
    logger.warn("could not close the working database cleanly after the sync failed", {
      problem: problem instanceof Error ? problem.message : String(problem),
    });
}
