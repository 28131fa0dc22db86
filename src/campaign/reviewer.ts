/**
 * @module
 * Who is deciding: `--reviewer NAME`, else `IDSYNC_REVIEWER`, else the name of the OS user
 * running idsync. Written into every decision, so it must be a name, not nothing.
 */
import os from "node:os";
import { ConfigError } from "../core/index.ts";

/** The environment variable naming the reviewer when `--reviewer` is not given. */
export const REVIEWER_ENV = "IDSYNC_REVIEWER";

export function reviewerName(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  osUser: () => string = () => os.userInfo().username,
): string {
  const given = flag ?? env[REVIEWER_ENV];
  if (given !== undefined) {
    const name = given.trim();
    if (name === "" || /[\r\n]/.test(name)) {
      throw new ConfigError(`${flag !== undefined ? "--reviewer" : REVIEWER_ENV} must be a name on one line`, {
        setting: "reviewer",
        hint: "e.g. --reviewer ana@example.com",
      });
    }
    return name;
  }
  try {
    const name = osUser().trim();
    if (name) return name;
  } catch {
    // No user name (a container with an unknown uid): asked for below.
  }
  throw new ConfigError("who is deciding? this user has no name", {
    setting: "reviewer",
    hint: `give --reviewer NAME or set ${REVIEWER_ENV}`,
  });
}
