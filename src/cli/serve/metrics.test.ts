/**
 * The Prometheus text: HELP and TYPE before each family, one well-formed sample per line, label
 * values escaped, and no sample for what has not happened yet.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findConnector } from "../../connectors/index.ts";
import type { SyncSummary } from "../../core/index.ts";
import type { ServeJob } from "./config.ts";
import { escapeLabelValue, renderMetrics } from "./metrics.ts";
import type { JobState, RunRecord } from "./scheduler.ts";
import { parseMetrics } from "./_test-support.ts";

function state(name: string, overrides: Partial<JobState> = {}): JobState {
  const job: ServeJob = {
    definition: findConnector("clockify")!,
    name,
    file: `/d/${name}.c1z`,
    every: "1h",
    everyMs: 3_600_000,
    settings: {} as ServeJob["settings"],
  };
  return {
    job,
    running: false,
    runningSince: undefined,
    lastRun: undefined,
    lastSuccess: undefined,
    nextRunAt: undefined,
    runs: { ok: 0, failed: 0 },
    consecutiveFailures: 0,
    ...overrides,
  };
}

describe("serve metrics", () => {
  test("label values escape backslash, double quote and line feed", () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    const text = renderMetrics([state('we"ird\\name\n')]);
    assert.ok(text.includes('idsync_sync_running{connector="we\\"ird\\\\name\\n"} 0'), text);
    parseMetrics(text);
  });

  test("before any run: counters at 0, no timestamps, no resource counts", () => {
    const samples = parseMetrics(renderMetrics([state("clockify", { running: true, runningSince: 1 })]));
    assert.equal(samples.get('idsync_sync_running{connector="clockify"}'), 1);
    assert.equal(samples.get('idsync_sync_runs_total{connector="clockify",outcome="ok"}'), 0);
    assert.equal(samples.get('idsync_sync_runs_total{connector="clockify",outcome="failed"}'), 0);
    assert.ok(
      ![...samples.keys()].some((key) => /last_success|last_duration|idsync_resources|idsync_grants/.test(key)),
    );
  });

  test("after a success then a failure: success time, last duration, counts from the good sync", () => {
    const stats = {
      resourceTypes: 2,
      resources: 5,
      entitlements: 3,
      grants: 7,
      assets: 0,
      resourcesByType: { role: 2, user: 3 },
      entitlementsByType: {},
      grantsByType: {},
    };
    const good: RunRecord = {
      startedAt: 1_700_000_000_000,
      endedAt: 1_700_000_001_500,
      outcome: "ok",
      summary: { stats } as unknown as SyncSummary,
    };
    const bad: RunRecord = {
      startedAt: 1_700_000_100_000,
      endedAt: 1_700_000_100_250,
      outcome: "failed",
      error: { kind: "unavailable", message: "503" },
    };
    const samples = parseMetrics(
      renderMetrics([
        state("env0", {
          lastRun: bad,
          lastSuccess: good,
          runs: { ok: 1, failed: 1 },
          consecutiveFailures: 1,
          nextRunAt: 1_700_000_160_250,
        }),
      ]),
    );
    assert.equal(samples.get('idsync_sync_last_success_timestamp_seconds{connector="env0"}'), 1_700_000_001.5);
    assert.equal(samples.get('idsync_sync_last_duration_seconds{connector="env0"}'), 0.25);
    assert.equal(samples.get('idsync_sync_runs_total{connector="env0",outcome="failed"}'), 1);
    assert.equal(samples.get('idsync_sync_consecutive_failures{connector="env0"}'), 1);
    assert.equal(samples.get('idsync_sync_next_run_timestamp_seconds{connector="env0"}'), 1_700_000_160.25);
    assert.equal(samples.get('idsync_resources{connector="env0",resource_type="user"}'), 3);
    assert.equal(samples.get('idsync_resources{connector="env0",resource_type="role"}'), 2);
    assert.equal(samples.get('idsync_entitlements{connector="env0"}'), 3);
    assert.equal(samples.get('idsync_grants{connector="env0"}'), 7);
  });
});
