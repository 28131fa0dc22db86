import { SyncError } from "./sync-error.ts";

/**
 * The API's answer cannot be the whole truth when set against what is already known: a listing
 * empty or sharply smaller than in the previous full sync of the file, or one lacking the
 * caller that validation saw. Fails the sync like any guard (exit 7, the file as it was), and
 * the working copy is thrown away, so the next run reads the tenant afresh instead of continuing
 * into the same answer.
 */
export class AnswerRefusedError extends SyncError {
  readonly reason: "shrank" | "caller-missing";

  constructor(reason: "shrank" | "caller-missing", message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.name = "AnswerRefusedError";
    this.reason = reason;
  }
}
