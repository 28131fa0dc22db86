/**
 * @module
 * Connector client credentials as ConductorOne issues them, made fresh for each fake:
 *
 * - the client id `<clientName>@<host>/<suffix>`; baton-sdk reads the host between `@` and the
 *   first `/` and sends the whole id as the JWT issuer and subject
 *   (baton-sdk `pkg/ugrpc/c1_credential_provider.go:47-62,85-86`);
 * - the secret `secret-token:conductorone.com:v1:` + unpadded base64url of an Ed25519 private JWK
 *   `{kty:"OKP",crv:"Ed25519",x,d}`, with a `kid` only when asked for
 *   (`pkg/crypto/client_secret.go:16-56`, `pkg/crypto/client_secret_test.go:24-25`).
 *
 * The fake keeps the public half to verify the client's assertions.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export interface ClientCredentialsOptions {
  /**
   * The part before `@`; every gRPC user agent must start with it.
   * @default "idsync-test"
   */
  clientName?: string;
  /** `host` or `host:port` between `@` and `/`. */
  host: string;
  /**
   * What follows the `/`; nothing reads it.
   * @default "pcc"
   */
  suffix?: string;
  /** A `kid` to put in the JWK; the assertion's header must then carry it. */
  kid?: string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  clientName: string;
  /** The JWT `aud` a client must send: the id's host without its port. */
  audience: string;
  /** Verifies the client's EdDSA assertions. */
  publicKey: KeyObject;
  keyId: string | undefined;
}

export const SECRET_PREFIX = "secret-token:conductorone.com:v1:";

export function makeClientCredentials(options: ClientCredentialsOptions): ClientCredentials {
  const clientName = options.clientName ?? "idsync-test";
  if (!/^[^@/\s]+$/.test(clientName))
    throw new TypeError(`a client name has no "@", "/" or space: ${JSON.stringify(clientName)}`);
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(options.host))
    throw new TypeError(`not a host or host:port: ${JSON.stringify(options.host)}`);
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const body = { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d, kid: options.kid };
  return {
    clientId: `${clientName}@${options.host}/${options.suffix ?? "pcc"}`,
    clientSecret: SECRET_PREFIX + Buffer.from(JSON.stringify(body), "utf8").toString("base64url"),
    clientName,
    audience: options.host.replace(/:\d+$/, ""),
    publicKey,
    keyId: options.kid,
  };
}
