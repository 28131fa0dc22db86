/**
 * @module
 * Files idsync creates on this machine: always new (exclusive, no symlink followed, mode
 * 0600), temp files under unpredictable names swept up after a killed run, and a full disk
 * reported with the folder that is full.
 */
export {
  createExclusive,
  createTempBeside,
  commitTemp,
  discardTemp,
  replaceFile,
  tempNameFor,
  TEMP_SUFFIX,
  type TempFile,
} from "./new-files.ts";
export { processIsAlive, removeLeftoverTemps } from "./leftovers.ts";
export { isDiskFull, restateDiskFull } from "./disk-full.ts";
export { acquireLock, releaseLock } from "./lock.ts";
