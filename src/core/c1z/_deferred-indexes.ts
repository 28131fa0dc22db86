/**
 * @module
 * Writing many grants at once without keeping every index of v1_grants up to date row by row:
 * the indexes no query needs meanwhile are dropped, and built again once the rows are in.
 * Building an index sorts the table once; keeping it up to date costs a B-tree descent and
 * often a page split per row. Measured on the Baton-sized expansion graph (418,389 new rows
 * into a table of 66,601): 11.4 CPU s of SQLite with every index kept, 4.7 s without the four
 * deferred ones plus 2.3 s to build them over the 484,990 rows.
 */
import type { DatabaseSync } from "node:sqlite";
import { createIndexes, DEFERRABLE_GRANT_INDEXES, TABLES } from "./_schema.ts";
import { inTransaction, integer } from "./_sql.ts";

/**
 * Deferring pays when the new rows are at least about half the rows already in the table: an
 * index costs about 4 µs a row to build over the whole table (every sync the file keeps), and
 * about 16 µs a row to keep up to date while inserting.
 */
export function deferringPays(db: DatabaseSync, newRows: number): boolean {
  const row = db.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${TABLES.grants}`).get();
  const existing = row ? integer(row, "n") : 0;
  return newRows > 0 && newRows * 2 >= existing;
}

/**
 * Runs `write` with the deferrable grant indexes dropped, then builds them again, also when
 * `write` fails (an error building them then is not the one to report). The drop is committed:
 * a process killed meanwhile leaves a database without them, which every open of a working
 * database repairs, since applying the schema creates missing indexes. No transaction may be
 * open when this is called, nor when `write` settles.
 */
export async function withGrantIndexesDeferred<T>(db: DatabaseSync, write: () => Promise<T>): Promise<T> {
  inTransaction(db, () => {
    for (const name of DEFERRABLE_GRANT_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
  });
  let result: T;
  try {
    result = await write();
  } catch (error) {
    try {
      rebuild(db);
    } catch {
      // The working database's next open builds them; `error` is what stopped the write.
    }
    throw error;
  }
  rebuild(db);
  return result;
}

function rebuild(db: DatabaseSync): void {
  inTransaction(db, () => createIndexes(db, DEFERRABLE_GRANT_INDEXES));
}
