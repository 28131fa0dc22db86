/**
 * @module
 * Service mode: the connector as a long-running ConductorOne connector. It says Hello, then
 * asks for tasks, paced by ConductorOne's `next_poll`, and runs up to `taskConcurrency` at once,
 * taking a slot *before* it asks so it never claims a task it cannot start (baton-sdk
 * `pkg/connectorrunner/runner.go:205-301`). It stops when `signal` aborts: no more polling,
 * running tasks are cancelled and reported as Canceled, and it returns.
 */
import { IdsyncError } from "../errors/index.ts";
import { RateLimiterPool, type Sleep } from "../http/index.ts";
import { _Semaphore } from "../http/limiter.ts";
import { _sleep } from "../http/sleep.ts";
import type { Logger } from "../log/index.ts";
import { connectorMetadata } from "../model/index.ts";
import type { Task } from "../model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import type { ConnectorDefinition, ConnectorDeps } from "../sync/index.ts";
import { BatonConnection, durationMs } from "./connection.ts";
import type { ServiceCredentials } from "./credentials.ts";
import { buildInfo } from "./build-info.ts";
import { removeLeftoverTaskFolders } from "./full-sync.ts";
import { hostId, osInfo } from "./host-info.ts";
import { isTransient } from "./outcome.ts";
import { finishers, type FullSyncDefaults, type TaskContext, type TaskResult } from "./task-context.ts";
import { runTask, taskType } from "./tasks.ts";
import { TokenSource } from "./token.ts";

const MIN_POLL_MS = 1000;
const MAX_POLL_MS = 5 * 60_000;
const HELLO_FIRST_WAIT_MS = 1000;
const HELLO_MAX_WAIT_MS = 5 * 60_000;
const POLL_ERROR_MAX_WAIT_MS = 60_000;

export interface ServiceModeOptions {
  definition: ConnectorDefinition;
  /** The connector's resolved settings. */
  settings: Record<string, unknown>;
  /** Besides the logger, what each task's connector is built with (tests point fetch at simulators). */
  deps?: Partial<Omit<ConnectorDeps, "logger">>;
  credentials: ServiceCredentials;
  taskConcurrency: number;
  /** What the connector's own flags say of every `sync_full` task (Baton's `--sync-resource-types`, `--skip-full-sync`). */
  fullSyncs?: FullSyncDefaults;
  /** Where each sync's private folder goes; it must exist. */
  tempDir: string;
  logger: Logger;
  /** Aborted to stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
  env: Readonly<Record<string, string | undefined>>;
  /** Certificates to trust instead of the system's; for tests. */
  ca?: string[];
  /** How to wait; tests pass a faster one. @default setTimeout */
  sleep?: Sleep;
}

/** `next_poll`, clamped to 1 s – 5 min; Go's floor is 0, which busy-polls on a missing value. */
export function pollIntervalMs(nextPollMs: number | undefined): number {
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, nextPollMs ?? 0));
}

/** Go's wait after the nth GetTask failure in a row: n² seconds, at most a minute (runner.go:197-203). */
export function pollErrorWaitMs(failures: number): number {
  return Math.min(POLL_ERROR_MAX_WAIT_MS, failures * failures * 1000);
}

