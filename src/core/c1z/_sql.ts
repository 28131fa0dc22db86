/**
 * @module
 * Small typed helpers over `node:sqlite`, shared by the writer and the reader.
 */
import type { DatabaseSync, SQLOutputValue, StatementSync } from "node:sqlite";

export type Row = Record<string, SQLOutputValue>;

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return new TextDecoder().decode(value);
}

export function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : text(row, column);
}

export function integer(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return 0;
}

export function blob(row: Row, column: string): Uint8Array {
  const value = row[column];
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return new TextEncoder().encode(value);
  return new Uint8Array(0);
}

/** A BLOB column that may be NULL; an empty blob counts as absent too. */
export function optionalBlob(row: Row, column: string): Uint8Array | undefined {
  const value = row[column];
  return value instanceof Uint8Array && value.length > 0 ? value : undefined;
}

/** Caches prepared statements by SQL text: put* and paging run the same few queries many times. */
export class StatementCache {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** The names of `table`'s columns; empty when the table does not exist. */
export function tableColumns(db: DatabaseSync, table: string): Set<string> {
  const rows = db.prepare("SELECT name FROM pragma_table_info(?)").all(table);
  return new Set(rows.map((row) => text(row, "name")));
}

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** Whether `error` comes from SQLite (node:sqlite puts SQLite's result code in `errcode`). */
export function isSqliteError(error: unknown): error is Error & { errcode: number } {
  return error instanceof Error && typeof (error as { errcode?: unknown }).errcode === "number";
}

/** Whether `error` is SQLite saying the database file is damaged or not a database. */
export function isDamagedDatabaseError(error: unknown): boolean {
  if (!isSqliteError(error)) return false;
  const primary = error.errcode & 0xff;
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB;
}

/** SQLite's own short description of an error, e.g. "database disk image is malformed". */
export function sqliteMessage(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const errstr = (error as { errstr?: unknown }).errstr;
    if (typeof errstr === "string" && errstr !== "") return errstr;
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return String(error);
}

/** Runs `work` in one immediate transaction: committed when it returns, rolled back when it throws. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** Closes `db`, rolling back a transaction left open (rows not yet committed are not kept). */
export function closeDatabase(db: DatabaseSync): void {
  try {
    if (db.isTransaction) db.exec("ROLLBACK");
  } finally {
    db.close();
  }
}
