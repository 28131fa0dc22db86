/**
 * @module
 * The hint of an error about a name that matches nothing (a resource type, an entitlement):
 * the valid names closest to what was typed, so "role:nope:assigned" points at the role
 * entitlements there are instead of answering "0 grants".
 */
import { NAMED_IN_A_LIST, someOf } from "../core/index.ts";

/** Levenshtein distance; names are short, so the plain two-row table is enough. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The `max` choices nearest to `given` (case ignored), nearest first, read in one pass and
 * kept `max` at a time, so a sync with a million entitlements costs no memory.
 */
export function nearestChoices(
  given: string,
  choices: Iterable<string>,
  max = NAMED_IN_A_LIST,
): { nearest: string[]; total: number } {
  const target = given.toLowerCase();
  let kept: Array<{ choice: string; distance: number }> = [];
  let total = 0;
  for (const choice of choices) {
    total++;
    const distance = editDistance(target, choice.toLowerCase());
    if (kept.length === max && distance >= kept[kept.length - 1]!.distance) continue;
    kept.push({ choice, distance });
    kept = kept.sort((a, b) => a.distance - b.distance || (a.choice < b.choice ? -1 : 1)).slice(0, max);
  }
  return { nearest: kept.map((entry) => entry.choice), total };
}

/** "choose one of a, b, c" when there are few choices, else "the closest are a, b, … (of N)". */
export function closestChoices(given: string, choices: Iterable<string>, max = NAMED_IN_A_LIST): string {
  const { nearest, total } = nearestChoices(given, choices, max);
  if (total === 0) return "there is none to choose from";
  if (total <= max) return `choose one of ${someOf([...nearest].sort(), max)}`;
  return `the closest of the ${total.toLocaleString("en-US")} there are: ${someOf(nearest, max)}`;
}
