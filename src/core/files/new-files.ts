/**
 * @module
 * The one way idsync creates a file. A file is always new: opened with
 * `O_CREAT | O_EXCL | O_NOFOLLOW` and mode 0600, so a name someone planted beforehand (a file,
 * or a symlink to a file they want a root-run sync to overwrite) makes the open fail instead of
 * being written through. Temp files get an unpredictable name that still says which process
 * made it, so a later run can tell a dead process's leftover from a live one's (`leftovers.ts`).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Where a platform lacks O_NOFOLLOW (Windows), O_EXCL alone still refuses an existing name. */
const EXCLUSIVE_FLAGS =
  fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/** How a temp file's name ends; `leftovers.ts` recognises ours by it. */
export const TEMP_SUFFIX = ".idsync-tmp";

/** 8 random bytes: a name nobody can plant in advance. */
const RANDOM_BYTES = 8;

/** Temp files this process has open, by absolute path: never leftovers, even under our own pid. */
const inUse = new Set<string>();

/** Whether this process is writing `file` right now (a temp it created and has not yet committed or discarded). */
export function tempInUse(file: string): boolean {
  return inUse.has(path.resolve(file));
}

/**
 * Creates `file`, which must not exist (not even as a symlink), and returns its descriptor,
 * open for writing. The mode is set exactly, whatever the umask.
 * @default mode 0o600
 */
export function createExclusive(file: string, mode = 0o600): number {
  const fd = fs.openSync(file, EXCLUSIVE_FLAGS, mode);
  try {
    fs.fchmodSync(fd, mode);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  return fd;
}

export interface TempFile {
  path: string;
  /** Open for writing; the caller closes it (or hands it to a stream that does). */
  fd: number;
}

/** `.<name>.<pid>.<16 hex digits>.idsync-tmp` in `target`'s folder. */
export function tempNameFor(target: string): string {
  const absolute = path.resolve(target);
  const random = randomBytes(RANDOM_BYTES).toString("hex");
  return path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}.${random}${TEMP_SUFFIX}`);
}

/** Creates a new temp file beside `target`, to be renamed over it by `commitTemp`. */
export function createTempBeside(target: string): TempFile {
  for (let attempt = 0; ; attempt++) {
    const temp = tempNameFor(target);
    try {
      const fd = createExclusive(temp);
      inUse.add(temp);
      return { path: temp, fd };
    } catch (error) {
      // A clash of 64 random bits is someone planting names: give up rather than loop.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 2) throw error;
    }
  }
}

/** Renames a finished temp file over `target` (atomic in one folder). */
export function commitTemp(temp: string, target: string): void {
  fs.renameSync(temp, target);
  inUse.delete(path.resolve(temp));
}

/** Removes a temp file that will not be committed. Never throws: it runs while another error is on its way out. */
export function discardTemp(temp: string): void {
  inUse.delete(path.resolve(temp));
  try {
    fs.rmSync(temp, { force: true });
  } catch {
    // Left for the next run's leftover sweep.
  }
}

/** Replaces `target` with `data` atomically: a new temp file beside it, written, fsynced, renamed. */
export function replaceFile(target: string, data: string | Uint8Array): void {
  const temp = createTempBeside(target);
  try {
    try {
      fs.writeFileSync(temp.fd, data);
      fs.fsyncSync(temp.fd);
    } finally {
      fs.closeSync(temp.fd);
    }
    commitTemp(temp.path, target);
  } catch (error) {
    discardTemp(temp.path);
    throw error;
  }
}
