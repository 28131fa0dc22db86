/**
 * @module
 * Console wording shared by the reading commands: dates, statuses, "how" a grant is held.
 */
import type { Resource } from "../../core/index.ts";
import { statusLabel, userFacts } from "../../review/index.ts";

/** `2025-01-31` (UTC), or "" when unknown. Review tables compare days, not seconds. */
export function day(date: Date | null | undefined): string {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : "";
}

/** `2025-01-31 14:05 UTC`, for sync times. */
export function minute(date: Date | null | undefined): string {
  return date && !Number.isNaN(date.getTime()) ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
}

/** The user's status, with the pending-invite (or other) detail; a resource's own status otherwise. */
export function statusText(resource: Resource): string {
  const facts = userFacts(resource);
  if (facts) return statusLabel(facts);
  return resource.status
    ? statusLabel({ status: resource.status.status, statusDetails: resource.status.details ?? null })
    : "";
}

/** "direct", "via group:eng:member", "direct; via group:a:member → group:b:member". */
export function howText(direct: boolean, via: readonly (readonly string[])[]): string {
  const parts = direct ? ["direct"] : [];
  for (const path of via) parts.push(`via ${path.join(" → ")}`);
  return parts.join("; ");
}
