/**
 * @module
 * A ConductorOne connector's client id and client secret, parsed the way baton-sdk v0.25.0
 * parses them (`pkg/ugrpc/c1_credential_provider.go:47-62`, `pkg/crypto/client_secret.go:16-56`):
 *
 * - the id is `<name>@<host>/<anything>`; the text between `@` and the first `/` is the host
 *   (it may carry a port) that serves both the token endpoint and gRPC, and the whole id is the
 *   JWT issuer, subject and form `client_id`;
 * - the secret is four `:`-separated parts, the third `v1`, the fourth an Ed25519 private JWK
 *   in unpadded base64url.
 *
 * Neither value is ever echoed in an error: a client id pasted into the wrong variable may well
 * be the secret.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { ConfigError } from "../errors/index.ts";
import { registerSecret } from "../log/index.ts";

export interface ServiceCredentials {
  /** The whole client id: JWT `iss`/`sub` and the token form's `client_id`. */
  readonly clientId: string;
  /** Before the `@`: the start of every RPC's user agent. */
  readonly clientName: string;
  /** `host` or `host:port`, from the id, or from `BATON_C1_API_HOST` when set. */
  readonly apiHost: string;
  /** The JWT audience: the id's host without its port, whatever `BATON_C1_API_HOST` says. */
  readonly audience: string;
  /** The client's Ed25519 private key, which signs the token request's assertion. */
  readonly key: KeyObject;
  /** The JWK's `kid`, sent in the assertion's header only when the JWK has one. */
  readonly keyId: string | undefined;
}

const SECRET_HINT =
  "copy the client secret exactly as ConductorOne showed it when the connector's credentials were made (secret-token:conductorone.com:v1:…)";

/** Parses and checks both values; `apiHostOverride` is `BATON_C1_API_HOST`. No network I/O. */
export function parseServiceCredentials(
  clientId: string,
  clientSecret: string,
  apiHostOverride?: string,
): ServiceCredentials {
  registerSecret(clientSecret);
  const { clientName, tokenHost } = parseClientId(clientId);
  const { key, keyId } = parseClientSecret(clientSecret);
  const override = apiHostOverride?.trim();
  if (override !== undefined && override !== "" && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(override)) {
    throw new ConfigError("BATON_C1_API_HOST must be a host or host:port, with no scheme or path", {
      setting: "c1-api-host",
      hint: "e.g. BATON_C1_API_HOST=acme.conductor.one, or leave it unset to use the host in the client id",
    });
  }
  return {
    clientId,
    clientName,
    apiHost: override || tokenHost,
    audience: hostWithoutPort(tokenHost),
    key,
    keyId,
  };
}

function parseClientId(clientId: string): { clientName: string; tokenHost: string } {
  const at = clientId.indexOf("@");
  const slash = at < 0 ? -1 : clientId.indexOf("/", at + 1);
  const clientName = clientId.slice(0, Math.max(at, 0));
  const tokenHost = at < 0 || slash < 0 ? "" : clientId.slice(at + 1, slash);
  if (at <= 0 || slash < 0 || tokenHost === "" || /[\s]/.test(clientId)) {
    throw new ConfigError("--client-id is not a ConductorOne client id: expected <name>@<tenant host>/<suffix>", {
      setting: "client-id",
      hint: "copy the client id from the connector's settings in ConductorOne, e.g. my-connector@acme.conductor.one/pcc",
    });
  }
  return { clientName, tokenHost };
}

function parseClientSecret(secret: string): { key: KeyObject; keyId: string | undefined } {
  const parts = splitN(secret, ":", 4);
  if (parts.length !== 4 || parts[2] !== "v1") {
    throw new ConfigError(
      "--client-secret is not a ConductorOne client secret: expected four parts separated by ':', the third 'v1'",
      {
        setting: "client-secret",
        hint: SECRET_HINT,
      },
    );
  }
  const invalid = (problem: string): ConfigError =>
    new ConfigError(`--client-secret is not a ConductorOne client secret: ${problem}`, {
      setting: "client-secret",
      hint: SECRET_HINT,
    });
  const encoded = parts[3]!;
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw invalid("its last part is not base64url");
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw invalid("its last part does not decode to a JSON key");
  }
  if (typeof jwk !== "object" || jwk === null || jwk["kty"] !== "OKP" || jwk["crv"] !== "Ed25519") {
    throw invalid("the key in it is not an Ed25519 key (kty OKP, crv Ed25519)");
  }
  if (typeof jwk["d"] !== "string" || typeof jwk["x"] !== "string") throw invalid("the key in it is not a private key");
  registerSecret(jwk["d"]);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk["x"], d: jwk["d"] }, format: "jwk" });
  } catch {
    throw invalid("the key in it is damaged");
  }
  const keyId = typeof jwk["kid"] === "string" && jwk["kid"] !== "" ? jwk["kid"] : undefined;
  return { key, keyId };
}

/** Like Go's `strings.SplitN`: at most `n` parts, the last holding the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < n - 1) {
    const index = rest.indexOf(separator);
    if (index < 0) break;
    parts.push(rest.slice(0, index));
    rest = rest.slice(index + separator.length);
  }
  parts.push(rest);
  return parts;
}

/** `net.SplitHostPort`'s host, or the whole text when it has no port. */
function hostWithoutPort(host: string): string {
  const match = /^(.*):(\d+)$/.exec(host);
  return match ? match[1]! : host;
}
