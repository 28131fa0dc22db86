import { IdsyncError } from "./idsync-error.ts";

/**
 * The c1z store was asked for something its state does not allow: a writer writing after it
 * closed, writing rows with no current sync, resuming a sync the file does not hold or that
 * has ended; a reader read after it closed. The work stops (kind `sync-failed`) with one line
 * naming the file, never with a stack trace; `path` is the c1z being written or read.
 */
export class StoreStateError extends IdsyncError {
  readonly path: string;

  constructor(path: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super("sync-failed", `${path}: ${message}`, options);
    this.name = "StoreStateError";
    this.path = path;
  }
}
