/**
 * @module
 * Access tokens for ConductorOne: an OAuth2 client-credentials request authenticated by an
 * EdDSA client assertion, exactly as baton-sdk v0.25.0 builds it
 * (`pkg/ugrpc/c1_credential_provider.go:64-155`), cached until 10 s before it expires
 * (x/oauth2's `ReuseTokenSource` expiry delta, `golang.org/x/oauth2/token.go:19-22`).
 */
import { randomBytes, sign } from "node:crypto";
import { request as httpsRequest } from "node:https";
import { IdsyncError } from "../errors/index.ts";
import { registerSecret } from "../log/index.ts";
import type { ServiceCredentials } from "./credentials.ts";
import { describeCauseCode, isCertificateError, untrustedCertificate } from "./errors.ts";

/** `client_assertion_type` of RFC 7523 (c1_credential_provider.go:27). */
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** The assertion is valid 120 s either side of now (c1_credential_provider.go:88-92). */
const ASSERTION_LEEWAY_S = 120;
/** A token is renewed this long before it expires. */
const EXPIRY_MARGIN_MS = 10_000;
/** A token answer is a few hundred bytes; anything past this is not one. */
const MAX_ANSWER_BYTES = 1 << 20;

export interface AccessToken {
  /** `Bearer` for an empty or any-case "bearer" type, as x/oauth2's `Token.Type()` says. */
  readonly type: string;
  readonly value: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface TokenPostRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Extra trusted CA certificates (PEM), beside Node's own and NODE_EXTRA_CA_CERTS. */
  ca?: string[] | undefined;
}

export interface TokenPostAnswer {
  status: number;
  body: string;
}

/** Sends the token form; rejects only when no answer came. */
export type TokenPost = (request: TokenPostRequest) => Promise<TokenPostAnswer>;

export interface TokenSourceOptions {
  credentials: ServiceCredentials;
  /** @default an HTTPS POST with node:https, which (unlike fetch) takes a per-call CA */
  post?: TokenPost;
  ca?: string[];
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
    const where = `POST ${url.origin}${url.pathname}`;
    let answer: TokenPostAnswer;
    try {
      answer = await (this.#options.post ?? httpsPost)({
        url,
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": this.#options.userAgent },
        body: form.toString(),
        timeoutMs: this.#options.timeoutMs ?? 60_000,
        signal,
        ca: this.#options.ca,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (isCertificateError(error)) throw untrustedCertificate(where, error);
      const timedOut = (error as { code?: unknown })?.code === "ETIMEDOUT";
      throw new IdsyncError(
        timedOut ? "timeout" : "unavailable",
        `cannot reach ConductorOne at ${where}: ${describeCauseCode(error)}`,
        {
          cause: error,
          hint: "check the network path to the tenant host (proxy, firewall, DNS) and BATON_C1_API_HOST if set",
        },
      );
    }
    // The body of a refusal is never quoted: what a token endpoint says is not for logs.
    if (answer.status !== 200) throw refusal(answer.status, where);
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
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
    const type =
      typeof token.token_type === "string" && token.token_type.toLowerCase() !== "bearer" && token.token_type !== ""
        ? token.token_type
        : "Bearer";
    // A missing or zero lifetime makes every call fetch a new token, as in Go.
    const expiresIn = typeof token.expires_in === "number" && Number.isFinite(token.expires_in) ? token.expires_in : 0;
    return { type, value: token.access_token, expiresAt: this.#now() + expiresIn * 1000 };
  }
}

function refusal(status: number, where: string): IdsyncError {
  if (status === 400 || status === 401 || status === 403) {
    return new IdsyncError(
      "unauthenticated",
      `ConductorOne refused the connector's client credentials (${where} returned ${status})`,
      {
        hint:
          "check BATON_CLIENT_ID and BATON_CLIENT_SECRET: both must come from the same connector's credentials in ConductorOne, " +
          "not revoked, and this machine's clock must be right (the request is signed for two minutes either side of now)",
      },
    );
  }
  return new IdsyncError(status >= 500 || status === 429 ? "unavailable" : "fatal", `${where} returned ${status}`, {
    hint: "ConductorOne could not issue a token; the connector tries again",
  });
}

/** One HTTPS POST, redirects not followed (a token endpoint that moves is not one to trust). */
function httpsPost(request: TokenPostRequest): Promise<TokenPostAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      request.url,
      {
        method: "POST",
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        timeout: request.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.ca ? { ca: request.ca } : {}),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES)
            incoming.destroy(
              Object.assign(new Error("the answer is larger than a token answer can be"), { code: "EMSGSIZE" }),
            );
          else chunks.push(chunk);
        });
        incoming.on("end", () =>
          resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        incoming.on("error", reject);
      },
    );
    outgoing.on("timeout", () =>
      outgoing.destroy(Object.assign(new Error("no answer in time"), { code: "ETIMEDOUT" })),
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}
