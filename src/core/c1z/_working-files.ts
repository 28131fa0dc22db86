/**
 * @module
 * The files a writer keeps beside its target c1z: the lock that keeps a second process out,
 * and the working database (+ a sidecar saying which c1z it was built from) that lets a
 * sync killed without warning resume on the next run.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { replaceFile } from "../files/index.ts";

export interface WorkingPaths {
  lock: string;
  db: string;
  sidecar: string;
}

/**
 * Paths for `target`. In a shared `tempDir` the names carry a hash of the target's full path,
 * so two targets with the same file name cannot share a working database.
 */
export function workingPaths(target: string, tempDir?: string): WorkingPaths {
  const folder = path.dirname(target);
  const base = `.${path.basename(target)}`;
  const workBase = tempDir
    ? path.join(tempDir, `${base}.${createHash("sha256").update(target).digest("hex").slice(0, 12)}`)
    : path.join(folder, base);
  return {
    lock: path.join(folder, `${base}.idsync-lock`),
    db: `${workBase}.idsync-wip.db`,
    sidecar: `${workBase}.idsync-wip.json`,
  };
}

/** What to do when the disk holding the working database is full: it is the big file, and can live elsewhere. */
export const WORKING_DB_DISK_FULL_HINT =
  "free some space there, or put the working database on a bigger disk with --c1z-temp-dir";

/** What the working database was built from: the c1z's size and mtime, or nulls when there was none. */
export interface SourceStamp {
  sourceSize: number | null;
  sourceMtimeMs: number | null;
}

export function stampOf(c1zPath: string): SourceStamp {
  try {
    const stat = fs.statSync(c1zPath);
    return { sourceSize: stat.size, sourceMtimeMs: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { sourceSize: null, sourceMtimeMs: null };
    throw error;
  }
}

export function readSidecar(sidecarPath: string): SourceStamp | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(sidecarPath, "utf8")) as Partial<SourceStamp>;
    const valid = (value: unknown): value is number | null => value === null || typeof value === "number";
    return valid(parsed.sourceSize) && valid(parsed.sourceMtimeMs)
      ? { sourceSize: parsed.sourceSize, sourceMtimeMs: parsed.sourceMtimeMs }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Written after the working database is complete, via rename, so a half-built one never has one. */
export function writeSidecar(sidecarPath: string, stamp: SourceStamp): void {
  replaceFile(sidecarPath, `${JSON.stringify(stamp)}\n`);
}

export const sameStamp = (a: SourceStamp | undefined, b: SourceStamp): boolean =>
  a !== undefined && a.sourceSize === b.sourceSize && a.sourceMtimeMs === b.sourceMtimeMs;

/** The working database's files as SQLite names them. */
const DB_SUFFIXES = ["", "-wal", "-shm", "-journal"];

/** Removes the working database with its WAL files and its sidecar (a symlink among them is removed, not followed). */
export function removeWorkingDb(paths: WorkingPaths): void {
  fs.rmSync(paths.sidecar, { force: true });
  for (const suffix of DB_SUFFIXES) fs.rmSync(paths.db + suffix, { force: true });
}

/**
 * Whether every working file that exists is a plain file of this user. SQLite refuses a
 * symlinked `-wal` or `-journal` but follows one at the database's own name, so a working
 * database with anything planted among its files is never reused: it is rebuilt, which
 * removes the planted names (`rm` removes a link, not what it points at).
 */
export function workingFilesArePlain(paths: WorkingPaths): boolean {
  const uid = process.getuid?.();
  for (const file of [paths.sidecar, ...DB_SUFFIXES.map((suffix) => paths.db + suffix)]) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid)) return false;
  }
  return true;
}
