/**
 * @module
 * Removing the temp files a killed idsync left beside a target. A temp file's name carries
 * the pid of the process that made it (`new-files.ts`); it is a leftover when that process is
 * gone, or when it is this process (a restarted container is pid 1 again) and this process is
 * not writing it. Anything else — another live process's file, another user's, a name we
 * would not have made, a folder — is left alone.
 */
import fs from "node:fs";
import path from "node:path";
import { TEMP_SUFFIX, tempInUse } from "./new-files.ts";

/** Whether a process with this pid exists (ours or another user's). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `.<name>.<pid>.<hex>.idsync-tmp`; older versions put the time in ms where the random hex is now. */
const TEMP_NAME = new RegExp(`^\\.(.+)\\.(\\d+)\\.([0-9a-f]+)${TEMP_SUFFIX.replaceAll(".", "\\.")}$`);

/**
 * Removes the leftover temp files of `target` (those made for it, in its folder) and returns
 * their paths. A file that cannot be removed is skipped: the sweep never fails a run.
 */
export function removeLeftoverTemps(target: string): string[] {
  const absolute = path.resolve(target);
  const folder = path.dirname(absolute);
  const base = path.basename(absolute);
  const uid = process.getuid?.();
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || match[1] !== base) continue;
    const pid = Number(match[2]);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    const file = path.join(folder, name);
    if (pid === process.pid ? tempInUse(file) : processIsAlive(pid)) continue;
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile() && !stat.isSymbolicLink()) continue;
      if (uid !== undefined && stat.uid !== uid) continue;
      fs.rmSync(file);
      removed.push(file);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
