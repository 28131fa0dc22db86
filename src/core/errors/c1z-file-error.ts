import { IdsyncError } from "./idsync-error.ts";

/** A c1z file cannot be read: damaged, truncated, not a c1z, or a format idsync does not read. */
export class C1zFileError extends IdsyncError {
  readonly path: string;

  constructor(
    kind: "corrupt-file" | "unsupported-file",
    path: string,
    problem: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(kind, `${path}: ${problem}`, options);
    this.name = "C1zFileError";
    this.path = path;
  }
}
