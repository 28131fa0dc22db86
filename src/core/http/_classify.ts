/**
 * @module
 * The one place where HTTP outcomes get a `kind` (STYLE.md habit 5). Retries and exit codes
 * switch on the kind only, so everything a status, a socket error or a body can mean is decided
 * here and nowhere else.
 */
import { STATUS_CODES } from "node:http";
import { ApiError, type ApiErrorKind } from "../errors/index.ts";
import { redact } from "../log/index.ts";
import { _quotableBody } from "./_body-shape.ts";

/** Baton's `GrpcCodeFromHTTPStatus`, with idsync's kinds; 400, 405, 409, … are `fatal`. */
export function _kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "permission-denied";
  if (status === 404) return "not-found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate-limited";
  if (status >= 500) return "unavailable";
  return "fatal";
}

/** What the user can do, when the connector's `describeError` did not say. */
const DEFAULT_HINTS: Partial<Record<ApiErrorKind, string>> = {
  unauthenticated:
    "the API refused the credentials: check that the API key is correct, not revoked, and for this tenant",
  "permission-denied":
    "the credentials are valid but lack a permission this request needs: use a key with an administrator role",
  "not-found": "check the ids and the base URL in the settings",
  "rate-limited": "the API kept refusing with 429 Too Many Requests: try again later, or lower the request rate",
};

export function _defaultHint(kind: ApiErrorKind): string | undefined {
  return DEFAULT_HINTS[kind];
}

export function _statusLine(status: number, statusText: string): string {
  const text = statusText.trim() !== "" ? statusText.trim() : (STATUS_CODES[status] ?? "");
  return text === "" ? String(status) : `${status} ${text}`;
}

const EXCERPT_CHARS = 200;

/**
 * What of a body (or of a message taken from one) an error may quote: its shape with the
 * tenant's data elided and emails masked (see `_body-shape.ts`), redacted, whitespace collapsed,
 * cut to about 200 characters.
 */
export function _excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = redact(_quotableBody(text)).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The readable part of an error body when the connector does not parse it: the `message`,
 * `detail` (FastAPI, including its 422 list of `{msg}`), `error` or `error_description` field of
 * a JSON body, else an excerpt of the text. Covers the shapes in apis/*.md: Clockify
 * `{message, code}`, env0 `{message}`, Codefresh `{status, code, name, message}`, Runlayer `{detail}`.
 */
export function _genericDetail(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return _excerpt(trimmed);
  }
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    for (const key of ["message", "detail", "error_description", "error"]) {
      const value = record[key];
      if (typeof value === "string" && value.trim() !== "") return _excerpt(value);
      if (key === "detail" && Array.isArray(value)) {
        const messages = value.flatMap((item) => {
          const msg = (item as { msg?: unknown } | null)?.msg;
          return typeof msg === "string" ? [msg] : [];
        });
        if (messages.length > 0) return _excerpt(messages.join("; "));
      }
      if (key === "error" && typeof value === "object" && value !== null) {
        const message = (value as { message?: unknown }).message;
        if (typeof message === "string" && message.trim() !== "") return _excerpt(message);
      }
    }
  }
  return _excerpt(trimmed);
}

// Error codes of network, DNS, TLS and HTTP-parser failures. Node's own `ERR_*` codes (bad
// arguments and other bugs) are deliberately absent: a bug must surface, not be retried.
const NETWORK_CODE =
  /^(E(?!RR_)[A-Z0-9_]+|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|ERR_SSL_[A-Z0-9_]+|ERR_TLS_[A-Z0-9_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

/** The network error codes found along an error's cause chain, outermost first. */
function _codes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODE.test(code)) codes.push(code);
    // Happy-eyeballs connection failures arrive as an AggregateError of per-address errors.
    if (current instanceof AggregateError) for (const inner of current.errors) codes.push(..._codes(inner));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * Whether an error thrown by fetch (or while reading a body) is a transport failure rather than
 * a bug. Node's fetch reports network failures as `TypeError("fetch failed")` or
 * `TypeError("terminated")` with a coded cause; an injected fetch should throw an error with a
 * `code` (e.g. `ECONNRESET`). Anything else — an invalid header, a bug in a simulator — is
 * rethrown unchanged instead of being retried eight times as "unavailable".
 */
export function _isTransportFailure(error: unknown): boolean {
  if (_codes(error).length > 0) return true;
  return error instanceof TypeError && (error.message === "fetch failed" || error.message === "terminated");
}

/** A certificate the client does not trust, or one for another name: the trust store decides. */
const CERTIFICATE_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|ERR_TLS_CERT_)/;
/**
 * What OpenSSL reports when the other end answers a TLS hello with something that is not TLS,
 * most often a plain-http server given as https (Node 24: `ERR_SSL_WRONG_VERSION_NUMBER`).
 */
