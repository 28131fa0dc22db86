/**
 * @module
 * Masking of credentials by *name*, for values nobody registered: an auth header built by a
 * library, a cookie a server set, a field called `password` in a debug dump.
 */
import { REDACTED, redact } from "./secrets.ts";

/**
 * Header names that carry credentials. Deliberately broad (any name mentioning auth, token, key,
 * secret, password, session, cookie, signature or credential): masking a harmless
 * `Idempotency-Key` costs nothing, printing an unknown vendor's `X-Foo-Key` costs a rotation.
 */
const SENSITIVE_HEADER = /auth|token|key|secret|passw|session|cookie|signature|credential/i;

/**
 * Log-field names that hold credentials. Exact names (compared without case, `-` or `_`) rather
 * than the header pattern above, because ordinary fields such as `pageToken` must stay readable.
 */
const SENSITIVE_FIELDS = new Set([
  "authorization",
  "proxyauthorization",
  "xapikey",
  "xrunlayerapikey",
  "xaccesstoken",
  "xauthtoken",
  "apikey",
  "apikeysecret",
  "apisecret",
  "clientsecret",
  "accesstoken",
  "refreshtoken",
  "bearertoken",
  "password",
  "secret",
  "cookie",
  "setcookie",
]);

/** True when a header with this name may carry a credential and must never be printed. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** True when a log field with this name holds a credential (e.g. `apiKey`, `x-api-key`, `password`). */
export function isSensitiveField(name: string): boolean {
  return SENSITIVE_FIELDS.has(name.toLowerCase().replace(/[-_]/g, ""));
}

export type HeadersLike =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | Iterable<readonly [string, string]>;

/**
 * A printable copy of `headers`: auth-like headers (Authorization, X-Api-Key,
 * x-runlayer-api-key, Cookie…) become `[REDACTED]` whatever their value, and every other value
 * passes through {@link redact}. Multi-valued headers are joined with `, `.
 */
export function redactHeaders(headers: HeadersLike): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, value: string): void => {
    out[name] = isSensitiveHeader(name) ? REDACTED : redact(value);
  };
  if (headers instanceof Headers) {
    headers.forEach((value, name) => put(name, value));
  } else if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<readonly [string, string]>) put(name, value);
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      put(name, Array.isArray(value) ? value.join(", ") : String(value));
    }
  }
  return out;
}
