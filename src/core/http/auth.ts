/**
 * @module
 * How a client proves who it is. Each strategy registers its credential for redaction the moment
 * it is built, so nothing printed afterwards — a log line, an API error echoing the key — can
 * carry it. The client sends these headers only to the base URL's origin.
 */
import { ConfigError } from "../errors/index.ts";
import { registerSecret } from "../log/index.ts";

export interface AuthStrategy {
  /** What kind of auth this is, for logs and debugging; never the credential. */
  readonly description: string;
  /** The headers to add to every request sent to the API's own origin. */
  readonly headers: Readonly<Record<string, string>>;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function _checkCredential(what: string, value: string): void {
  // fetch would refuse these with a TypeError deep inside a request; fail early, with a message
  // that does not repeat the value.
  if (/[\r\n\0]/.test(value)) {
    throw new ConfigError(`the ${what} contains a line break or NUL character`, {
      hint: "copy the credential again, without surrounding text",
    });
  }
}

/**
 * Sends the credential as-is in one header, e.g. Clockify's `X-Api-Key: <key>`, Runlayer's
 * `x-runlayer-api-key: <key>`, or Codefresh's raw `Authorization: <key>` (no Bearer prefix).
 */
export function headerAuth(name: string, value: string): AuthStrategy {
  if (!HEADER_NAME.test(name)) throw new TypeError(`"${name}" is not a valid header name`);
  _checkCredential(`${name} credential`, value);
  registerSecret(value);
  return Object.freeze({ description: `${name} header`, headers: Object.freeze({ [name]: value }) });
}

/** `Authorization: Bearer <token>`. */
export function bearerAuth(token: string): AuthStrategy {
  _checkCredential("bearer token", token);
  registerSecret(token);
  const value = `Bearer ${token}`;
  registerSecret(value);
  return Object.freeze({ description: "bearer token", headers: Object.freeze({ Authorization: value }) });
}

/**
 * HTTP Basic auth (RFC 7617), e.g. env0's API key id and secret. Registers the secret and the
 * whole header value: the base64 of `id:secret` does not contain the base64 of the secret alone,
 * so without the second registration an echoed header would slip past redaction.
 */
export function basicAuth(username: string, password: string): AuthStrategy {
  if (username.includes(":"))
    throw new ConfigError("a Basic-auth user name cannot contain a colon", { hint: "check the API key id" });
  _checkCredential("user name", username);
  _checkCredential("password", password);
  registerSecret(password);
  const encoded = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  registerSecret(encoded);
  registerSecret(`Basic ${encoded}`);
  return Object.freeze({ description: "basic", headers: Object.freeze({ Authorization: `Basic ${encoded}` }) });
}

/** No credentials (public endpoints, tests). */
export function noAuth(): AuthStrategy {
  return Object.freeze({ description: "none", headers: Object.freeze({}) });
}
