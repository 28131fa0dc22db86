/**
 * @module
 * Client credentials made the way ConductorOne issues them, for tests: an Ed25519 key, the id
 * `<name>@<host>/pcc` and the secret `secret-token:conductorone.com:v1:<base64url JWK>`.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export function testCredentials(options: { host?: string; name?: string; kid?: string } = {}): {
  clientId: string;
  clientSecret: string;
  publicKey: KeyObject;
} {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const body = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, ...(options.kid ? { kid: options.kid } : {}) };
  return {
    clientId: `${options.name ?? "idsync-test"}@${options.host ?? "tenant.example"}/pcc`,
    clientSecret: `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(body)).toString("base64url")}`,
    publicKey,
  };
}
