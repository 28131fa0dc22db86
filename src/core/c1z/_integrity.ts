/**
 * @module
 * Turning SQLite's complaints about a decompressed database into one clear error that names
 * the c1z, and checking a freshly decompressed database (its pages, Baton's tables) before
 * anything trusts it.
 */
import type { DatabaseSync } from "node:sqlite";
import { C1zFileError } from "../errors/index.ts";
import { DamagedRowError } from "./_row-errors.ts";
import { REQUIRED_COLUMNS } from "./_schema.ts";
import { isDamagedDatabaseError, sqliteMessage, tableColumns, text } from "./_sql.ts";

const DAMAGE_HINT = "restore the file from a backup or run a new sync into a fresh file";

export function damagedDatabase(c1zPath: string, detail: string, cause?: unknown): C1zFileError {
  // quick_check answers over several lines ("*** in database main ***\nTree 12 page 12: …").
  const oneLine = detail
    .replace(/\*\*\* in database \w+ \*\*\*/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return new C1zFileError("corrupt-file", c1zPath, `holds a damaged database (sqlite: ${oneLine})`, {
    hint: DAMAGE_HINT,
    cause,
  });
}

/**
 * Reads the whole b-tree structure once (`PRAGMA quick_check`, about as fast as the
 * decompression before it) so damage surfaces at open, not halfway through a listing.
 */
export function assertIntact(db: DatabaseSync, c1zPath: string): void {
  try {
    const rows = db.prepare("PRAGMA quick_check(1)").all();
    const verdict = rows[0] ? text(rows[0], "quick_check") : "no answer";
    if (verdict !== "ok") throw damagedDatabase(c1zPath, verdict);
  } catch (error) {
    if (error instanceof C1zFileError) throw error;
    throw damagedDatabase(c1zPath, sqliteMessage(error), error);
  }
}

/** Checked once at open, so no listing can stop halfway on "no such column". */
export function assertBatonTables(db: DatabaseSync, c1zPath: string): void {
  const columnsByTable = guardDamage(c1zPath, () =>
    Object.entries(REQUIRED_COLUMNS).map(([table, required]) => ({
      table,
      required,
      columns: tableColumns(db, table),
    })),
  );
  const missingTables = columnsByTable.filter(({ columns }) => columns.size === 0).map(({ table }) => table);
  if (missingTables.length > 0) {
    throw new C1zFileError(
      "corrupt-file",
      c1zPath,
      `holds a database without Baton's tables (missing ${missingTables.join(", ")})`,
    );
  }
  for (const { table, required, columns } of columnsByTable) {
    const missing = required.filter((column) => !columns.has(column));
    if (missing.length > 0)
      throw damagedRow(c1zPath, new DamagedRowError(table, undefined, `has no column ${missing.join(", ")}`));
  }
}

/** The one line for a row or table that cannot be what Baton wrote. */
export function damagedRow(c1zPath: string, error: DamagedRowError): C1zFileError {
  const where =
    error.rowId === undefined
      ? `${error.table} ${error.problem}`
      : `damaged row ${error.rowId} in ${error.table}: ${error.problem}`;
  return new C1zFileError("corrupt-file", c1zPath, where, { hint: DAMAGE_HINT, cause: error });
}

/**
 * Runs `action`; SQLite "corrupt"/"not a database" errors become the c1z's damaged-database
 * error, and a damaged row or table one naming it.
 */
export function guardDamage<T>(c1zPath: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (isDamagedDatabaseError(error)) throw damagedDatabase(c1zPath, sqliteMessage(error), error);
    if (error instanceof DamagedRowError) throw damagedRow(c1zPath, error);
    throw error;
  }
}

/** The same for a generator: each step runs under `guardDamage`. */
export function* guardDamageIterable<T>(c1zPath: string, items: Iterable<T>): Generator<T> {
  const iterator = guardDamage(c1zPath, () => items[Symbol.iterator]());
  try {
    for (;;) {
      const step = guardDamage(c1zPath, () => iterator.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    iterator.return?.();
  }
}
