/**
 * @module
 * Access tokens for ConductorOne: an OAuth2 client-credentials request authenticated by an
 * EdDSA client assertion, exactly as baton-sdk v0.25.0 builds it
 * (`pkg/ugrpc/c1_credential_provider.go:64-155`), cached until 10 s before it expires
 * (x/oauth2's `ReuseTokenSource` expiry delta, `golang.org/x/oauth2/token.go:19-22`).
 */
import { randomBytes, sign } from "node:crypto";
import { IdsyncError } from "../errors/index.ts";
import { registerSecret } from "../log/index.ts";
import type { ServiceCredentials } from "./credentials.ts";

/** `client_assertion_type` of RFC 7523 (c1_credential_provider.go:27). */
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** The assertion is valid 120 s either side of now (c1_credential_provider.go:88-92). */
const ASSERTION_LEEWAY_S = 120;
/** A token is renewed this long before it expires. */
const EXPIRY_MARGIN_MS = 10_000;

export interface AccessToken {
  /** `Bearer` for an empty or any-case "bearer" type, as x/oauth2's `Token.Type()` says. */
  readonly type: string;
  readonly value: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface TokenSourceOptions {
  credentials: ServiceCredentials;
  /** @default globalThis.fetch */
  fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /** @default Date.now */
  now?: () => number;
  /** @default 60_000 */
  timeoutMs?: number;
  /** Sent as the token request's User-Agent. */
  userAgent: string;
}

/** The compact JWS that proves the client holds its key. */
export function clientAssertion(credentials: ServiceCredentials, nowMs: number): string {
  const header: Record<string, string> = { alg: "EdDSA" };
  if (credentials.keyId !== undefined) header["kid"] = credentials.keyId;
  // go-jose's nonce source: 16 random bytes, hex (vendor/github.com/pquerna/xjwt/rand.go).
  header["nonce"] = randomBytes(16).toString("hex");
  const now = Math.floor(nowMs / 1000);
  const claims = {
    iss: credentials.clientId,
    sub: credentials.clientId,
    aud: credentials.audience,
    exp: now + ASSERTION_LEEWAY_S,
    nbf: now - ASSERTION_LEEWAY_S,
    iat: now,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign(null, Buffer.from(signingInput), credentials.key);
  return `${signingInput}.${signature.toString("base64url")}`;
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** Hands out a valid token, fetching a new one only when the cached one is about to expire. */
export class TokenSource {
  readonly #options: TokenSourceOptions;
  readonly #now: () => number;
  #cached: AccessToken | undefined;
  #pending: Promise<AccessToken> | undefined;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The URL tokens come from. */
  get url(): URL {
    return new URL(`https://${this.#options.credentials.apiHost}/auth/v1/token`);
  }

  async token(signal?: AbortSignal): Promise<AccessToken> {
    const cached = this.#cached;
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.#now()) return cached;
    // One request at a time, whoever asks: concurrent RPCs share the new token.
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    this.#cached = await this.#pending;
    return this.#cached;
  }

  async #fetch(signal: AbortSignal | undefined): Promise<AccessToken> {
    const { credentials } = this.#options;
    const url = this.url;
    const form = new URLSearchParams({
      client_id: credentials.clientId,
      grant_type: "client_credentials",
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: clientAssertion(credentials, this.#now()),
    });
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 60_000);
    const where = `POST ${url.origin}${url.pathname}`;
    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": this.#options.userAgent },
        body: form.toString(),
        redirect: "error",
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new IdsyncError(
        timeout.aborted ? "timeout" : "unavailable",
        `cannot reach ConductorOne at ${where}: ${describeNetworkError(error)}`,
        { cause: error, hint: "check the network path to the tenant host (proxy, firewall, DNS) and BATON_C1_API_HOST if set" },
      );
    }
    if (response.status !== 200) {
      // The body is never quoted: what a token endpoint says is not for logs.
      await response.body?.cancel().catch(() => undefined);
      throw refusal(response.status, where);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new IdsyncError("invalid-response", `${where} answered 200 with a body that is not JSON`, { cause: error });
    }
    return this.#parse(body, where);
  }

  #parse(body: unknown, where: string): AccessToken {
    const token = body as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
    if (typeof token?.access_token !== "string" || token.access_token === "") {
      throw new IdsyncError("invalid-response", `${where} answered 200 without an access token`);
    }
    registerSecret(token.access_token);
    const type = typeof token.token_type === "string" && token.token_type.toLowerCase() !== "bearer" && token.token_type !== "" ? token.token_type : "Bearer";
    // A missing or zero lifetime makes every call fetch a new token, as in Go.
    const expiresIn = typeof token.expires_in === "number" && Number.isFinite(token.expires_in) ? token.expires_in : 0;
    return { type, value: token.access_token, expiresAt: this.#now() + expiresIn * 1000 };
  }
}

function refusal(status: number, where: string): IdsyncError {
  if (status === 400 || status === 401 || status === 403) {
    return new IdsyncError("unauthenticated", `ConductorOne refused the connector's client credentials (${where} returned ${status})`, {
      hint:
        "check BATON_CLIENT_ID and BATON_CLIENT_SECRET: both must come from the same connector's credentials in ConductorOne, " +
        "not revoked, and this machine's clock must be right (the request is signed for two minutes either side of now)",
    });
  }
  return new IdsyncError(status >= 500 || status === 429 ? "unavailable" : "fatal", `${where} returned ${status}`, {
    hint: "ConductorOne could not issue a token; the connector tries again",
  });
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code === "ENOTFOUND" ? "the host name does not resolve" : cause.code;
  return error instanceof Error ? error.message : String(error);
}
