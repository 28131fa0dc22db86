/**
 * @module
 * What a command prints when it ends: the one summary line of a sync (text, or under
 * `--log-format json` one JSON object, also when the sync failed), and the one line (plus a
 * hint) of an error. All pass through redaction, whatever produced them.
 */
import { resolve } from "node:path";
import { countOf, exitCodeFor, isIdsyncError, redact, type SyncSummary } from "../core/index.ts";
import type { OutputStream } from "./io.ts";

export function summaryLine(summary: SyncSummary): string {
  const { stats, expansion, requests } = summary;
  const byType = Object.entries(stats.resourcesByType)
    .map(([type, count]) => countOf(count, type))
    .join(", ");
  const derived =
    expansion.derivedGrants > 0 ? ` (${expansion.derivedGrants.toLocaleString("en-US")} through expansion)` : "";
  const seconds = (summary.durationMs / 1000).toFixed(1);
  return redact(
    `${summary.connector}: synced ${byType}; ${countOf(stats.entitlements, "entitlement")}, ` +
      `${countOf(stats.grants, "grant")}${derived} into ${summary.file}${summary.syncType === "full" ? "" : ` as a ${summary.syncType.replace("_", "-")} sync`} in ${seconds}s ` +
      `(${countOf(requests.requests, "request")}, ${countOf(requests.retries, "retry", "retries")}` +
      `${summary.resumed ? ", resumed" : ""})`,
  );
}

/**
 * The summary of a sync as one JSON line, for `--log-format json` (shape in
 * docs/json-output.md): counts per resource type (resources, entitlements, and grants by the
 * type of the resource granted on), totals, the duration in milliseconds, the file's absolute
 * path and the exit status. A failed sync has the same keys, counts `null` and an `error`.
 */
export function summaryJson(summary: SyncSummary): string {
  const { stats, expansion, requests } = summary;
  return redact(
    JSON.stringify({
      msg: "sync finished",
      connector: summary.connector,
      status: "ok",
      exitCode: 0,
      file: resolve(summary.file),
      durationMs: summary.durationMs,
      syncId: summary.syncId,
      resumed: summary.resumed,
      resources: stats.resourcesByType,
      entitlements: stats.entitlementsByType,
      grants: stats.grantsByType,
      totals: {
        resources: stats.resources,
        entitlements: stats.entitlements,
        grants: stats.grants,
        derivedGrants: expansion.derivedGrants,
      },
      requests: { requests: requests.requests, retries: requests.retries, rateLimited: requests.rateLimited },
      error: null,
    }),
  );
}

/** {@link summaryJson} for a sync that failed or was interrupted. */
export function failureJson(connector: string, file: string, durationMs: number, error: unknown): string {
  const interrupted = isIdsyncError(error) && error.kind === "interrupted";
  const described = isIdsyncError(error)
    ? { kind: error.kind, message: error.message, hint: error.hint ?? null }
    : { kind: "internal", message: error instanceof Error ? error.message : String(error), hint: null };
  return redact(
    JSON.stringify({
      msg: interrupted ? "sync interrupted" : "sync failed",
      connector,
      status: interrupted ? "interrupted" : "failed",
      exitCode: exitCodeFor(error),
      file: resolve(file),
      durationMs,
      syncId: null,
      resumed: null,
      resources: null,
      entitlements: null,
      grants: null,
      totals: null,
      requests: null,
      error: described,
    }),
  );
}

/** Prints an error as one line, a hint on the next when there is one, and nothing else. */
export function printError(stream: OutputStream, error: unknown): void {
  if (isIdsyncError(error)) {
    stream.write(`error: ${redact(error.message)}\n`);
    if (error.hint) stream.write(`hint: ${redact(error.hint)}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  stream.write(`error: unexpected failure: ${redact(message)}\n`);
  if (error instanceof Error && error.stack) {
    stream.write(`${redact(error.stack.split("\n").slice(1, 4).join("\n"))}\n`);
  }
}
