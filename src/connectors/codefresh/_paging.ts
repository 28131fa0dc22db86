/**
 * @module
 * Offset page tokens over lists the connector holds in memory (Codefresh's lists come whole, with
 * no paging of their own). A token is a position in the list as a decimal string: plain text that
 * still means something after a restart, when the list is fetched again.
 */
import { SyncError, type Page } from "../../core/kit.ts";

/** Items per page handed to the engine: big enough to keep pages few, small enough to keep each write small. */
export const PAGE_SIZE = 500;

/** The position a token names; 0 for the first page. */
export function offsetOf(token: string | undefined, what: string): number {
  if (token === undefined || token === "") return 0;
  if (!/^\d+$/.test(token)) throw new SyncError(`${what}: page token "${token.slice(0, 40)}" is not an offset`, { hint: "the unfinished sync was checkpointed by another connector version: delete the .<file>.idsync-wip.db beside the c1z to start over" });
  return Number(token);
}

/** The items from `start` on, `size` of them at most, with the token of what follows. */
export function pageAt<T>(items: readonly T[], start: number, size: number = PAGE_SIZE): Page<T> {
  const end = Math.min(items.length, start + size);
  return end < items.length ? { items: items.slice(start, end), nextPageToken: String(end) } : { items: items.slice(start, end) };
}

/**
 * Up to `size` items from `start` on that pass `keep`, mapped, with the token of the first position
 * not yet scanned: pages of a filtered list without building the filtered list.
 */
export function filteredPageAt<T, R>(items: readonly T[], start: number, keep: (item: T) => boolean, map: (item: T) => R, size: number = PAGE_SIZE): Page<R> {
  const out: R[] = [];
  let index = start;
  for (; index < items.length && out.length < size; index++) {
    const item = items[index] as T;
    if (keep(item)) out.push(map(item));
  }
  return index < items.length ? { items: out, nextPageToken: String(index) } : { items: out };
}
