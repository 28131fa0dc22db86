import { IdsyncError } from "./idsync-error.ts";

/** The sync was stopped by a signal after writing a checkpoint; the next run resumes it. */
export class InterruptedError extends IdsyncError {
  readonly signal: string;

  constructor(signal: string) {
    super("interrupted", `sync interrupted by ${signal}; progress was saved and the next run resumes it`);
    this.name = "InterruptedError";
    this.signal = signal;
  }
}
