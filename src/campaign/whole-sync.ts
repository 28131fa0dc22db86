/**
 * @module
 * The sync a campaign reads from a file: its latest finished full sync, and nothing less. A
 * campaign built from an unfinished sync could miss access nobody then reviews, and a revoke
 * checked against one could look done because the grant was never read: either would be an
 * answer that cannot be the whole truth, so both are refused.
 */
import { ConfigError, type C1zReader, type SyncRun } from "../core/index.ts";
import { chooseSync } from "../review/index.ts";

export function wholeSync(reader: C1zReader, use: "review" | "verify"): SyncRun {
  const chosen = chooseSync(reader);
  if (!chosen.note) return chosen.run;
  const why =
    use === "review"
      ? "a campaign built from it could miss access"
      : "a revocation checked against it could look done only because it was not read";
  throw new ConfigError(
    `${reader.path}: has no finished full sync to ${use} (its newest, ${chosen.run.id}, is ${chosen.run.endedAt ? `a ${chosen.run.type} sync` : "unfinished"}); ${why}`,
    {
      setting: "file",
      hint: "sync the app again and let the sync finish",
    },
  );
}
