/**
 * @module
 * `GET /metrics`: the scheduler's state in Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). Written by hand: the format
 * is a few lines of text, not worth a dependency.
 *
 * A value that does not exist yet (no successful sync, no run) has no sample, rather than a 0
 * that an alert would read as "1970".
 */
import type { JobState } from "./scheduler.ts";
import type { AcrossApps } from "./status.ts";

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

type Labels = Readonly<Record<string, string>>;

interface Family {
  name: string;
  type: "gauge" | "counter";
  help: string;
  samples: { labels: Labels; value: number }[];
}

/** A label value with `\`, `"` and line feeds escaped, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function renderFamily(family: Family): string {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of family.samples) {
    const labels = Object.entries(sample.labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
    lines.push(`${family.name}${labels.length > 0 ? `{${labels.join(",")}}` : ""} ${formatValue(sample.value)}`);
  }
  return lines.join("\n");
}

const seconds = (ms: number): number => ms / 1000;

/** Every metric, one family after the other, ending with a line feed. */
export function renderMetrics(states: readonly JobState[], acrossApps?: AcrossApps): string {
  const family = (name: string, type: Family["type"], help: string): Family => ({ name, type, help, samples: [] });
  const running = family("idsync_sync_running", "gauge", "1 while the connector's sync runs, else 0.");
  const runs = family(
    "idsync_sync_runs_total",
    "counter",
    "Sync runs finished since the process started, by outcome (ok or failed).",
  );
  const lastSuccess = family(
    "idsync_sync_last_success_timestamp_seconds",
    "gauge",
    "Unix time the connector's last successful sync ended.",
  );
  const lastDuration = family(
    "idsync_sync_last_duration_seconds",
    "gauge",
    "How long the connector's last sync run took, whatever its outcome.",
  );
  const failures = family(
    "idsync_sync_consecutive_failures",
    "gauge",
    "Sync runs failed in a row since the last success (0 after a success).",
  );
  const nextRun = family(
    "idsync_sync_next_run_timestamp_seconds",
    "gauge",
    "Unix time the connector's next sync run is due.",
  );
  const resources = family(
    "idsync_resources",
    "gauge",
    "Resources per resource type in the connector's last successful sync.",
  );
  const entitlements = family("idsync_entitlements", "gauge", "Entitlements in the connector's last successful sync.");
  const grants = family("idsync_grants", "gauge", "Grants in the connector's last successful sync.");
  const findings = {
    admins: family("idsync_review_admins", "gauge", "Users holding an admin role in the last successful sync."),
    pendingInvites: family("idsync_review_pending_invites", "gauge", "Pending invites in the last successful sync."),
    dormant: family(
      "idsync_review_dormant",
      "gauge",
      "Enabled accounts unused for staleDays before the last successful sync (only where the app records logins).",
    ),
    inactiveWithAccess: family(
      "idsync_review_inactive_with_access",
      "gauge",
      "Disabled or deleted users still holding access in the last successful sync.",
    ),
    adminsAdded: family(
      "idsync_review_admins_added",
      "gauge",
      "Admins in the last successful sync who were not in the previous one.",
    ),
    adminsRemoved: family(
      "idsync_review_admins_removed",
      "gauge",
      "Admins of the previous sync who are not admins in the last successful one.",
    ),
  };

  for (const state of states) {
    const connector = { connector: state.job.name };
    running.samples.push({ labels: connector, value: state.running ? 1 : 0 });
    runs.samples.push({ labels: { ...connector, outcome: "ok" }, value: state.runs.ok });
    runs.samples.push({ labels: { ...connector, outcome: "failed" }, value: state.runs.failed });
    failures.samples.push({ labels: connector, value: state.consecutiveFailures });
    if (state.lastSuccess) lastSuccess.samples.push({ labels: connector, value: seconds(state.lastSuccess.endedAt) });
    if (state.lastRun)
      lastDuration.samples.push({ labels: connector, value: seconds(state.lastRun.endedAt - state.lastRun.startedAt) });
    if (state.nextRunAt !== undefined) nextRun.samples.push({ labels: connector, value: seconds(state.nextRunAt) });
    const stats = state.lastSuccess?.summary?.stats;
    if (stats) {
      for (const [type, count] of Object.entries(stats.resourcesByType)) {
        resources.samples.push({ labels: { ...connector, resource_type: type }, value: count });
      }
      entitlements.samples.push({ labels: connector, value: stats.entitlements });
      grants.samples.push({ labels: connector, value: stats.grants });
    }
    const review = state.lastSuccess?.summary?.review;
    for (const [key, metric] of Object.entries(findings) as Array<[keyof typeof findings, Family]>) {
      const value = review?.[key];
      if (typeof value === "number") metric.samples.push({ labels: connector, value });
    }
  }
  const gaps = family(
    "idsync_review_offboarding_gaps",
    "gauge",
    "People (by email) disabled or deleted in one connector's latest sync and enabled in another's.",
  );
  if (acrossApps) gaps.samples.push({ labels: {}, value: acrossApps.offboardingGaps.length });
  const families = [
    running,
    runs,
    lastSuccess,
    lastDuration,
    failures,
    nextRun,
    resources,
    entitlements,
    grants,
    ...Object.values(findings),
    gaps,
  ];
  return `${families.map(renderFamily).join("\n")}\n`;
}
