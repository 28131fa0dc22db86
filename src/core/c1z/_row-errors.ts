/**
 * @module
 * Rows that cannot be what Baton wrote. A damaged row must stop a reader with one line naming
 * its table and row id: skipping it would show a smaller truth, and letting the decoder's own
 * error ("premature EOF") escape would name neither the file nor the place. The path of the
 * c1z is added where the error leaves the store (`guardDamage`).
 */
import { isSqliteError, isDamagedDatabaseError, type Row } from "./_sql.ts";

/** A row, or a whole table, of the database that cannot be read as Baton wrote it. */
export class DamagedRowError extends Error {
  readonly table: string;
  /** The row's `id`, when the problem is one row's. */
  readonly rowId: number | undefined;
  readonly problem: string;

  constructor(table: string, rowId: number | undefined, problem: string, options: { cause?: unknown } = {}) {
    super(`${rowId === undefined ? table : `row ${rowId} of ${table}`}: ${problem}`, options);
    this.name = "DamagedRowError";
    this.table = table;
    this.rowId = rowId;
    this.problem = problem;
  }
}

/** Thrown by the strict column readers below; `decodeRow` adds the table and row. */
export class RowProblem extends Error {
  override name = "RowProblem";
}

const describe = (value: unknown): string => {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Uint8Array) return `a ${value.length}-byte BLOB`;
  if (typeof value === "string") return "TEXT";
  return typeof value === "bigint" || Number.isInteger(value) ? "an INTEGER" : "a REAL";
};

/** A TEXT column that Baton declares NOT NULL. */
export function requiredText(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new RowProblem(`${column} is ${describe(value)}, not TEXT`);
  return value;
}

/** A TEXT column that may be NULL. */
export function nullableText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : requiredText(row, column);
}

/** The `data` column: protobuf bytes, never empty (every message Baton stores has an id). */
export function dataBlob(row: Row, column = "data"): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array) || value.length === 0)
    throw new RowProblem(`${column} is ${describe(value)}, not protobuf bytes`);
  return value;
}

/** A BLOB column that may be NULL (an empty blob counts as absent, as Baton treats it). */
export function nullableBlob(row: Row, column: string): Uint8Array | undefined {
  const value = row[column];
  if (value === null || value === undefined) return undefined;
  if (!(value instanceof Uint8Array)) throw new RowProblem(`${column} is ${describe(value)}, not a BLOB`);
  return value.length > 0 ? value : undefined;
}

/** The integer primary key every table pages by. */
export function rowId(row: Row): number {
  const value = row["id"];
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "number" || !Number.isInteger(value))
    throw new RowProblem(`its id is ${describe(value)}, not an INTEGER`);
  return value;
}

function reasonOf(error: unknown): string {
  if (error instanceof RowProblem) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  // TextDecoder({ fatal: true }) inside the protobuf decoder.
  if (code === "ERR_ENCODING_INVALID_ENCODED_DATA") return "a string in its data is not valid UTF-8";
  const message = error instanceof Error ? error.message : String(error);
  return `its data does not decode (${message})`;
}

/** Decodes one row of `table`; whatever goes wrong becomes a DamagedRowError naming the row. */
export function decodeRow<T>(table: string, row: Row, decode: (row: Row) => T): T {
  try {
    return decode(row);
  } catch (error) {
    let id: number | undefined;
    try {
      id = rowId(row);
    } catch {
      id = undefined;
    }
    throw new DamagedRowError(table, id, reasonOf(error), { cause: error });
  }
}

/**
 * Runs a query on `table`. SQLite errors that are not about the file's pages (those are
 * `guardDamage`'s) or the machine (a full disk, no memory) mean the table is not shaped as
 * Baton's is: they name it.
 */
export function inTable<T>(table: string, query: () => T): T {
  try {
    return query();
  } catch (error) {
    if (!isSqliteError(error) || isDamagedDatabaseError(error) || isEnvironmentError(error)) throw error;
    throw new DamagedRowError(table, undefined, `cannot be read (sqlite: ${(error as Error).message})`, {
      cause: error,
    });
  }
}

const SQLITE_NOMEM = 7;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

function isEnvironmentError(error: unknown): boolean {
  const primary = ((error as { errcode: number }).errcode ?? 0) & 0xff;
  return primary === SQLITE_NOMEM || primary === SQLITE_IOERR || primary === SQLITE_FULL;
}
