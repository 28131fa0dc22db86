/**
 * @module
 * The scheduler behind `idsync serve`: each connector syncs at start, then `every` after its
 * previous run *ended*, so one connector never overlaps itself however long a sync takes, and
 * a slow API stretches the schedule instead of stacking runs. Different connectors run side by
 * side up to `concurrency`; a connector that comes due while every slot is busy waits its turn,
 * in the order they came due.
 *
 * A failed run is retried at the next interval, or sooner when the failure is one that waiting
 * can fix (the API unavailable, rate limited or timing out): after 1 minute, then 2, 4, 8…,
 * never later than `every`. A refused key or a missing permission waits the whole interval:
 * asking again every minute would only fill the API's audit log with the same 401.
 *
 * The scheduler knows nothing of HTTP or c1z files: it calls `runSync` and keeps what happened,
 * which the status page and the metrics read.
 */
import { isIdsyncError, redact, type Logger, type SyncSummary } from "../../core/index.ts";
import type { ReviewCounts } from "../../review/index.ts";
import type { Clock, Timer } from "./clock.ts";
import type { ServeJob } from "./config.ts";

/** The first early retry after a transient failure; doubled for each failure in a row. */
export const RETRY_FIRST_MS = 60_000;

/** Failures that can go away by themselves (the same set the HTTP client retries). */
const TRANSIENT_KINDS = new Set(["unavailable", "rate-limited", "timeout"]);

/** `internal` is an error idsync did not classify: a bug, reported as such. */
export type FailureKind = string;

export interface RunRecord {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: "ok" | "failed";
  /** Set when the run failed; message and hint redacted. */
  readonly error?: { readonly kind: FailureKind; readonly message: string; readonly hint?: string };
  /** Set when the run succeeded. */
  readonly summary?: RunResult;
  /** The error itself, for the exit code of `--once`; never printed as is. */
  readonly cause?: unknown;
}

/** What one connector is doing and has done; read by the status page and the metrics. */
export interface JobState {
  readonly job: ServeJob;
  readonly running: boolean;
  /** Start of the run in progress. */
  readonly runningSince: number | undefined;
  readonly lastRun: RunRecord | undefined;
  readonly lastSuccess: RunRecord | undefined;
  /** When the next run starts (or started waiting for a slot); undefined while running or stopped. */
  readonly nextRunAt: number | undefined;
  readonly runs: { readonly ok: number; readonly failed: number };
  readonly consecutiveFailures: number;
}

/** What a successful run gives: the sync's summary and, when the file could be reviewed, its findings. */
export type RunResult = SyncSummary & { readonly review?: ReviewCounts };

/** One sync of `job`. Aborting `signal` must make it checkpoint and stop. */
export type RunSync = (job: ServeJob, signal: AbortSignal, logger: Logger) => Promise<RunResult>;

export interface SchedulerOptions {
  jobs: readonly ServeJob[];
  /** Connectors syncing at once. */
  concurrency: number;
  runSync: RunSync;
  clock: Clock;
  logger: Logger;
  /** Run each connector once, then stop scheduling (`idsync serve --once`). @default false */
  once?: boolean;
}

interface _Slot {
  job: ServeJob;
  logger: Logger;
  running: boolean;
  runningSince: number | undefined;
  lastRun: RunRecord | undefined;
  lastSuccess: RunRecord | undefined;
  nextRunAt: number | undefined;
  runs: { ok: number; failed: number };
  consecutiveFailures: number;
  timer: Timer | undefined;
  queued: boolean;
}

