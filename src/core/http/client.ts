/**
 * @module
 * The API client every connector builds on: auth, timeouts, retries with full-jitter backoff,
 * rate limits, an in-flight bound, redirects that never leak credentials, and errors classified
 * once (see `_classify.ts`). Connectors never catch-and-retry themselves; they read `kind`.
 */
import { ApiError } from "../errors/index.ts";
import { isSensitiveHeader, redact, redactValue, silentLogger, type Logger } from "../log/index.ts";
import packageJson from "../../../package.json" with { type: "json" };
import { _raceAbort, _sleep, yieldToEventLoop, type Sleep } from "./sleep.ts";
import { noAuth, type AuthStrategy } from "./auth.ts";
import {
  _defaultHint,
  _excerpt,
  _genericDetail,
  _hostPort,
  _isTransportFailure,
  _kindForStatus,
  _statusLine,
  _transportError,
} from "./_classify.ts";
import { RateLimiter, _Semaphore } from "./limiter.ts";
import { DEFAULT_DEADLINE_MS, _RequestDeadline } from "./_deadline.ts";
import type {
  DescribeError,
  ErrorDescription,
  ErrorInfo,
  FetchLike,
  HttpClientOptions,
  HttpStats,
  JsonResponse,
  RequestOptions,
  RetryOptions,
} from "./options.ts";
import { JsonArrayError, JsonArrayReader } from "./_json-array-stream.ts";
import { _formatMs, _remaining, _resetMs, _serverWaitMs } from "./_rate-headers.ts";
import { _endpointPath, _loggableQuery, _parseBaseUrl, _resolveUrl } from "./url.ts";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const BODY_EXCERPT_CHARS = 500;
/** Every attempt failed with an error that can pass (a 5xx, a dropped connection): the fault is the API's, for now. */
const GAVE_UP_HINT =
  "the API kept failing on its side: try again later; if it persists, check the product's status page";

const DEADLINE_HINT =
  "the API is not answering in time: try again later, or allow more with --http-timeout-seconds (BATON_HTTP_TIMEOUT_SECONDS)";

function _positive(name: string, value: number | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || (integer && !Number.isInteger(value)))
    throw new TypeError(`${name} must be a positive ${integer ? "whole " : ""}number, got ${value}`);
  return value;
}

function _policy(base: Required<RetryOptions>, override: RetryOptions | undefined): Required<RetryOptions> {
  return {
    maxAttempts: _positive("retry.maxAttempts", override?.maxAttempts, base.maxAttempts, true),
    baseDelayMs: _positive("retry.baseDelayMs", override?.baseDelayMs, base.baseDelayMs),
    maxDelayMs: _positive("retry.maxDelayMs", override?.maxDelayMs, base.maxDelayMs),
    maxRetryAfterMs: _positive("retry.maxRetryAfterMs", override?.maxRetryAfterMs, base.maxRetryAfterMs),
  };
}

/** The same error with a new message or hint (ApiError fields are read-only by design). */
export class HttpClient {
  readonly #base: URL;
  readonly #auth: AuthStrategy;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #retry: Required<RetryOptions>;
  readonly #limiter: RateLimiter;
  readonly #slots: _Semaphore;
  readonly #fetch: FetchLike;
  readonly #log: Logger;
  readonly #describe: DescribeError | undefined;
  readonly #sleep: Sleep;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0, failures: 0 };
  /** Origins that have answered this client at least once (see `_TransportContext.answeredBefore`). */
  readonly #answered = new Set<string>();

