import { IdsyncError } from "../core/index.ts";

/**
 * A campaign file cannot be read: cut short, not JSON, not a campaign, or a version this idsync
 * does not read. Exit 6, as for a damaged c1z: the file is left as it is.
 */
export class CampaignFileError extends IdsyncError {
  readonly path: string;

  constructor(
    kind: "corrupt-file" | "unsupported-file",
    path: string,
    problem: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(kind, `${path}: ${problem}`, options);
    this.name = "CampaignFileError";
    this.path = path;
  }
}
