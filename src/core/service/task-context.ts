/**
 * @module
 * What a task handler is given, and how it reports the end of a task. Every task but a hello
 * ends with exactly one FinishTask: success, or an error with its code and whether to retry.
 */
import type { Code } from "@connectrpc/connect";
import type { Sleep } from "../http/index.ts";
import type { Logger } from "../log/index.ts";
import type { Connector } from "../sync/index.ts";
import type { BatonConnection } from "./connection.ts";
import { taskFailure, type TaskFailure } from "./outcome.ts";

export type TaskOutcome = "success" | "error" | "cancelled" | "answered";

export interface TaskResult {
  outcome: TaskOutcome;
  /** False when the FinishTask call failed. */
  reported?: boolean;
  /** The failure reported, for the task's log line. */
  failure?: TaskFailure;
  counts?: { resources: number; entitlements: number; grants: number };
  syncId?: string;
}

/**
 * The connector's own say over `sync_full` tasks, from Baton's flags (`pkg/tasks/c1api/full_sync.go`
 * reads both for every task).
 */
export interface FullSyncDefaults {
  /** `--sync-resource-types`: the types to sync when the task names none (the task's own list wins). */
  readonly resourceTypeIds?: readonly string[];
  /** `--skip-full-sync`: check the credentials and upload an empty sync, as Baton's `SkipSync` does. */
  readonly skip?: boolean;
}

export interface TaskContext {
  connection: BatonConnection;
  /** A fresh connector, with the task's logger, sharing the process's rate limiters. */
  createConnector(): Connector;
  /** Where each sync's private folder is made. */
  tempDir: string;
  fullSyncs: FullSyncDefaults;
  logger: Logger;
  sleep: Sleep;
  /** Aborted when the process is stopping. */
  stop: AbortSignal;
  /** Says Hello again, for a hello task. */
  hello(taskId: string): Promise<void>;
  /** Reports success; false when the report itself failed (logged; not retried, as in Go). */
  finishWithSuccess(taskId: string, response?: { typeUrl: string }): Promise<boolean>;
  /** Reports `error` (its code and retryability from its kind, unless overridden) and returns the result to log. */
  finishWithError(
    taskId: string,
    error: unknown,
    override?: { code?: Code | number; nonRetryable?: boolean },
  ): Promise<TaskResult>;
}

/** The FinishTask calls of a context, built on a connection. */
export function finishers(
  connection: BatonConnection,
  logger: Logger,
): Pick<TaskContext, "finishWithSuccess" | "finishWithError"> {
  return {
    async finishWithSuccess(taskId, response) {
      try {
        await connection.finishTask({
          taskId,
          finalState: {
            case: "success",
            value: response ? { response: { typeUrl: response.typeUrl, value: new Uint8Array() } } : {},
          },
        });
        return true;
      } catch (error) {
        logger.error("could not report the task's success to ConductorOne", {
          taskId,
          error: (error as Error).message,
        });
        return false;
      }
    },
    async finishWithError(taskId, error, override) {
      const failure: TaskFailure = {
        ...taskFailure(error),
        ...(override?.code !== undefined ? { code: override.code as Code } : {}),
        ...(override?.nonRetryable !== undefined ? { nonRetryable: override.nonRetryable } : {}),
      };
      let reported = true;
      try {
        await connection.finishTask({
          taskId,
          status: { code: failure.code, message: failure.message },
          finalState: { case: "error", value: { nonRetryable: failure.nonRetryable } },
        });
      } catch (finishError) {
        // Not retried, as in Go: ConductorOne times the task out.
        logger.error("could not report the task's failure to ConductorOne", {
          taskId,
          error: (finishError as Error).message,
        });
        reported = false;
      }
      return { outcome: failure.code === 1 ? "cancelled" : "error", failure, reported };
    },
  };
}
