import { isIdsyncError, type ErrorKind } from "./idsync-error.ts";

/**
 * Process exit codes, one per thing a user can act on. Documented in the README; scripts and
 * schedulers rely on them, so never renumber.
 */
export const EXIT_CODES = {
  ok: 0,
  /** An unexpected bug or an error idsync did not classify. */
  internal: 1,
  /** Bad settings or command-line usage. */
  invalidConfig: 2,
  /** The API refused the credentials (401). */
  unauthenticated: 3,
  /** The credentials lack a permission (403). */
  permissionDenied: 4,
  /** The API failed: unavailable, rate limited, timed out, bad response, not found. */
  apiFailure: 5,
  /** A c1z file is damaged or in an unsupported format. */
  badFile: 6,
  /** The sync engine stopped on a guard. */
  syncFailed: 7,
  /**
   * `idsync review --fail-on` found what it was told to fail on, or `idsync campaign verify
   * --fail-on outstanding` found revocations not shown done (outstanding, unchecked, or on an
   * account disabled with the grant still present, unless `--accept-disabled`): the command
   * worked, the tenant needs attention.
   */
  reviewFindings: 8,
  /** A file idsync writes on this machine could not be written: the disk holding it is full. */
  localFile: 9,
  /** Interrupted by SIGINT/SIGTERM after a checkpoint (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

const BY_KIND: Record<ErrorKind, number> = {
  "invalid-config": EXIT_CODES.invalidConfig,
  unauthenticated: EXIT_CODES.unauthenticated,
  "permission-denied": EXIT_CODES.permissionDenied,
  "not-found": EXIT_CODES.apiFailure,
  "rate-limited": EXIT_CODES.apiFailure,
  unavailable: EXIT_CODES.apiFailure,
  timeout: EXIT_CODES.apiFailure,
  "invalid-response": EXIT_CODES.apiFailure,
  fatal: EXIT_CODES.apiFailure,
  "corrupt-file": EXIT_CODES.badFile,
  "unsupported-file": EXIT_CODES.badFile,
  "local-file": EXIT_CODES.localFile,
  "sync-failed": EXIT_CODES.syncFailed,
  interrupted: EXIT_CODES.interrupted,
};

export function exitCodeFor(error: unknown): number {
  return isIdsyncError(error) ? BY_KIND[error.kind] : EXIT_CODES.internal;
}
