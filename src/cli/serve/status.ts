/**
 * @module
 * The JSON of `GET /status` and `GET /readyz`, documented in docs/json-output.md: keys in a
 * fixed order, every key always present (`null` when unknown), times ISO 8601 in UTC.
 */
import type { JobState, RunRecord } from "./scheduler.ts";

/** The offboarding gaps across the connectors' latest files, as `idsync review` finds them. */
export interface AcrossApps {
  /** When the check ended (epoch ms): after the latest successful run. */
  readonly checkedAt: number;
  /** The connectors whose files were read. */
  readonly connectors: readonly string[];
  /** Emails disabled or deleted in one app and enabled in another. */
  readonly offboardingGaps: readonly string[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function runJson(run: RunRecord | undefined): Record<string, unknown> | null {
  if (!run) return null;
  const stats = run.summary?.stats;
  return {
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    durationSeconds: (run.endedAt - run.startedAt) / 1000,
    outcome: run.outcome,
    error: run.error ? { kind: run.error.kind, message: run.error.message, hint: run.error.hint ?? null } : null,
    syncId: run.summary?.syncId ?? null,
    resumed: run.summary?.resumed ?? null,
    counts: stats
      ? {
          resourceTypes: stats.resourceTypes,
          resources: stats.resources,
          entitlements: stats.entitlements,
          grants: stats.grants,
          resourcesByType: { ...stats.resourcesByType },
        }
      : null,
    review: run.summary?.review ? { ...run.summary.review } : null,
  };
}

/** The connectors that have not synced successfully yet, in config order. */
export function notYetSynced(states: readonly JobState[]): string[] {
  return states.filter((state) => state.lastSuccess === undefined).map((state) => state.job.name);
}

export function statusJson(
  states: readonly JobState[],
  startedAt: number,
  now: number,
  acrossApps?: AcrossApps,
): Record<string, unknown> {
  return {
    startedAt: iso(startedAt),
    now: iso(now),
    ready: notYetSynced(states).length === 0,
    connectors: states.map((state) => ({
      name: state.job.name,
      file: state.job.file,
      every: state.job.every,
      everySeconds: state.job.everyMs / 1000,
      state: state.running ? "running" : "idle",
      runningSince: iso(state.runningSince),
      lastRun: runJson(state.lastRun),
      lastSuccessAt: iso(state.lastSuccess?.endedAt),
      nextRunAt: iso(state.nextRunAt),
      runs: { ok: state.runs.ok, failed: state.runs.failed },
      consecutiveFailures: state.consecutiveFailures,
    })),
    acrossApps: acrossApps
      ? {
          checkedAt: iso(acrossApps.checkedAt),
          connectors: [...acrossApps.connectors],
          offboardingGaps: [...acrossApps.offboardingGaps],
        }
      : null,
  };
}

/** `/readyz`: ready once every connector has synced successfully at least once. */
export function readinessJson(
  states: readonly JobState[],
  stopping: boolean,
): { ready: boolean; body: Record<string, unknown> } {
  if (stopping) return { ready: false, body: { ready: false, reason: "shutting down", waitingFor: [] } };
  const waiting = notYetSynced(states);
  if (waiting.length === 0) return { ready: true, body: { ready: true, reason: null, waitingFor: [] } };
  return {
    ready: false,
    body: { ready: false, reason: `no successful sync yet for ${waiting.join(", ")}`, waitingFor: waiting },
  };
}
