/**
 * @module
 * Clockify paging (shared/apis/clockify.md, "Pagination"): `page` from 1, `page-size` default 50 and
 * at most 5000, a bare JSON array per page, a `Last-Page: true|false` header, and `[]` past the end.
 */

import { badRequest } from "./errors.ts";

export const DEFAULT_PAGE_SIZE = 50;
/** The largest page Clockify serves; support confirmed 5000 in 2021 (clockify.md). Bigger asks are capped. */
export const MAX_PAGE_SIZE = 5000;

export interface Paging {
  page: number;
  pageSize: number;
}

function positiveInteger(raw: string | null, fallback: number, field: string): number | Response {
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  // ASSUMPTION: Clockify refuses a non-number or a value below 1 (the spec says `minimum: 1`) with a 400.
  if (!Number.isInteger(value) || value < 1)
    return badRequest(`Invalid value '${raw}' for '${field}'; expected an integer of at least 1`);
  return value;
}

export function readPaging(params: URLSearchParams): Paging | Response {
  const page = positiveInteger(params.get("page"), 1, "page");
  if (page instanceof Response) return page;
  const pageSize = positiveInteger(params.get("page-size"), DEFAULT_PAGE_SIZE, "page-size");
  if (pageSize instanceof Response) return pageSize;
  return { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) };
}

/** The items of the requested page, and whether it is the last one (a page past the end is empty and last). */
export function pageSlice<T>(items: readonly T[], paging: Paging): { items: T[]; lastPage: boolean } {
  const start = (paging.page - 1) * paging.pageSize;
  return { items: items.slice(start, start + paging.pageSize), lastPage: start + paging.pageSize >= items.length };
}

/** One page as Clockify sends it: a bare array and `Last-Page: true|false`. */
export function pageResponse(items: readonly unknown[], lastPage: boolean): Response {
  return Response.json(items, { headers: { "Last-Page": String(lastPage) } });
}