export async function runServiceMode(options: ServiceModeOptions): Promise<void> {
  const { definition, credentials, logger, signal } = options;
  const sleep = options.sleep ?? _sleep;
  const userAgent = `${credentials.clientName} idsync/${buildInfo(definition).packageVersion} baton-${definition.name}`;
  const tokens = new TokenSource({
    credentials,
    ...(options.ca ? { ca: options.ca } : {}),
    userAgent: `idsync-c1-credential-provider idsync/${buildInfo(definition).packageVersion}`,
  });
  const connection = new BatonConnection({
    apiHost: credentials.apiHost,
    tokens,
    hostId: hostId(options.env),
    userAgent,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  const limiters = new RateLimiterPool();
  const hello = async (taskId: string, helloSignal?: AbortSignal): Promise<void> => {
    await connection.hello(
      { taskId, buildInfo: buildInfo(definition), osInfo: osInfo(), connectorMetadata: connectorMetadata(definition) },
      helloSignal,
    );
  };
  const context = (taskLogger: Logger): TaskContext => ({
    connection,
    createConnector: () =>
      definition.create(options.settings as never, {
        ...options.deps,
        logger: taskLogger,
        http: { ...options.deps?.http, limiters },
      }),
    tempDir: options.tempDir,
    fullSyncs: options.fullSyncs ?? {},
    logger: taskLogger,
    sleep,
    stop: signal,
    hello: (taskId) => hello(taskId, signal),
    ...finishers(connection, taskLogger),
  });

  try {
    await removeLeftoverTaskFolders(options.tempDir, logger);
    logger.info("connecting to ConductorOne", {
      host: connection.target,
      hostId: connection.hostId,
      taskConcurrency: options.taskConcurrency,
    });
    if (!(await helloWithRetry(() => hello("", signal), { logger, sleep, signal }))) return;
    logger.info("connected to ConductorOne; waiting for tasks", { host: connection.target });
    await pollLoop({
      connection,
      logger,
      sleep,
      signal,
      slots: options.taskConcurrency,
      run: (task) => runLogged(task, context, logger),
    });
    logger.info("stopped", {});
  } finally {
    connection.close();
  }
}

/** The startup Hello, retried 1 s, 2 s, 4 s… up to 5 min apart while the failure can pass. False when stopped. */
async function helloWithRetry(
  send: () => Promise<void>,
  options: { logger: Logger; sleep: Sleep; signal: AbortSignal },
): Promise<boolean> {
  let waitMs = HELLO_FIRST_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return true;
    } catch (error) {
      if (options.signal.aborted) return false;
      if (!isTransient(error)) throw error;
      options.logger.warn("ConductorOne did not answer the Hello; trying again", {
        attempt,
        waitMs,
        error: (error as Error).message,
      });
      try {
        await options.sleep(waitMs, options.signal);
      } catch {
        return false;
      }
      waitMs = Math.min(HELLO_MAX_WAIT_MS, waitMs * 2);
    }
  }
}

async function pollLoop(options: {
  connection: BatonConnection;
  logger: Logger;
  sleep: Sleep;
  signal: AbortSignal;
  slots: number;
  run: (task: Task) => Promise<unknown>;
}): Promise<void> {
  const { connection, logger, signal } = options;
  const slots = new _Semaphore(options.slots);
  const running = new Set<Promise<unknown>>();
  let failures = 0;
  let waitMs = 0;
  try {
    while (!signal.aborted) {
      await options.sleep(waitMs, signal);
      const release = await slots.acquire(signal);
      let task: Task | undefined;
      try {
        const answer = await connection.getTask(signal);
        failures = 0;
        waitMs = pollIntervalMs(durationMs(answer.nextPoll));
        task = answer.task;
      } catch (error) {
        release();
        if (signal.aborted) break;
        failures++;
        waitMs = pollErrorWaitMs(failures);
        logger.warn("asking ConductorOne for a task failed", { failures, waitMs, error: (error as Error).message });
        continue;
      }
      if (!task || task.taskType.case === "none" || (task.id === "" && task.taskType.case === undefined)) {
        release();
        continue;
      }
      const work = options.run(task).finally(() => {
        release();
        running.delete(work);
      });
      running.add(work);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  // Stopping: each running task sees the signal, reports itself cancelled and ends.
  await Promise.allSettled([...running]);
}

async function runLogged(
  task: Task,
  context: (logger: Logger) => TaskContext,
  logger: Logger,
): Promise<TaskResult | undefined> {
  const type = taskType(task);
  const taskLogger = logger.child({ taskId: task.id, taskType: type });
  const startedAt = Date.now();
  taskLogger.info("task started", {});
  try {
    const result = await runTask(context(taskLogger), task);
    taskLogger.info("task finished", {
      outcome: result.outcome,
      ...(result.failure
        ? { code: result.failure.code, error: result.failure.message, nonRetryable: result.failure.nonRetryable }
        : {}),
      ...(result.reported === false ? { reported: false } : {}),
      ...(result.counts
        ? { resources: result.counts.resources, entitlements: result.counts.entitlements, grants: result.counts.grants }
        : {}),
      ...(result.syncId ? { syncId: result.syncId } : {}),
      durationMs: Date.now() - startedAt,
    });
    return result;
  } catch (error) {
    // A handler that could not even report (a failed Hello for a hello task): log it, keep serving.
    taskLogger.error("task failed", {
      error: error instanceof IdsyncError || error instanceof Error ? error.message : String(error),
      durationMs: Date.now() - startedAt,
    });
    return undefined;
  }
}
