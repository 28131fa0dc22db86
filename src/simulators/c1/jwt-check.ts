/**
 * @module
 * Checks a `POST /auth/v1/token` request against what baton-sdk v0.25.0 sends, field by field
 * (the fact sheet's §2.3–2.4 and §7.2):
 *
 * - an urlencoded form of `client_id` (the whole client id), `grant_type=client_credentials`,
 *   `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and
 *   `client_assertion` (`pkg/ugrpc/c1_credential_provider.go:27,107-112,128`);
 * - no `DPoP` and no `Authorization` header: service mode does not use DPoP at that version;
 * - the assertion, a compact JWS signed EdDSA with the client's key whose protected header holds
 *   `alg`, a 32-hex-digit `nonce` (`xjwt.RandomNonce{Size:16}`, lines 70-72) and `kid` exactly when
 *   the JWK has one, and no `typ`; its claims are `iss` = `sub` = the client id, `aud` the id's host
 *   without port as one string, `exp` = `iat` + 120 and `nbf` = `iat` − 120 in whole seconds
 *   (lines 77-105; go-jose `jwt/claims.go:28-36,115-120`).
 *
 * Nothing is answered here: the endpoint turns the problems into the status a real OAuth server
 * gives (RFC 6749 §5.2) and records each as a violation.
 */
import { verify } from "node:crypto";

import type { ClientCredentials } from "./credentials.ts";

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** The assertion is valid two minutes either side of its `iat` (c1_credential_provider.go:88-92). */
export const ASSERTION_LEEWAY_S = 120;
/** How far a client's `iat` may be from the fake's clock: both run on one machine. */
export const IAT_TOLERANCE_S = 5;

const HEADER_KEYS = new Set(["alg", "kid", "nonce"]);
const CLAIM_KEYS = new Set(["iss", "sub", "aud", "exp", "nbf", "iat"]);

/** The OAuth error a problem earns (RFC 6749 §5.2). */
export type TokenError = "invalid_request" | "unsupported_grant_type" | "invalid_client";

export interface TokenRequestCheck {
  /** One sentence per thing that differs from what baton-sdk sends; empty for a good request. */
  problems: string[];
  /** The first problem's OAuth error, which decides the answer; undefined when there is none. */
  error: TokenError | undefined;
  /** The assertion's decoded protected header and claims, when they decode. */
  header: Record<string, unknown> | undefined;
  claims: Record<string, unknown> | undefined;
}

