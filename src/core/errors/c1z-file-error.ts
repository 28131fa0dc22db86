import { IdsyncError } from "./idsync-error.ts";

/** A c1z file cannot be read: damaged, truncated, not a c1z, or a format idsync does not read. */
/** What a damaged file leaves the user to do: nothing idsync reads it with can mend it. */
const DAMAGED_HINT =
  "restore the file from a backup, or move it aside: a sync then starts a new one (diff and review need two syncs again)";

export class C1zFileError extends IdsyncError {
  readonly path: string;

  constructor(
    kind: "corrupt-file" | "unsupported-file",
    path: string,
    problem: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(kind, `${path}: ${problem}`, {
      ...options,
      hint: options.hint ?? (kind === "corrupt-file" ? DAMAGED_HINT : undefined),
    });
    this.name = "C1zFileError";
    this.path = path;
  }
}
