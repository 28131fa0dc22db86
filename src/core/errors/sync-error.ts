import { IdsyncError } from "./idsync-error.ts";

/** The sync engine refused to go on: a guard tripped. The previous c1z is left untouched. */
export class SyncError extends IdsyncError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super("sync-failed", message, options);
    this.name = "SyncError";
  }
}
