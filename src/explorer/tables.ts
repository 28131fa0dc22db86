/**
 * @module
 * The tables the page shows, answered a page at a time: filtered (`q`, a case-insensitive
 * substring of any column), sorted (`sort=COLUMN`, or `-COLUMN` for descending) and cut to
 * `offset`…`offset + limit` on the server, so the page never holds or draws more than a page
 * of rows however large the file. `format=csv` answers the whole filtered, sorted table as a
 * CSV download instead, with the same columns.
 */
import { compareKeys } from "../review/index.ts";
import { ApiError, paging, text } from "./_params.ts";
import { csvLine } from "../review/index.ts";

/** A column: its key (what `sort` names), its heading, and its value in a row (for sorting, filtering and CSV). */
export interface Column<T> {
  key: string;
  title: string;
  value: (row: T) => string | number | null | undefined;
}

/** A whole table as a CSV file: the server sends it as an attachment. */
export class CsvReply {
  readonly filename: string;
  readonly body: string;

  constructor(filename: string, body: string) {
    this.filename = filename;
    this.body = body;
  }
}

export interface TableQuery {
  q: string | undefined;
  sort: { key: string; descending: boolean } | undefined;
  offset: number;
  limit: number;
  csv: boolean;
}

export function tableQuery(params: URLSearchParams): TableQuery {
  const sort = text(params, "sort");
  const format = text(params, "format");
  if (format !== undefined && format !== "json" && format !== "csv")
    throw new ApiError(400, `format must be json or csv, got "${format}"`);
  return {
    q: text(params, "q")?.trim().toLowerCase() || undefined,
    sort: sort === undefined ? undefined : { key: sort.replace(/^-/, ""), descending: sort.startsWith("-") },
    ...paging(params),
    csv: format === "csv",
  };
}

const missing = (value: unknown): boolean => value === null || value === undefined || value === "";

/** Numbers by value, text by `compareKeys`; empty cells last, whichever the direction. */
function compareCells(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareKeys(String(a).toLowerCase(), String(b).toLowerCase());
}

export interface TableAnswer {
  /** A name for the CSV file, without extension: "env0-admins". */
  name: string;
  /** Keys sent beside the rows (the file, the sync…). */
  extra?: Record<string, unknown>;
}

/**
 * `rows` filtered, sorted and paged as `query` asks, each row of the page as `shape` gives it;
 * or the whole table as CSV.
 */
export function answerTable<T>(
  rows: readonly T[],
  columns: ReadonlyArray<Column<T>>,
  query: TableQuery,
  shape: (row: T) => unknown,
  answer: TableAnswer,
): unknown {
  let chosen =
    query.q === undefined
      ? [...rows]
      : rows.filter((row) =>
          columns.some((column) =>
            String(column.value(row) ?? "")
              .toLowerCase()
              .includes(query.q!),
          ),
        );
  if (query.sort) {
    const { key, descending } = query.sort;
    const column = columns.find((candidate) => candidate.key === key);
    if (!column)
      throw new ApiError(
        400,
        `sort must name a column (${columns.map((candidate) => candidate.key).join(", ")}), got "${key}"`,
      );
    const direction = descending ? -1 : 1;
    // Empty cells go last in both directions: they are what nobody is looking for.
    chosen = chosen
      .map((row, index) => ({ row, index, value: column.value(row) }))
      .sort((a, b) => {
        if (missing(a.value) !== missing(b.value)) return missing(a.value) ? 1 : -1;
        return direction * compareCells(a.value, b.value) || a.index - b.index;
      })
      .map(({ row }) => row);
  }
  if (query.csv) {
    const lines = [
      csvLine(columns.map((column) => column.title)),
      ...chosen.map((row) =>
        csvLine(
          columns.map((column) => column.value(row)),
          { guardFormulas: true },
        ),
      ),
    ];
    return new CsvReply(`${answer.name}.csv`, lines.join(""));
  }
  const page = chosen.slice(query.offset, query.offset + query.limit);
  return {
    ...answer.extra,
    items: page.map(shape),
    count: page.length,
    total: chosen.length,
    offset: query.offset,
    limit: query.limit,
    sort: query.sort ? `${query.sort.descending ? "-" : ""}${query.sort.key}` : null,
    columns: columns.map(({ key, title }) => ({ key, title })),
  };
}
