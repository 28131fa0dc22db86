/**
 * @module
 * The options and results of `HttpClient`, each option with its default and the reason for it.
 */
import type { ApiErrorKind } from "../errors/index.ts";
import type { Logger } from "../log/index.ts";
import type { AuthStrategy } from "./auth.ts";
import type { RateLimiterPool, RateLimitOptions } from "./limiter.ts";
import type { Sleep } from "./sleep.ts";
import type { QueryParams } from "./url.ts";

export interface RetryOptions {
  /**
   * Attempts in all, the first included. Only `rate-limited`, `unavailable` and `timeout` are
   * retried, and never an error marked `final` (a host that never answered and refuses or does
   * not resolve). Eight full-jitter attempts span about a minute, which rides out a 5xx blip or a
   * per-second or per-minute rate-limit window without stalling a broken sync for long.
   * @default 8
   */
  maxAttempts?: number;
  /**
   * The first retry waits a random time up to this; each later one doubles the ceiling.
   * @default 500
   */
  baseDelayMs?: number;
  /**
   * The ceiling of the random backoff.
   * @default 30_000
   */
  maxDelayMs?: number;
  /**
   * The longest server-requested wait (Retry-After, rate-limit reset) honoured; a longer request
   * fails at once with a hint instead of silently freezing a sync for an hour.
   * @default 300_000
   */
  maxRetryAfterMs?: number;
}

/** What a connector's `describeError` is given: the raw body, before any redaction. */
export interface ErrorInfo {
  readonly status: number;
  readonly body: string;
  /** `METHOD /path`, e.g. `GET /workspaces/abc/users`. */
  readonly endpoint: string;
  readonly headers: Headers;
}

/** A connector's reading of its product's error body. Every field is optional; all are redacted. */
export interface ErrorDescription {
  /** Replaces the generic detail after `GET /x returned 401 Unauthorized: `. */
  message?: string;
  hint?: string;
  /** Overrides the status-based kind, e.g. `rate-limited` for an API that answers a throttle with 403. */
  kind?: ApiErrorKind;
}

export type DescribeError = (info: ErrorInfo) => ErrorDescription | undefined;

/** What the client needs of a transport: global `fetch` is one. */
export type FetchLike = (input: URL, init: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  /** Joined with request paths with exactly one slash, whatever either side ends or starts with. */
  baseUrl: string;
  /**
   * Sent only to `baseUrl`'s origin, never across a redirect to another origin.
   * @default noAuth()
   */
  auth?: AuthStrategy;
  /** @default "idsync/<package version>" */
  userAgent?: string;
  /**
   * Per attempt, from sending the request to the last byte of the body.
   * @default 60_000
   */
  timeoutMs?: number;
  /**
   * The most one request may take in all, from when it is first sent, across every retry,
   * redirect and backoff: an API that never answers fails in this time, not attempts × timeout.
   * The CLI's `--http-timeout-seconds`, as in Baton.
   * @default 300_000
   */
  deadlineMs?: number;
  retry?: RetryOptions;
  /** Client-side limits, to stay under the API's documented rate. @default unlimited */
  rateLimit?: RateLimitOptions;
  /**
   * Where to take the rate limiter from, so that clients of one API share its rate.
   * @default a limiter of this client's own
   */
  limiters?: RateLimiterPool;
  /**
   * Requests in flight at once.
   * @default 8
   */
  maxConcurrency?: number;
  /**
   * The transport. Global `fetch` fits; an in-process simulator that handles `Request`s plugs
   * in as `(url, init) => handler(new Request(url, init))`.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /** Requests at debug, retries at warn. @default silentLogger */
  logger?: Logger;
  /** Parses the product's error bodies; the generic parse is used when it returns undefined. */
  describeError?: DescribeError;
  /** For tests: how to wait. @default setTimeout, abortable */
  sleep?: Sleep;
  /** For tests: jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * For tests: the clock (epoch ms) HTTP dates are read against, and the rate limiter's clock.
   * @default Date.now, and a monotonic clock for the rate limiter
   */
  now?: () => number;
}

export interface RequestOptions {
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** Aborting it stops the request and every wait at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** `false`: one attempt, no retry (the escape hatch); an object overrides the client's policy. */
  retry?: false | RetryOptions;
  /** Overrides the client's `timeoutMs` for this request. */
  timeoutMs?: number;
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  /** The parsed JSON; `null` for 204/205. */
  body: T;
  /** The final URL, after redirects. */
  url: string;
}

export interface HttpStats {
  /** HTTP requests sent, retries and redirect hops included. */
  requests: number;
  retries: number;
  /** 429 responses seen. */
  rateLimited: number;
  /** Calls that finally failed with an ApiError. */
  failures: number;
}
