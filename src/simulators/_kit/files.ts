/**
 * @module
 * How a simulator puts a file on disk (the fake ConductorOne's uploads and its CA): under a
 * random temp name opened exclusively without following a symlink, mode 0600, then renamed
 * into place, so a link planted in the folder is never written through. The kit may not
 * import idsync's core (boundaries.test.ts), so this is its own small version of
 * core/files' replaceFile, not a shared one.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const CREATE_NEW = fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW;

/** Writes `data` to `target`, replacing what was there, without writing through a planted link. */
export function replaceFileSafely(target: string, data: string | Uint8Array): void {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(8).toString("hex")}.tmp`,
  );
  const fd = fs.openSync(temp, CREATE_NEW, 0o600);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
