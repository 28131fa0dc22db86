/**
 * @module
 * Moves GrantExpandable annotations of legacy grant rows out of `data` and into the
 * `expansion` column, as Baton does when it opens an older file (`grants.go`
 * `backfillGrantExpansionColumn`). Only syncs with `grants_backfilled = 0` are scanned, and
 * each is then marked, so the work happens once per file.
 */
import type { DatabaseSync } from "node:sqlite";
import { decodeGrantExpandable, encodeGrantExpandable } from "../model/index.ts";
import { GRANT_ANNOTATIONS_FIELD, GRANT_EXPANDABLE_TYPE_URL } from "./_rows.ts";
import { TABLES } from "./_schema.ts";
import { decodeRow } from "./_row-errors.ts";
import { blob, inTransaction, integer, text, type Row } from "./_sql.ts";
import { stripAnnotations } from "./_wire.ts";

const BATCH_ROWS = 1_000;

/** The row's `data` without its GrantExpandable and that annotation re-encoded, or undefined when nothing moves. */
function expansionMovedOut(row: Row): { data: Uint8Array; expansion: Uint8Array } | undefined {
  const stripped = stripAnnotations(blob(row, "data"), GRANT_ANNOTATIONS_FIELD, GRANT_EXPANDABLE_TYPE_URL);
  const value = stripped.removed[0];
  if (value === undefined) return undefined;
  const expandable = decodeGrantExpandable(value);
  // Like Baton, an annotation naming no entitlement is left where it is.
  if (!expandable.entitlementIds.some((id) => id.trim() !== "")) return undefined;
  return { data: stripped.message, expansion: encodeGrantExpandable(expandable) };
}

/** Returns how many grant rows were rewritten. */
export function backfillGrantExpansion(db: DatabaseSync): number {
  const pending = db
    .prepare(`SELECT sync_id FROM ${TABLES.syncRuns} WHERE grants_backfilled = 0`)
    .all()
    .map((row) => text(row, "sync_id"));
  if (pending.length === 0) return 0;

  const select = db.prepare(
    `SELECT id, data FROM ${TABLES.grants} WHERE sync_id = ? AND id > ? AND expansion IS NULL ORDER BY id LIMIT ?`,
  );
  const update = db.prepare(`UPDATE ${TABLES.grants} SET data = ?, expansion = ?, needs_expansion = 1 WHERE id = ?`);
  const markDone = db.prepare(`UPDATE ${TABLES.syncRuns} SET grants_backfilled = 1 WHERE sync_id = ?`);
  let rewritten = 0;
  for (const syncId of pending) {
    let afterId = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = select.all(syncId, afterId, BATCH_ROWS);
      // A crash part-way is harmless: rewritten rows have `expansion` set and are skipped next time.
      inTransaction(db, () => {
        for (const row of rows) {
          // A grant whose data does not decode is a damaged row, named as such (see _row-errors.ts).
          const moved = decodeRow(TABLES.grants, row, expansionMovedOut);
          if (!moved) continue;
          update.run(moved.data, moved.expansion, integer(row, "id"));
          rewritten++;
        }
        if (rows.length < BATCH_ROWS) markDone.run(syncId);
      });
      const last = rows.at(-1);
      if (!last || rows.length < BATCH_ROWS) break;
      afterId = integer(last, "id");
    }
  }
  return rewritten;
}