  constructor(options: HttpClientOptions) {
    this.#base = _parseBaseUrl(options.baseUrl);
    this.#auth = options.auth ?? noAuth();
    this.#userAgent = options.userAgent ?? `idsync/${packageJson.version}`;
    this.#timeoutMs = _positive("timeoutMs", options.timeoutMs, 60_000);
    this.#deadlineMs = _positive("deadlineMs", options.deadlineMs, DEFAULT_DEADLINE_MS);
    this.#retry = _policy(
      { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 },
      options.retry,
    );
    this.#sleep = options.sleep ?? _sleep;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    // The limiter keeps its own monotonic clock unless a test hands it one.
    const makeLimiter = () =>
      new RateLimiter({ ...options.rateLimit, sleep: this.#sleep, ...(options.now ? { now: options.now } : {}) });
    this.#limiter =
      options.limiters?.limiterFor(this.#base.origin, options.rateLimit ?? {}, makeLimiter) ?? makeLimiter();
    this.#slots = new _Semaphore(options.maxConcurrency ?? 8);
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#log = options.logger ?? silentLogger;
    this.#describe = options.describeError;
  }

  /** The base URL requests are resolved against. */
  get baseUrl(): string {
    return this.#base.href;
  }

  /** A snapshot of the counters. */
  get stats(): HttpStats {
    return { ...this.#stats };
  }

  getJson<T>(path: string, options?: Omit<RequestOptions, "body">): Promise<JsonResponse<T>> {
    return this.requestJson<T>("GET", path, options);
  }

  /**
   * GETs a list that arrives as one top-level JSON array, reading the body as a stream: each item
   * is parsed as soon as it is complete and handed to `mapItem`, whose results are returned, so
   * neither the whole body nor every parsed item is ever held at once. Retries start the list
   * over. A body that is not one complete array fails with an `invalid-response` ApiError that
   * quotes nothing of it: a list cut short never passes for a shorter one.
   *
   * @example
   * const { body: ids } = await http.getJsonArray("/users", (item) => (item as { id: string }).id);
   */
  getJsonArray<R>(
    path: string,
    mapItem: (item: unknown, index: number) => R,
    options?: Omit<RequestOptions, "body">,
  ): Promise<JsonResponse<R[]>> {
    return this.#request<R[]>("GET", path, options ?? {}, mapItem as (item: unknown, index: number) => unknown);
  }

  /**
   * Sends a request and parses the JSON answer, retrying what can be retried. Throws
   * {@link ApiError} (classified by kind), or the caller's abort reason when its signal aborts.
   */
  requestJson<T>(method: string, path: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    return this.#request<T>(method, path, options, undefined);
  }

  async #request<T>(
    method: string,
    path: string,
    options: RequestOptions,
    mapItem: ((item: unknown, index: number) => unknown) | undefined,
  ): Promise<JsonResponse<T>> {
    const verb = method.toUpperCase();
    const url = _resolveUrl(this.#base, path, options.query);
    const endpoint = redact(`${verb} ${_endpointPath(path)}`);
    const policy = options.retry === false ? { ...this.#retry, maxAttempts: 1 } : _policy(this.#retry, options.retry);
    const signal = options.signal;
    const deadline = new _RequestDeadline(this.#deadlineMs);
    try {
      for (let attempt = 1; ; attempt++) {
        signal?.throwIfAborted();
        try {
          const answer = await this.#attempt<T>(verb, url, endpoint, options, attempt, deadline, mapItem);
          // Parsing a big page is synchronous; a stop that came meanwhile is seen here, before
          // the caller spends as long again mapping and committing it.
          await yieldToEventLoop();
          signal?.throwIfAborted();
          return answer;
        } catch (error) {
          // Ctrl-C is the caller's decision, not an API failure: never retried, never re-labelled.
          if (signal?.aborted === true) throw signal.reason;
          // The deadline can pass while this attempt still queues for a slot.
          if (deadline.expired && !(error instanceof ApiError)) throw this.#deadlineError(endpoint, attempt, deadline);
          if (!(error instanceof ApiError)) throw error;
          const wait = this.#nextWait(error, attempt, policy, deadline);
          if (wait instanceof ApiError) {
            this.#stats.failures++;
            throw wait;
          }
          await this.#retryAfter(error, wait, attempt, policy, endpoint, signal);
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  async #retryAfter(
    error: ApiError,
    wait: number,
    attempt: number,
    policy: Required<RetryOptions>,
    endpoint: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    // Everyone waits out a rate limit (or a server's explicit "come back later"), not just
    // this request: no thundering herd when the window resets.
    if (error.kind === "rate-limited" || error.retryAfterMs !== undefined) this.#limiter.pauseFor(wait);
    this.#stats.retries++;
    this.#log.warn("retrying request", {
      endpoint,
      attempt,
      maxAttempts: policy.maxAttempts,
      kind: error.kind,
      status: error.status,
      waitMs: Math.round(wait),
      error: error.message,
    });
    await this.#sleep(wait, signal);
  }

  #deadlineError(endpoint: string, attempt: number, deadline: _RequestDeadline): ApiError {
    const tries = attempt === 1 ? "" : ` over ${attempt} attempts`;
    return new ApiError(
      "timeout",
      `${endpoint} got no answer within ${_formatMs(deadline.totalMs)}${tries}, the most a request may take`,
      { endpoint, hint: DEADLINE_HINT },
    );
  }

  /** How long to wait before the next attempt, or the error to throw now. */
  #nextWait(
    error: ApiError,
    attempt: number,
    policy: Required<RetryOptions>,
    deadline: _RequestDeadline,
  ): number | ApiError {
    // The deadline's own timeout is final: it already says how long was allowed.
    if (!error.retryable || deadline.expired) return error;
    if (attempt >= policy.maxAttempts) {
      return attempt === 1
        ? error
        : error.restated(`${error.message} (gave up after ${attempt} attempts)`, error.hint ?? GAVE_UP_HINT);
    }
    const asked = error.retryAfterMs;
    if (asked !== undefined && asked > policy.maxRetryAfterMs) {
      return error.restated(
        `${error.message} (the API asked to wait ${_formatMs(asked)}, longer than the ${_formatMs(policy.maxRetryAfterMs)} idsync waits)`,
        "try again after the API's rate-limit window resets",
      );
    }
    // Full jitter (random * ceiling): concurrent clients spread out instead of retrying in step.
    const backoff = this.#random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const wait = Math.max(backoff, asked ?? 0);
    // A retry that could only start after the deadline cannot succeed: say so now, not later.
    if (wait >= deadline.remainingMs()) {
      return error.restated(
        `${error.message} (gave up after ${attempt} ${attempt === 1 ? "attempt" : "attempts"}: ${_formatMs(deadline.totalMs)} is the most a request may take)`,
        DEADLINE_HINT,
      );
    }
    return wait;
  }

  async #attempt<T>(
    method: string,
    url: URL,
    endpoint: string,
    options: RequestOptions,
    attempt: number,
    deadline: _RequestDeadline,
    mapItem: ((item: unknown, index: number) => unknown) | undefined,
  ): Promise<JsonResponse<T>> {
    const signal = options.signal;
    // Once the request has been sent, waiting for a slot or a permit counts against its deadline.
    const waitSignal = deadline.started ? AbortSignal.any([...(signal ? [signal] : []), deadline.signal]) : signal;
    const release = await this.#slots.acquire(waitSignal);
    const timeoutMs = _positive("timeoutMs", options.timeoutMs, this.#timeoutMs);
    const timeout = new AbortController();
    const combined = AbortSignal.any([...(signal ? [signal] : []), timeout.signal, deadline.signal]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let phase: "sending" | "reading" = "sending";
    let current = url;
    let started = performance.now();
    try {
      let verb = method;
      let body = options.body === undefined ? undefined : JSON.stringify(options.body);
      let withAuth = true;
      for (let hop = 0; ; hop++) {
        // Every hop is a request the API counts, so each takes a permit of its own.
        const answered = await this.#limiter.acquire(hop === 0 ? waitSignal : combined);
        // Queueing for the rate limiter is not the API being slow: start the clocks after it.
        deadline.start();
        timer ??= setTimeout(() => timeout.abort(new Error("request timed out")), timeoutMs);
        phase = "sending";
        const init: RequestInit = {
          method: verb,
          headers: this.#headers(withAuth, body !== undefined, options.headers),
          redirect: "manual",
          signal: combined,
        };
        if (body !== undefined) init.body = body;
        this.#stats.requests++;
        started = performance.now();
        let response: Response;
        try {
          response = await _raceAbort(this.#fetch(current, init), combined);
        } finally {
          // The answer's headers are in (or the request failed): the API has surely counted it.
          answered();
        }
        this.#answered.add(current.origin);
        if (response.status === 429) this.#stats.rateLimited++;
        const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
        if (location === null) {
          phase = "reading";
          if (mapItem !== undefined && response.status >= 200 && response.status < 300) {
            const items = await this.#readArray(response, mapItem, endpoint, combined);
            this.#logResponse(verb, current, response.status, started, attempt);
            this.#noteAllowance(response.headers);
            return { status: response.status, headers: response.headers, body: items as T, url: current.href };
          }
          const text = await _raceAbort(response.text(), combined);
          this.#logResponse(verb, current, response.status, started, attempt);
          return this.#handle<T>(response, text, endpoint, current);
        }
        // We follow redirects ourselves: fetch drops only `Authorization` on a cross-origin hop
        // and would carry X-Api-Key or x-runlayer-api-key to whatever host the Location names.
        await response.body?.cancel().catch(() => undefined);
        this.#logResponse(verb, current, response.status, started, attempt);
        if (hop >= MAX_REDIRECTS)
          throw new ApiError("fatal", `${endpoint} was redirected more than ${MAX_REDIRECTS} times`, {
            endpoint,
            status: response.status,
          });
        const next = URL.canParse(location, current.href) ? new URL(location, current) : undefined;
        if (next === undefined || (next.protocol !== "https:" && next.protocol !== "http:")) {
          throw new ApiError(
            "fatal",
            redact(`${endpoint} was redirected to an unusable location ${JSON.stringify(location)}`),
            { endpoint, status: response.status },
          );
        }
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && verb === "POST")) {
          verb = verb === "HEAD" ? verb : "GET";
          body = undefined;
        }
        // Once stripped, credentials stay stripped, even if a later hop comes back (as fetch does).
        if (next.origin !== this.#base.origin) withAuth = false;
        current = next;
      }
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      if (error instanceof ApiError) throw error;
      let failure: ApiError | undefined;
      if (deadline.expired) {
        failure = this.#deadlineError(endpoint, attempt, deadline);
      } else if (timeout.signal.aborted) {
        failure = new ApiError("timeout", `${endpoint} timed out after ${_formatMs(timeoutMs)}`, { endpoint });
      } else if (_isTransportFailure(error)) {
        failure = _transportError(endpoint, error, {
          hostPort: _hostPort(current),
          phase,
          answeredBefore: this.#answered.has(current.origin),
        });
      }
      if (failure === undefined) throw error;
      this.#log.debug("http request failed", {
        method,
        path: current.pathname,
        attempt,
        kind: failure.kind,
        durationMs: Math.round(performance.now() - started),
      });
      throw failure;
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  #headers(withAuth: boolean, hasBody: boolean, extra: Readonly<Record<string, string>> | undefined): Headers {
    const headers = new Headers({ accept: "application/json", "user-agent": this.#userAgent });
    if (hasBody) headers.set("content-type", "application/json");
    for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
    if (withAuth) {
      for (const [name, value] of Object.entries(this.#auth.headers)) headers.set(name, value);
    } else {
      // Off the API's origin nothing credential-like goes out, whoever set it.
      for (const name of [...headers.keys()]) if (isSensitiveHeader(name)) headers.delete(name);
    }
    return headers;
  }

  #logResponse(method: string, url: URL, status: number, started: number, attempt: number): void {
    if (!this.#log.enabled("debug")) return;
    const path = url.origin === this.#base.origin ? url.pathname : `${url.origin}${url.pathname}`;
    this.#log.debug("http request", {
      method,
      path,
      query: _loggableQuery(url),
      status,
      durationMs: Math.round(performance.now() - started),
      attempt,
    });
  }

  /** The items of a JSON array body, each mapped as soon as it is read; see `getJsonArray`. */
  async #readArray(
    response: Response,
    mapItem: (item: unknown, index: number) => unknown,
    endpoint: string,
    signal: AbortSignal,
  ): Promise<unknown[]> {
    const reader = new JsonArrayReader();
    const items: unknown[] = [];
    try {
      if (response.body !== null) {
        for await (const chunk of response.body) {
          signal.throwIfAborted();
          for (const item of reader.push(chunk)) items.push(mapItem(item, items.length));
        }
      }
      reader.end();
    } catch (error) {
      if (!(error instanceof JsonArrayError)) throw error;
      await response.body?.cancel().catch(() => undefined);
      throw new ApiError(
        "invalid-response",
        `${endpoint} returned ${_statusLine(response.status, response.statusText)} but ${error.message}`,
        {
          endpoint,
          status: response.status,
          hint: "check that the base URL points at the API itself, not a web page or proxy",
        },
      );
    }
    return items;
  }

  /** An exhausted allowance on a success: hold everyone back until the window resets. */
  #noteAllowance(headers: Headers): void {
    if (_remaining(headers) !== 0) return;
    const reset = _resetMs(headers, this.#now());
    if (reset !== undefined && reset > 0) this.#limiter.pauseFor(Math.min(reset, this.#retry.maxRetryAfterMs));
  }

  #handle<T>(response: Response, text: string, endpoint: string, url: URL): JsonResponse<T> {
    const { status, headers } = response;
    const nowMs = this.#now();
    if (status >= 200 && status < 300) {
      this.#noteAllowance(headers);
      if (status === 204 || status === 205) return { status, headers, body: null as T, url: url.href };
      try {
        return { status, headers, body: JSON.parse(text) as T, url: url.href };
      } catch (error) {
        throw new ApiError(
          "invalid-response",
          `${endpoint} returned ${_statusLine(status, response.statusText)} with a body that is not JSON: ${_excerpt(text, 80) || "(empty)"}`,
          {
            endpoint,
            status,
            body: _excerpt(text, BODY_EXCERPT_CHARS),
            hint: "check that the base URL points at the API itself, not a web page or proxy",
            // V8 quotes the offending input in SyntaxError messages: keep where it broke, not what.
            cause:
              error instanceof SyntaxError
                ? new SyntaxError(_excerpt(error.message.replace(/"[\s\S]*"/, '"…"')))
                : redactValue(error),
          },
        );
      }
    }
    const described = this.#describeSafely({ status, body: text, endpoint, headers });
    const kind = described?.kind ?? _kindForStatus(status);
    const detail =
      described?.message !== undefined && described.message.trim() !== ""
        ? _excerpt(described.message)
        : _genericDetail(text);
    const hint = described?.hint ?? _defaultHint(kind);
    throw new ApiError(
      kind,
      redact(
        `${endpoint} returned ${_statusLine(status, response.statusText)}${detail === undefined ? "" : `: ${detail}`}`,
      ),
      {
        endpoint,
        status,
        retryAfterMs: _serverWaitMs(status, headers, nowMs),
        body: _excerpt(text, BODY_EXCERPT_CHARS),
        hint: hint === undefined ? undefined : redact(hint),
      },
    );
  }

  #describeSafely(info: ErrorInfo): ErrorDescription | undefined {
    if (this.#describe === undefined) return undefined;
    try {
      return this.#describe(info);
    } catch (error) {
      // A bug in a connector's parser must not hide the API's actual answer.
      this.#log.warn("describeError failed; using the generic error text", { endpoint: info.endpoint, error });
      return undefined;
    }
  }
}
