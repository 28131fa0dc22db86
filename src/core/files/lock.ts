/**
 * @module
 * A lock file beside what a process is about to write (a c1z, a campaign), holding its pid, so a
 * second process refuses instead of racing it, and a holder killed without warning does not
 * keep the file locked forever.
 */
import fs from "node:fs";
import path from "node:path";
import { IdsyncError } from "../errors/index.ts";
import { processIsAlive } from "./leftovers.ts";
import { createExclusive } from "./new-files.ts";

/** How often a waiting writer looks at the lock again. */
const LOCK_POLL_MS = 25;

/** Blocks this thread for `ms`: the lock is taken in synchronous code, between two reads of a file. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The locks this process holds, by absolute path. */
const heldLocks = new Set<string>();

/**
 * Takes the lock, or throws when a live process holds it (after waiting up to `waitMs` for it to
 * let go, for writes that take a moment, such as a campaign's). A dead holder's lock is taken over,
 * and so is one naming this process's own pid that this process did not take: a container
 * killed mid-sync restarts with the same pid (often 1) and would otherwise wait on itself forever.
 */
export function acquireLock(lockPath: string, target: string, options: { waitMs?: number } = {}): void {
  const key = path.resolve(lockPath);
  if (heldLocks.has(key)) {
    throw new IdsyncError("invalid-config", `${target} is already being written by this process`, {
      hint: "give each sync its own --file",
    });
  }
  const deadline = Date.now() + (options.waitMs ?? 0);
  // Waiting on a live holder is bounded by the deadline; everything else by three retries.
  for (let retries = 0; retries < 3;) {
    try {
      const fd = createExclusive(lockPath);
      try {
        fs.writeFileSync(fd, `${process.pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      heldLocks.add(key);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
    } catch {
      retries++;
      continue; // Released between our two calls: try again.
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processIsAlive(holder)) {
      if (Date.now() < deadline) {
        sleepSync(LOCK_POLL_MS);
        continue;
      }
      throw new IdsyncError("invalid-config", `another idsync process (pid ${holder}) is writing ${target}`, {
        hint: `wait for it to finish; if no such process is running, delete ${lockPath}`,
      });
    }
    // The holder died (e.g. SIGKILL) without releasing it. Two processes taking over the same
    // stale lock at the same instant is the one race left; the `wx` retry makes one of them lose.
    fs.rmSync(lockPath, { force: true });
    retries++;
  }
  throw new IdsyncError("invalid-config", `could not take the lock ${lockPath} for ${target}`);
}

/** Releases the lock if this process still holds it. */
export function releaseLock(lockPath: string): void {
  heldLocks.delete(path.resolve(lockPath));
  try {
    if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.rmSync(lockPath, { force: true });
  } catch {
    // Already gone.
  }
}
