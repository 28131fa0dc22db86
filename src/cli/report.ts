/**
 * @module
 * What a command prints when it ends: the one summary line of a sync, and the one line (plus
 * a hint) of an error. Both pass through redaction, whatever produced them.
 */
import { isIdsyncError, redact, type SyncSummary } from "../core/index.ts";
import type { OutputStream } from "./io.ts";

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function summaryLine(summary: SyncSummary): string {
  const { stats, expansion, requests } = summary;
  const byType = Object.entries(stats.resourcesByType)
    .map(([type, count]) => `${count.toLocaleString("en-US")} ${type}`)
    .join(", ");
  const derived = expansion.derivedGrants > 0 ? ` (${expansion.derivedGrants.toLocaleString("en-US")} through expansion)` : "";
  const seconds = (summary.durationMs / 1000).toFixed(1);
  return redact(
    `${summary.connector}: synced ${byType}; ${plural(stats.entitlements, "entitlement")}, ` +
      `${plural(stats.grants, "grant")}${derived} into ${summary.file} in ${seconds}s ` +
      `(${plural(requests.requests, "request")}, ${plural(requests.retries, "retry", "retries")}` +
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
