/**
 * @module
 * A Runlayer list as core's skip/limit pager reads it (shared/apis/runlayer.md: lists answer
 * `{"data":[…],"count":N}`, paged by `skip` and `limit`). One page per engine call: the engine
 * fetches the pages of different lists at once, and owns how many.
 */
import type { SkipLimitListing } from "../../core/kit.ts";
import type { PageSource } from "./client.ts";

export function runlayerListing<T>(
  source: PageSource<T>,
  what: string,
  limit: number,
  keyOf: (item: T) => string,
): SkipLimitListing<T> {
  return {
    api: "Runlayer",
    what,
    limit,
    keyOf,
    fetch: async ({ skip, limit }, signal) => {
      const answer = await source({ skip, limit, signal });
      return { items: answer.items, total: answer.count };
    },
  };
}
