/**
 * @module
 * The base of every error idsync raises on purpose. Callers switch on `kind` only: retries,
 * exit codes and messages never inspect classes or message text.
 */

export type ErrorKind =
  /** A setting is missing or malformed; nothing was requested. */
  | "invalid-config"
  /** The API refused the credentials (HTTP 401). */
  | "unauthenticated"
  /** The credentials work but lack a permission (HTTP 403). */
  | "permission-denied"
  /** The API says the object does not exist (HTTP 404), e.g. an unknown workspace id. */
  | "not-found"
  /** HTTP 429 after every retry was used. */
  | "rate-limited"
  /** 5xx, connection reset or refused, DNS failure: worth retrying. */
  | "unavailable"
  /** A request took longer than its timeout. */
  | "timeout"
  /** The API answered 2xx with something idsync cannot read (bad JSON, wrong shape). */
  | "invalid-response"
  /** Anything else the API refused that retrying cannot fix (400, 405, 409…). */
  | "fatal"
  /** A c1z file that is truncated, not a c1z, or holds a damaged database. */
  | "corrupt-file"
  /** A c1z file in a format idsync does not read (e.g. Baton's C1Z3/Pebble files). */
  | "unsupported-file"
  /** A file idsync writes on this machine could not be written: its disk is full or over quota. */
  | "local-file"
  /** The sync engine stopped on a guard (repeated page token, missing trait, bad expansion). */
  | "sync-failed"
  /** SIGINT/SIGTERM: the sync stopped and the file was left as it was. */
  | "interrupted";

const BRAND = Symbol.for("idsync.error");

export interface IdsyncErrorOptions {
  cause?: unknown;
  /** What the user can do about it, shown after the message. */
  hint?: string;
}

export class IdsyncError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly [BRAND] = true;

  constructor(kind: ErrorKind, message: string, options: IdsyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IdsyncError";
    this.kind = kind;
    this.hint = options.hint;
  }
}

/** True for any IdsyncError, including ones from another copy of this module. */
export function isIdsyncError(error: unknown): error is IdsyncError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
