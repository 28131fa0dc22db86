/**
 * @module
 * A full-sync task's heartbeats: the first one before any work, then one every
 * `next_heartbeat` (0 or absent means 30 s; else clamped to 1 s – 5 min) until the task ends.
 * ConductorOne answering `cancelled`, or 9 failed heartbeats in a row, cancel the task, as in
 * baton-sdk (`pkg/tasks/c1api/task_helpers.go:67-151`, `manager.go:35-44,88-99`).
 */
import { IdsyncError } from "../errors/index.ts";
import type { Sleep } from "../http/index.ts";
import type { Logger } from "../log/index.ts";
import { durationMs, type BatonConnection } from "./connection.ts";

const DEFAULT_INTERVAL_MS = 30_000;
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 5 * 60_000;
/** Go stops at its tenth count, which it reaches after nine failures in a row. */
export const MAX_FAILED_HEARTBEATS = 9;

/** Why a task stopped on ConductorOne's word or for lack of contact: FinishTask reports code 1, Canceled. */
export class TaskCancelledError extends IdsyncError {
  constructor(message: string) {
    super("interrupted", message);
    this.name = "TaskCancelledError";
  }
}

export function heartbeatIntervalMs(nextHeartbeatMs: number | undefined): number {
  if (!nextHeartbeatMs) return DEFAULT_INTERVAL_MS;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, nextHeartbeatMs));
}

export interface Heartbeats {
  /** Ends the loop; resolves when no heartbeat is in flight. */
  stop(): Promise<void>;
}

/**
 * Sends the first heartbeat and, when it succeeds and ConductorOne wants the work, starts the
 * periodic ones. `cancel` is called once if the task must stop.
 */
export async function startHeartbeats(options: {
  connection: BatonConnection;
  taskId: string;
  logger: Logger;
  sleep: Sleep;
  /** Stops the loop when aborted (the process is stopping). */
  signal: AbortSignal;
  cancel: (reason: TaskCancelledError) => void;
}): Promise<Heartbeats> {
  const { connection, taskId, logger } = options;
  const first = await connection.heartbeat(taskId, options.signal);
  if (first.cancelled) throw new TaskCancelledError("ConductorOne cancelled the task before it started");
  const loop = new AbortController();
  const signal = AbortSignal.any([options.signal, loop.signal]);
  let interval = heartbeatIntervalMs(durationMs(first.nextHeartbeat));
  const running = (async () => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await options.sleep(interval, signal);
      } catch {
        return;
      }
      try {
        const answer = await connection.heartbeat(taskId, signal);
        failures = 0;
        interval = heartbeatIntervalMs(durationMs(answer.nextHeartbeat));
        if (answer.cancelled) {
          options.cancel(new TaskCancelledError("ConductorOne cancelled the task"));
          return;
        }
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        logger.warn("heartbeat failed", {
          taskId,
          failures,
          maxFailures: MAX_FAILED_HEARTBEATS,
          error: (error as Error).message,
        });
        if (failures >= MAX_FAILED_HEARTBEATS) {
          options.cancel(new TaskCancelledError(`${failures} heartbeats in a row failed; stopping the task`));
          return;
        }
      }
    }
  })();
  return {
    async stop() {
      loop.abort();
      await running;
    },
  };
}
