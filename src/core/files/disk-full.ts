/**
 * @module
 * Telling a full disk for what it is. Node's ENOSPC from a write names no path, and SQLite says
 * only "database or disk is full"; restated here, the one line names the folder that is full.
 */
import path from "node:path";
import { LocalFileError } from "../errors/index.ts";

/** SQLITE_FULL (https://www.sqlite.org/rescode.html#full), as node:sqlite reports it in `errcode`. */
const SQLITE_FULL = 13;

/** ENOSPC: no space left; EDQUOT: the user's quota is used up. Either way the disk is full for us. */
const FULL_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT"]);

export function isDiskFull(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  if (error instanceof LocalFileError) return true;
  return (typeof code === "string" && FULL_CODES.has(code)) || (code === "ERR_SQLITE_ERROR" && errcode === SQLITE_FULL);
}

/**
 * `error` restated as a LocalFileError naming `file`'s folder when it says the disk is full;
 * any other error is returned as it is.
 */
export function restateDiskFull(error: unknown, file: string, hint = "free some space there and run again"): unknown {
  if (!isDiskFull(error) || error instanceof LocalFileError) return error;
  const folder = path.dirname(path.resolve(file));
  return new LocalFileError(file, `no space left on the disk holding ${folder} (writing ${path.basename(file)})`, {
    hint,
    cause: error,
  });
}
