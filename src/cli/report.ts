/**
 * @module
 * What a command prints when it ends: the one summary line of a sync, and the one line (plus
 * a hint) of an error. Both pass through redaction, whatever produced them.
 */
import { countOf, isIdsyncError, redact, type SyncSummary } from "../core/index.ts";
import type { OutputStream } from "./io.ts";

export function summaryLine(summary: SyncSummary): string {
  const { stats, expansion, requests } = summary;
  const byType = Object.entries(stats.resourcesByType)
    .map(([type, count]) => countOf(count, type))
    .join(", ");
  const derived = expansion.derivedGrants > 0 ? ` (${expansion.derivedGrants.toLocaleString("en-US")} through expansion)` : "";
  const seconds = (summary.durationMs / 1000).toFixed(1);
  return redact(
    `${summary.connector}: synced ${byType}; ${countOf(stats.entitlements, "entitlement")}, ` +
      `${countOf(stats.grants, "grant")}${derived} into ${summary.file}${summary.syncType === "full" ? "" : ` as a ${summary.syncType.replace("_", "-")} sync`} in ${seconds}s ` +
      `(${countOf(requests.requests, "request")}, ${countOf(requests.retries, "retry", "retries")}` +
      `${summary.resumed ? ", resumed" : ""})`,
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
