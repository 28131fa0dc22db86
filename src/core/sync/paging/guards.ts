/**
 * @module
 * The checks every pager makes on a page before handing it to the engine. A repeated page (a
 * cache or proxy serving a stale body) would store the page before again and silently drop the
 * items of the page it stands in for; a gap would drop the items between. Either fails the
 * sync, leaving the previous file as it was. The sync's checkpoint cannot help here: a listing a
 * repeated page failed is read again from its first page by the next run.
 */
import { SyncError } from "../../errors/index.ts";

/** The hint of every paging failure: true of what the next run does. */
export const REPAGE_HINT =
  "the API (or a cache or proxy in front of it) answered inconsistently; run the sync again: the next run starts this listing over from its first page";

/** A page that repeats an earlier one; `where` places it, e.g. `the page at skip=200`. */
export function repeatedPageError(api: string, what: string, where: string, detail: string): SyncError {
  return new SyncError(
    `${api} repeated a page of ${what}: ${where} ${detail}; stopping instead of dropping the items it hides`,
    { hint: REPAGE_HINT },
  );
}

/** A page that does not fit where it sits (a gap, a count that cannot add up). */
export function pageMisfitError(api: string, what: string, where: string, problem: string): SyncError {
  return new SyncError(`${api}'s ${where} of ${what} ${problem}: items would be missing`, { hint: REPAGE_HINT });
}

/** FNV-1a of a key, 8 hex digits: enough to tell pages apart, short enough for a token. */
export function shortHash(key: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** Pages back a repeat is caught by first items: a stale body is most often of a page just before. */
export const REMEMBERED_FIRSTS = 8;

/** The first-item hashes a position keeps after a page starting with `first`, the latest last. */
export function firstsAfter(firsts: readonly string[] | undefined, first: string): string[] {
  return [...(firsts ?? []), first].slice(-REMEMBERED_FIRSTS);
}
