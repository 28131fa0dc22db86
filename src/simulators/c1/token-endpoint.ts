/**
 * @module
 * The fake's `POST /auth/v1/token`: checks each request as `jwt-check.ts` describes, answers a bad
 * one as an OAuth server does (RFC 6749 §5.2: 400 `invalid_request`/`unsupported_grant_type`, 401
 * `invalid_client`) and records every problem as a violation; a good one gets
 * `200 {"access_token":"tok-<n>","token_type":"Bearer","expires_in":3600}` unless the script says
 * otherwise. It also remembers the tokens it issued, to check each gRPC call's `authorization`.
 */
import { checkTokenRequest } from "./jwt-check.ts";
import type { ClientCredentials } from "./credentials.ts";
import { monotonicNow, type Records } from "./records.ts";
import type { TokenScript } from "./script.ts";

export const TOKEN_PATH = "/auth/v1/token";
/**
 * A token is refused this long after its announced expiry, not at once: validators allow some clock
 * skew, and a client asked to take `expires_in: 0` tokens (which x/oauth2 fetches before every call)
 * must be able to use one at all.
 */
export const TOKEN_EXPIRY_LEEWAY_MS = 5_000;

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

interface IssuedToken {
  type: string;
  issuedAtMs: number;
  expiresIn: number;
}

/** What `authorization` must say for a token of this type: x/oauth2's `Token.Type()` (`token.go:69-84`). */
function schemeFor(tokenType: string): string {
  const lower = tokenType.toLowerCase();
  if (lower === "" || lower === "bearer") return "Bearer";
  if (lower === "mac") return "MAC";
  if (lower === "basic") return "Basic";
  return tokenType;
}

export class TokenEndpoint {
  readonly #credentials: ClientCredentials;
  readonly #script: () => TokenScript;
  readonly #records: Records;
  readonly #now: () => number;
  readonly #issued = new Map<string, IssuedToken>();

  constructor(options: {
    credentials: ClientCredentials;
    script: () => TokenScript;
    records: Records;
    now: () => number;
  }) {
    this.#credentials = options.credentials;
    this.#script = options.script;
    this.#records = options.records;
    this.#now = options.now;
  }

  answer(request: {
    method: string;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    body: string;
  }): TokenAnswer {
    const at = monotonicNow();
    if (request.method !== "POST") {
      this.#records.tokenRequests.push({
        at,
        header: undefined,
        claims: undefined,
        status: 405,
        problems: [`${request.method} instead of POST`],
      });
      this.#records.violation(`token request: ${request.method} instead of POST`);
      return { status: 405, body: { error: "invalid_request", error_description: "use POST" } };
    }
    const check = checkTokenRequest({ headers: request.headers, body: request.body }, this.#credentials, this.#now());
    const script = this.#script();
    let answer: TokenAnswer;
    if (check.error !== undefined) {
      // The description names what is wrong but never echoes the assertion.
      answer = {
        status: check.error === "invalid_client" ? 401 : 400,
        body: { error: check.error, error_description: check.problems[0] },
      };
    } else if (script.failStatuses.length > 0) {
      const status = script.failStatuses.shift()!;
      answer = {
        status,
        body: { error: status >= 500 ? "server_error" : status === 401 ? "invalid_client" : "invalid_request" },
      };
    } else {
      const value = `tok-${this.#issued.size + 1}`;
      this.#issued.set(value, { type: script.tokenType, issuedAtMs: this.#now(), expiresIn: script.expiresIn });
      answer = {
        status: 200,
        body: { access_token: value, token_type: script.tokenType, expires_in: script.expiresIn },
      };
    }
    this.#records.tokenRequests.push({
      at,
      header: check.header,
      claims: check.claims,
      status: answer.status,
      problems: check.problems,
    });
    for (const problem of check.problems) this.#records.violation(`token request: ${problem}`);
    this.#records.log(
      answer.status === 200
        ? `token issued (expires in ${script.expiresIn} s)`
        : `token refused ${answer.status} ${String(answer.body["error"])}`,
    );
    this.#records.changed();
    return answer;
  }

  /** Why a call's `authorization` header is not acceptable; undefined when it is. Never quotes the token. */
  refusal(authorization: string | undefined): string | undefined {
    if (authorization === undefined || authorization === "") return "no authorization header";
    const space = authorization.indexOf(" ");
    const scheme = space < 0 ? authorization : authorization.slice(0, space);
    const value = space < 0 ? "" : authorization.slice(space + 1);
    const token = this.#issued.get(value);
    if (token === undefined) return `authorization does not carry a token this server issued (scheme "${scheme}")`;
    if (scheme !== schemeFor(token.type)) return `authorization scheme is "${scheme}", not "${schemeFor(token.type)}"`;
    const expiresAtMs = token.issuedAtMs + token.expiresIn * 1000;
    const lateMs = this.#now() - expiresAtMs;
    if (lateMs > TOKEN_EXPIRY_LEEWAY_MS) return `the token expired ${Math.round(lateMs / 1000)} s ago`;
    return undefined;
  }
}
