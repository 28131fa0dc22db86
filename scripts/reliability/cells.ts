/**
 * @module
 * An observation in the words of the table: a short cell per scenario and connector. Anything
 * that breaks a promise is written in bold so that it cannot be missed.
 */
import type { Observation, RunOutcome } from "./run.ts";

function ending(run: RunOutcome): string {
  return run.signal ? `killed by ${run.signal}` : `exit ${run.code}`;
}

function result(run: RunOutcome): string {
  if (run.code !== 0) return ending(run);
  return run.sameAsClean ? "exit 0, = clean sync" : "exit 0, **differs from a clean sync**";
}

export function cellOf(observation: Observation): string {
  const parts: string[] = [];
  if (observation.faultsServed === 0) parts.push("fault not served");
  parts.push(result(observation));
  if (observation.code !== 0) parts.push(observation.previousKept ? "previous kept" : "**previous changed**");
  if (observation.rerun) parts.push(`rerun ${result(observation.rerun)}`);
  if (observation.stackTrace) parts.push("**stack trace**");
  if (observation.secretSeen) parts.push("**secret shown**");
  return parts.join("; ");
}