const NOT_TLS_CODE = /^(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST|EPROTO)$/;
const OTHER_TLS_CODE = /^(ERR_SSL_|ERR_TLS_)/;
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"]);
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const CLOSED_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

export const UNTRUSTED_CERTIFICATE_HINT =
  "for a private CA or a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its PEM file (Node reads it at start); otherwise check the base URL's host";

/** Where a transport failure happened, and whether that host has answered this client before. */
export interface _TransportContext {
  /** `host:port`, the port always written, e.g. `api.env0.com:443`. */
  readonly hostPort: string;
  readonly phase: "sending" | "reading";
  /**
   * Whether the host answered an earlier request. A host that did was there a moment ago, so a
   * refused connection or a failed lookup is likely a restart or a DNS blip, worth the retries;
   * one that never answered is most likely a wrong URL, and retrying it only delays the error.
   */
  readonly answeredBefore: boolean;
}

/**
 * Classifies a transport failure. What retrying cannot fix fails the first attempt (`final`):
 * a TLS certificate the client does not trust, a server that does not speak TLS, and — before
 * the host ever answered — a refused connection or a host name that does not resolve. Resets,
 * closed connections and timeouts are retried, and so are refusals and failed lookups of a host
 * that answered before.
 */
export function _transportError(endpoint: string, error: unknown, where: _TransportContext): ApiError {
  const { hostPort, phase, answeredBefore } = where;
  const codes = _codes(error);
  const code = codes.find((c) => c !== "UND_ERR_SOCKET") ?? codes[0];
  const during = phase === "reading" ? " while reading the response" : "";
  let kind: ApiErrorKind = "unavailable";
  let final = false;
  let what: string;
  let hint: string | undefined;
  if (code !== undefined && DNS_CODES.has(code)) {
    final = !answeredBefore;
    what = `could not resolve host ${hostPort}`;
    hint = "check the host name in the base URL (--base-url) and the network's DNS";
  } else if (code === "ECONNREFUSED") {
    final = !answeredBefore;
    what = `nothing listens on ${hostPort} (connection refused)`;
    hint = answeredBefore
      ? "the API stopped accepting connections during the sync: try again later"
      : "check the host and port in the base URL (--base-url), and that the API is up and reachable from here";
  } else if (code !== undefined && TIMEOUT_CODES.has(code)) {
    kind = "timeout";
    what = `timed out${during} talking to ${hostPort}`;
  } else if (code !== undefined && CERTIFICATE_CODE.test(code)) {
    kind = "fatal";
    what = `the TLS certificate of ${hostPort} is not trusted`;
    hint = UNTRUSTED_CERTIFICATE_HINT;
  } else if (code !== undefined && NOT_TLS_CODE.test(code)) {
    kind = "fatal";
    what = `${hostPort} does not speak TLS (it answered https with something else, most likely plain http)`;
    hint =
      "if the API is served over plain http, write the base URL with http://; otherwise check the port in the base URL";
  } else if (code !== undefined && OTHER_TLS_CODE.test(code)) {
    kind = "fatal";
    what = `the TLS handshake with ${hostPort} failed`;
    hint = "check the base URL, and any proxy between here and the API";
  } else if (code === undefined || CLOSED_CODES.has(code)) {
    what = `connection closed by ${hostPort}${during}`;
  } else {
    what = `network error${during} talking to ${hostPort}`;
  }
  const message = redact(`${endpoint} failed: ${what}${code === undefined ? "" : ` (${code})`}`);
  return new ApiError(kind, message, { endpoint, cause: error, final, hint });
}

/** `host:port` of a URL, with the scheme's default port written out. */
export function _hostPort(url: URL): string {
  const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return `${url.hostname}:${port}`;
}