export interface TokenRequestInput {
  /** Request headers, names lower-case. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

class Findings {
  readonly problems: string[] = [];
  error: TokenError | undefined;

  add(error: TokenError, problem: string): void {
    this.problems.push(problem);
    this.error ??= error;
  }
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function checkForm(input: TokenRequestInput, credentials: ClientCredentials, findings: Findings): URLSearchParams {
  const contentType = String(input.headers["content-type"] ?? "");
  if (contentType.split(";")[0]!.trim().toLowerCase() !== "application/x-www-form-urlencoded") {
    findings.add("invalid_request", `content-type is "${contentType}", not application/x-www-form-urlencoded`);
  }
  if (input.headers["dpop"] !== undefined)
    findings.add("invalid_request", "a DPoP header was sent; service mode sends none");
  if (input.headers["authorization"] !== undefined)
    findings.add(
      "invalid_request",
      "an Authorization header was sent; the client authenticates with its assertion only",
    );
  const form = new URLSearchParams(input.body);
  const single = (name: string): string | undefined => {
    const values = form.getAll(name);
    if (values.length > 1) findings.add("invalid_request", `${name} appears ${values.length} times`);
    return values[0];
  };
  const grantType = single("grant_type");
  if (grantType === undefined) findings.add("invalid_request", "grant_type is missing");
  else if (grantType !== "client_credentials")
    findings.add("unsupported_grant_type", `grant_type is "${grantType}", not client_credentials`);
  const assertionType = single("client_assertion_type");
  if (assertionType !== ASSERTION_TYPE)
    findings.add(
      "invalid_request",
      `client_assertion_type is ${assertionType === undefined ? "missing" : `"${assertionType}"`}, not ${ASSERTION_TYPE}`,
    );
  const clientId = single("client_id");
  if (clientId !== credentials.clientId)
    findings.add(
      "invalid_client",
      `client_id is ${clientId === undefined ? "missing" : `"${clientId}"`}, not the whole client id "${credentials.clientId}"`,
    );
  for (const name of new Set(form.keys())) {
    if (!["grant_type", "client_assertion_type", "client_id", "client_assertion"].includes(name))
      findings.add("invalid_request", `unexpected form field ${name}`);
  }
  single("client_assertion");
  return form;
}

function checkHeader(header: Record<string, unknown>, credentials: ClientCredentials, findings: Findings): void {
  if (header["alg"] !== "EdDSA")
    findings.add("invalid_client", `assertion alg is ${JSON.stringify(header["alg"])}, not "EdDSA"`);
  const nonce = header["nonce"];
  if (nonce === undefined) findings.add("invalid_client", "assertion header has no nonce");
  else if (typeof nonce !== "string" || !/^[0-9a-f]{32}$/.test(nonce))
    findings.add("invalid_client", `assertion nonce ${JSON.stringify(nonce)} is not 32 lower-case hex digits`);
  if (credentials.keyId === undefined && header["kid"] !== undefined)
    findings.add("invalid_client", "assertion header has a kid, but the client's key has none");
  if (credentials.keyId !== undefined && header["kid"] !== credentials.keyId)
    findings.add(
      "invalid_client",
      `assertion kid is ${JSON.stringify(header["kid"])}, not the key's "${credentials.keyId}"`,
    );
  if (header["typ"] !== undefined)
    findings.add("invalid_client", `assertion header has typ ${JSON.stringify(header["typ"])}; baton-sdk sends none`);
  for (const key of Object.keys(header)) {
    if (!HEADER_KEYS.has(key) && key !== "typ") findings.add("invalid_client", `unexpected assertion header ${key}`);
  }
}

function checkClaims(
  claims: Record<string, unknown>,
  credentials: ClientCredentials,
  nowMs: number,
  findings: Findings,
): void {
  for (const name of ["iss", "sub"]) {
    if (claims[name] !== credentials.clientId)
      findings.add(
        "invalid_client",
        `assertion ${name} is ${JSON.stringify(claims[name])}, not the client id "${credentials.clientId}"`,
      );
  }
  const aud = claims["aud"];
  if (Array.isArray(aud))
    findings.add(
      "invalid_client",
      `assertion aud is an array ${JSON.stringify(aud)}; it must be the string "${credentials.audience}"`,
    );
  else if (aud !== credentials.audience)
    findings.add(
      "invalid_client",
      `assertion aud is ${JSON.stringify(aud)}, not "${credentials.audience}" (the client id's host without port)`,
    );
  const times: Record<string, number> = {};
  for (const name of ["exp", "nbf", "iat"]) {
    const value = claims[name];
    if (typeof value !== "number" || !Number.isInteger(value))
      findings.add("invalid_client", `assertion ${name} is ${JSON.stringify(value)}, not whole seconds`);
    else times[name] = value;
  }
  const { exp, nbf, iat } = times;
  if (exp !== undefined && iat !== undefined && exp - iat !== ASSERTION_LEEWAY_S)
    findings.add("invalid_client", `assertion exp − iat is ${exp - iat} s, not ${ASSERTION_LEEWAY_S}`);
  if (nbf !== undefined && iat !== undefined && iat - nbf !== ASSERTION_LEEWAY_S)
    findings.add("invalid_client", `assertion iat − nbf is ${iat - nbf} s, not ${ASSERTION_LEEWAY_S}`);
  if (iat !== undefined && Math.abs(iat - nowMs / 1000) > IAT_TOLERANCE_S)
    findings.add("invalid_client", `assertion iat is ${Math.round(iat - nowMs / 1000)} s from now`);
  for (const key of Object.keys(claims)) {
    if (!CLAIM_KEYS.has(key)) findings.add("invalid_client", `unexpected assertion claim ${key}`);
  }
}

/** Checks one token request; `nowMs` is the wall clock the assertion's `iat` is compared with. */
export function checkTokenRequest(
  input: TokenRequestInput,
  credentials: ClientCredentials,
  nowMs: number,
): TokenRequestCheck {
  const findings = new Findings();
  const form = checkForm(input, credentials, findings);
  const assertion = form.get("client_assertion");
  const result = (header?: Record<string, unknown>, claims?: Record<string, unknown>): TokenRequestCheck => ({
    problems: findings.problems,
    error: findings.error,
    header,
    claims,
  });
  if (assertion === null || assertion === "") {
    findings.add("invalid_client", "client_assertion is missing");
    return result();
  }
  const parts = assertion.split(".");
  if (parts.length !== 3) {
    findings.add(
      "invalid_client",
      `client_assertion has ${parts.length} dot-separated parts, not the 3 of a compact JWS`,
    );
    return result();
  }
  const header = decodeSegment(parts[0]!);
  const claims = decodeSegment(parts[1]!);
  if (!header) findings.add("invalid_client", "the assertion's header is not base64url JSON");
  if (!claims) findings.add("invalid_client", "the assertion's claims are not base64url JSON");
  if (
    !/^[A-Za-z0-9_-]+$/.test(parts[2]!) ||
    !verify(
      null,
      Buffer.from(`${parts[0]}.${parts[1]}`, "ascii"),
      credentials.publicKey,
      Buffer.from(parts[2]!, "base64url"),
    )
  ) {
    findings.add("invalid_client", "the assertion's signature does not verify with the client's public key");
  }
  if (header) checkHeader(header, credentials, findings);
  if (claims) checkClaims(claims, credentials, nowMs, findings);
  return result(header, claims);
}
