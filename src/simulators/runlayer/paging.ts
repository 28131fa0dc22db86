/**
 * @module
 * Runlayer list paging (shared/apis/runlayer.md, "Conventions confirmed from the CLI source"):
 * `skip` and `limit` query parameters, answers `{"data":[…],"count":N}` where `count` is the
 * total of the filtered list. The CLI pages with `limit=100`.
 *
 * ASSUMPTION: `limit` defaults to 100 and is capped at 500 by FastAPI validation (`le=500`), so
 * a bigger ask is refused with a 422 rather than silently shortened; `skip` must be ≥ 0.
 */

import { touch } from "../_kit/index.ts";
import { unprocessable, type ValidationIssue } from "./errors.ts";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

export interface Paging {
  skip: number;
  limit: number;
}

/** Pydantic v2's reading of an `int` query parameter with bounds; undefined when it passes. */
export function intIssue(name: string, raw: string, bounds: { ge?: number; le?: number }): ValidationIssue | undefined {
  const loc = ["query", name];
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    return {
      type: "int_parsing",
      loc,
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: raw,
    };
  }
  const value = Number(raw);
  if (bounds.ge !== undefined && value < bounds.ge) {
    return {
      type: "greater_than_equal",
      loc,
      msg: `Input should be greater than or equal to ${bounds.ge}`,
      input: raw,
      ctx: { ge: bounds.ge },
    };
  }
  if (bounds.le !== undefined && value > bounds.le) {
    return {
      type: "less_than_equal",
      loc,
      msg: `Input should be less than or equal to ${bounds.le}`,
      input: raw,
      ctx: { le: bounds.le },
    };
  }
  return undefined;
}

/** `skip` and `limit` from the query, and any problems with them (reported together by the caller). */
export function readPaging(params: URLSearchParams, issues: ValidationIssue[]): Paging {
  const skipText = params.get("skip");
  const limitText = params.get("limit");
  const skipIssue = skipText === null ? undefined : intIssue("skip", skipText, { ge: 0 });
  const limitIssue = limitText === null ? undefined : intIssue("limit", limitText, { ge: 1, le: MAX_LIMIT });
  if (skipIssue) issues.push(skipIssue);
  if (limitIssue) issues.push(limitIssue);
  return {
    skip: skipText === null || skipIssue ? 0 : Number(skipText),
    limit: limitText === null || limitIssue ? DEFAULT_LIMIT : Number(limitText),
  };
}

/** One page of `items` in Runlayer's envelope, or the 422 when the parameters were refused. */
export function pageResponse<T>(
  tenant: object,
  items: readonly T[],
  paging: Paging,
  issues: readonly ValidationIssue[],
  render: (item: T) => unknown,
): Response {
  if (issues.length > 0) return unprocessable(issues);
  const data = items.slice(paging.skip, paging.skip + paging.limit).map(render);
  touch(tenant, data.length);
  return Response.json({ data, count: items.length });
}
