import { IdsyncError } from "./idsync-error.ts";

/** A setting is missing or malformed. Thrown before any request is made. */
export class ConfigError extends IdsyncError {
  /** The setting's flag name, e.g. `workspace-id`. */
  readonly setting: string | undefined;

  constructor(message: string, options: { setting?: string; hint?: string; cause?: unknown } = {}) {
    super("invalid-config", message, options);
    this.name = "ConfigError";
    this.setting = options.setting;
  }
}
