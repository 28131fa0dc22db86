/**
 * @module
 * A `sync_full` task: heartbeat, sync into a c1z of its own, upload it, finish. The sync is the
 * one one-shot mode runs (`syncToFile`), into a private folder under the temp dir that is
 * always removed, whatever happens; nothing is resumed across tasks, as in Go
 * (`pkg/tasks/c1api/full_sync.go:285-370`).
 *
 * Unlike Go, a failed or cancelled first heartbeat still gets a FinishTask, so ConductorOne is
 * told rather than left to time the task out.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { IdsyncError } from "../errors/index.ts";
import { processIsAlive } from "../files/index.ts";
import type { Logger } from "../log/index.ts";
import type { Task_SyncFullTask } from "../model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import type { SyncScope } from "../sync/index.ts";
import { recordSkippedSync, syncToFile, type SyncSummary } from "../sync/run.ts";
import { startHeartbeats, TaskCancelledError, type Heartbeats } from "./heartbeats.ts";
import type { FullSyncDefaults, TaskContext, TaskResult } from "./task-context.ts";
import { uploadC1z } from "./upload.ts";

/** A task's folder names the process that made it, so a later process can tell a leftover from a sibling's. */
const TASK_FOLDER = /^idsync-task-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Removes the task folders a killed connector left behind: those of a process that is gone, or
 * that had this process's pid (a restarted container is pid 1 again). Another connector's
 * folders in a shared temp dir are left alone.
 */
export async function removeLeftoverTaskFolders(tempDir: string, logger: Logger): Promise<void> {
  for (const name of await readdir(tempDir).catch(() => [] as string[])) {
    const pid = Number(TASK_FOLDER.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || (pid !== process.pid && processIsAlive(pid))) continue;
    await rm(join(tempDir, name), { recursive: true, force: true });
    logger.info("removed a task folder a stopped connector left", { folder: join(tempDir, name) });
  }
}

/** The task's scope; its resource types, else the connector's `--sync-resource-types` (`full_sync.go` does the same). */
function scopeOf(task: Task_SyncFullTask, defaults: FullSyncDefaults): SyncScope {
  const resourceTypeIds =
    task.syncResourceTypeIds.length > 0 ? task.syncResourceTypeIds : (defaults.resourceTypeIds ?? []);
  return {
    ...(resourceTypeIds.length > 0 ? { resourceTypeIds } : {}),
    ...(task.skipEntitlementsAndGrants ? { resourcesOnly: true } : {}),
    ...(task.skipGrants ? { skipGrants: true } : {}),
    ...(task.skipExpandGrants ? { skipExpansion: true } : {}),
  };
}

export async function runFullSync(ctx: TaskContext, taskId: string, task: Task_SyncFullTask): Promise<TaskResult> {
  if (task.targetedSyncResources.length > 0) {
    // Not advertised (no TARGETED_SYNC capability), so ConductorOne should not ask.
    return ctx.finishWithError(
      taskId,
      new IdsyncError("fatal", "targeted syncs are not supported by this connector", {
        hint: "run a whole sync instead",
      }),
      {
        code: 12,
        nonRetryable: true,
      },
    );
  }
  if (task.storageEngine === "pebble")
    ctx.logger.debug("the task asks for a Pebble (c1z v3) file; idsync writes c1z v1 (SQLite)", { taskId });

  const cancel = new AbortController();
  const signal = AbortSignal.any([ctx.stop, cancel.signal]);
  let heartbeats: Heartbeats | undefined;
  let folder: string | undefined;
  try {
    heartbeats = await startHeartbeats({
      connection: ctx.connection,
      taskId,
      logger: ctx.logger,
      sleep: ctx.sleep,
      signal,
      cancel: (reason) => cancel.abort(reason),
    });
    folder = await mkdtemp(join(ctx.tempDir, `idsync-task-${process.pid}-`));
    const target = {
      connector: ctx.createConnector(),
      file: join(folder, "sync.c1z"),
      tempDir: folder,
      signal,
      logger: ctx.logger,
    };
    const summary: SyncSummary = ctx.fullSyncs.skip
      ? await recordSkippedSync(target)
      : await syncToFile({ ...target, scope: scopeOf(task, ctx.fullSyncs) });
    await uploadC1z({
      connection: ctx.connection,
      taskId,
      path: summary.file,
      logger: ctx.logger,
      sleep: ctx.sleep,
      signal,
    });
    await heartbeats.stop();
    heartbeats = undefined;
    const reported = await ctx.finishWithSuccess(taskId);
    return { outcome: "success", reported, counts: summary.stats, syncId: summary.syncId };
  } catch (error) {
    await heartbeats?.stop();
    // Whatever the sync or upload threw on the way out, the cause of a cancel is the cancel.
    const reason = cancel.signal.aborted
      ? cancel.signal.reason
      : ctx.stop.aborted
        ? new TaskCancelledError("the connector is stopping")
        : error;
    return ctx.finishWithError(taskId, reason);
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
