import { IdsyncError, type ErrorKind } from "./idsync-error.ts";

export type ApiErrorKind = Extract<
  ErrorKind,
  | "unauthenticated"
  | "permission-denied"
  | "not-found"
  | "rate-limited"
  | "unavailable"
  | "timeout"
  | "invalid-response"
  | "fatal"
>;

export interface ApiErrorDetails {
  /** `METHOD path` of the request, without the query string's secrets, e.g. `GET /workspaces/…/users`. */
  endpoint: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** How long the API asked us to wait (Retry-After or rate-limit reset), in milliseconds. */
  retryAfterMs?: number;
  /** A short excerpt of the response body the API sent, redacted. */
  body?: string;
  hint?: string;
  cause?: unknown;
  /**
   * Retrying cannot help, though the kind usually can: a host that refuses connections or does
   * not resolve before it ever answered is a wrong URL, not a blip. The kind stays (exit codes
   * and schedulers still see `unavailable`); only the request's own retries stop.
   * @default false
   */
  final?: boolean;
}

/** A request to a SaaS API failed. Classified once, at the HTTP edge, by status or failure. */
export class ApiError extends IdsyncError {
  declare readonly kind: ApiErrorKind;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly body: string | undefined;
  readonly final: boolean;

  constructor(kind: ApiErrorKind, message: string, details: ApiErrorDetails) {
    super(kind, message, { hint: details.hint, cause: details.cause });
    this.name = "ApiError";
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.body = details.body;
    this.final = details.final === true;
  }

  /**
   * The same failure told in other words — e.g. in terms of the user's settings — keeping its
   * kind, endpoint, status and wait, so retries and exit codes treat it exactly the same.
   */
  restated(message: string, hint: string | undefined = this.hint): ApiError {
    return new ApiError(this.kind, message, {
      endpoint: this.endpoint,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      body: this.body,
      hint,
      cause: this.cause ?? this,
      final: this.final,
    });
  }

  /** Whether trying the same request again can succeed. */
  get retryable(): boolean {
    if (this.final) return false;
    return this.kind === "rate-limited" || this.kind === "unavailable" || this.kind === "timeout";
  }
}
