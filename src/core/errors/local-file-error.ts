import { IdsyncError } from "./idsync-error.ts";

/**
 * idsync could not write a file of its own on this machine: the disk holding it is full (or
 * over quota). `path` is the file being written; the message names the folder that is full.
 */
export class LocalFileError extends IdsyncError {
  readonly path: string;

  constructor(path: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super("local-file", message, options);
    this.name = "LocalFileError";
    this.path = path;
  }
}
