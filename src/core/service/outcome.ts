/**
 * @module
 * How a task's end is told to ConductorOne: FinishTask's `google.rpc.Status` code and message,
 * and whether trying the task again can help (`non_retryable`). Go takes the code from a gRPC
 * error, else 1 for a cancel, 4 for a deadline and 2 for anything else
 * (`pkg/tasks/c1api/manager.go:349-383`); idsync's errors carry a kind, which maps to the code
 * a reader in ConductorOne would expect.
 */
import { Code } from "@connectrpc/connect";
import { isIdsyncError, type ErrorKind } from "../errors/index.ts";
import { redact } from "../log/index.ts";
import { ServiceError } from "./errors.ts";

export interface TaskFailure {
  code: Code;
  message: string;
  nonRetryable: boolean;
}

const BY_KIND: Record<ErrorKind, { code: Code; nonRetryable: boolean }> = {
  // A refused key or a missing permission stays so until someone changes the settings.
  unauthenticated: { code: Code.Unauthenticated, nonRetryable: true },
  "permission-denied": { code: Code.PermissionDenied, nonRetryable: true },
  "invalid-config": { code: Code.InvalidArgument, nonRetryable: true },
  "not-found": { code: Code.NotFound, nonRetryable: true },
  fatal: { code: Code.FailedPrecondition, nonRetryable: true },
  "rate-limited": { code: Code.ResourceExhausted, nonRetryable: false },
  unavailable: { code: Code.Unavailable, nonRetryable: false },
  timeout: { code: Code.DeadlineExceeded, nonRetryable: false },
  "invalid-response": { code: Code.Internal, nonRetryable: false },
  "corrupt-file": { code: Code.Internal, nonRetryable: false },
  "unsupported-file": { code: Code.Internal, nonRetryable: false },
  // A full disk is gRPC's "resource exhausted"; once space is freed the task can run again.
  "local-file": { code: Code.ResourceExhausted, nonRetryable: false },
  // A guard that tripped on a repeated or short page: the next try usually reads a steady API.
  "sync-failed": { code: Code.Internal, nonRetryable: false },
  interrupted: { code: Code.Canceled, nonRetryable: false },
};

/** At most this much text in a status message (ConductorOne shows it; it need not be a log). */
const MESSAGE_CHARS = 2000;

export function taskFailure(error: unknown): TaskFailure {
  const text = (message: string, hint?: string): string =>
    redact(hint ? `${message}; ${hint}` : message).slice(0, MESSAGE_CHARS);
  if (error instanceof ServiceError)
    return { code: error.code, message: text(error.message, error.hint), nonRetryable: !error.retryable };
  if (isIdsyncError(error)) {
    const { code, nonRetryable } = BY_KIND[error.kind];
    return { code, message: text(error.message, error.hint), nonRetryable };
  }
  return {
    code: Code.Unknown,
    message: text(error instanceof Error ? error.message : String(error)),
    nonRetryable: false,
  };
}

/** Whether a failed call to ConductorOne is worth making again. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ServiceError) return error.retryable;
  return (
    isIdsyncError(error) && (error.kind === "unavailable" || error.kind === "timeout" || error.kind === "rate-limited")
  );
}
