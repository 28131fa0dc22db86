import { IdsyncError } from "./idsync-error.ts";

/** The sync was stopped by a signal; the file is as it was (see run.ts for what the next run does). */
export class InterruptedError extends IdsyncError {
  readonly signal: string;

  constructor(signal: string) {
    super("interrupted", `sync interrupted by ${signal}; the file was left as it was`);
    this.name = "InterruptedError";
    this.signal = signal;
  }
}