export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #slots: _Slot[];
  readonly #queue: _Slot[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #aborter = new AbortController();
  #started = false;
  #stopped = false;
  #onSettled: (() => void) | undefined;
  readonly #settled: Promise<void>;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#slots = options.jobs.map((job) => ({
      job,
      logger: options.logger.child({ connector: job.name }),
      running: false,
      runningSince: undefined,
      lastRun: undefined,
      lastSuccess: undefined,
      nextRunAt: undefined,
      runs: { ok: 0, failed: 0 },
      consecutiveFailures: 0,
      timer: undefined,
      queued: false,
    }));
    this.#settled = new Promise((resolve) => (this.#onSettled = resolve));
  }

  /** Queues every connector for a run now. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const slot of this.#slots) this.#enqueue(slot);
  }

  /**
   * Resolves once nothing is left to do: with `once`, when every connector has run; otherwise
   * after {@link stop}.
   */
  settled(): Promise<void> {
    return this.#settled;
  }

  /**
   * Stops scheduling, aborts the running syncs with `reason` (they checkpoint and stop) and
   * resolves once they have ended.
   */
  async stop(reason?: unknown): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      for (const slot of this.#slots) {
        slot.timer?.cancel();
        slot.timer = undefined;
        slot.nextRunAt = undefined;
        slot.queued = false;
      }
      this.#queue.length = 0;
      this.#aborter.abort(reason);
    }
    await Promise.all(this.#inFlight);
    this.#onSettled?.();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** A snapshot of every connector, in config order. */
  states(): JobState[] {
    return this.#slots.map((slot) => ({
      job: slot.job,
      running: slot.running,
      runningSince: slot.runningSince,
      lastRun: slot.lastRun,
      lastSuccess: slot.lastSuccess,
      nextRunAt: slot.nextRunAt,
      runs: { ...slot.runs },
      consecutiveFailures: slot.consecutiveFailures,
    }));
  }

  #enqueue(slot: _Slot): void {
    if (this.#stopped || slot.queued || slot.running) return;
    slot.queued = true;
    slot.nextRunAt ??= this.#options.clock.now();
    this.#queue.push(slot);
    this.#pump();
  }

  #pump(): void {
    while (!this.#stopped && this.#queue.length > 0 && this.#inFlight.size < this.#options.concurrency) {
      const slot = this.#queue.shift()!;
      slot.queued = false;
      const run = this.#run(slot).finally(() => {
        this.#inFlight.delete(run);
        this.#pump();
        this.#checkOnceDone();
      });
      this.#inFlight.add(run);
    }
  }

  #checkOnceDone(): void {
    if (this.#options.once !== true || this.#inFlight.size > 0 || this.#queue.length > 0) return;
    if (this.#slots.every((slot) => slot.lastRun !== undefined)) this.#onSettled?.();
  }

  async #run(slot: _Slot): Promise<void> {
    const { clock } = this.#options;
    const startedAt = clock.now();
    slot.running = true;
    slot.runningSince = startedAt;
    slot.nextRunAt = undefined;
    slot.logger.info("sync run started", { file: slot.job.file });
    let record: RunRecord;
    try {
      const summary = await this.#options.runSync(slot.job, this.#aborter.signal, slot.logger);
      record = { startedAt, endedAt: clock.now(), outcome: "ok", summary };
      slot.runs.ok++;
      slot.consecutiveFailures = 0;
      slot.lastSuccess = record;
    } catch (error) {
      const kind = isIdsyncError(error) ? error.kind : "internal";
      const message = redact(error instanceof Error ? error.message : String(error));
      const hint = isIdsyncError(error) && error.hint ? redact(error.hint) : undefined;
      record = {
        startedAt,
        endedAt: clock.now(),
        outcome: "failed",
        error: { kind, message, ...(hint ? { hint } : {}) },
        cause: error,
      };
      slot.runs.failed++;
      slot.consecutiveFailures++;
    }
    slot.running = false;
    slot.runningSince = undefined;
    slot.lastRun = record;
    if (!this.#stopped && this.#options.once !== true) this.#schedule(slot, record);
    this.#logEnd(slot, record);
  }

  #schedule(slot: _Slot, record: RunRecord): void {
    const delay = nextDelayMs(slot.job.everyMs, record, slot.consecutiveFailures);
    slot.nextRunAt = record.endedAt + delay;
    slot.timer = this.#options.clock.setTimer(() => {
      slot.timer = undefined;
      this.#enqueue(slot);
    }, delay);
  }

  #logEnd(slot: _Slot, record: RunRecord): void {
    const durationSeconds = (record.endedAt - record.startedAt) / 1000;
    const next = slot.nextRunAt === undefined ? {} : { nextRunAt: new Date(slot.nextRunAt).toISOString() };
    if (record.summary) {
      const { stats, syncId, resumed } = record.summary;
      slot.logger.info("sync run finished", {
        outcome: "ok",
        durationSeconds,
        syncId,
        resumed,
        resources: stats.resources,
        entitlements: stats.entitlements,
        grants: stats.grants,
        file: slot.job.file,
        ...next,
      });
    } else if (record.error?.kind === "interrupted") {
      slot.logger.info("sync run interrupted; the next run syncs again", {
        outcome: "failed",
        kind: "interrupted",
        durationSeconds,
      });
    } else {
      slot.logger.error("sync run failed", {
        outcome: "failed",
        kind: record.error?.kind,
        error: record.error?.message,
        ...(record.error?.hint ? { hint: record.error.hint } : {}),
        durationSeconds,
        ...next,
      });
    }
  }
}

/**
 * How long after a run ended the next one starts: `every`, or for a transient failure
 * 1, 2, 4… minutes (the n-th failure in a row waits 2^(n-1) minutes), capped at `every`.
 */
export function nextDelayMs(everyMs: number, record: RunRecord, consecutiveFailures: number): number {
  if (record.outcome === "ok" || !TRANSIENT_KINDS.has(record.error?.kind ?? "")) return everyMs;
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
  return Math.min(everyMs, RETRY_FIRST_MS * 2 ** exponent);
}
