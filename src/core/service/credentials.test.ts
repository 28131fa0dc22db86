import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { ConfigError } from "../errors/index.ts";
import { redact } from "../log/index.ts";
import { parseServiceCredentials } from "./credentials.ts";
import { testCredentials } from "./_test-credentials.ts";

function refusal(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a refusal");
}

describe("parseServiceCredentials", () => {
  it("takes the host from between @ and the first /, and the audience without its port", () => {
    const { clientId, clientSecret } = testCredentials({ host: "localhost:8443", name: "acme-connector" });
    const parsed = parseServiceCredentials(clientId, clientSecret);
    assert.equal(parsed.clientId, clientId);
    assert.equal(parsed.clientName, "acme-connector");
    assert.equal(parsed.apiHost, "localhost:8443");
    assert.equal(parsed.audience, "localhost");
    assert.equal(parsed.keyId, undefined);
    assert.equal(parsed.key.asymmetricKeyType, "ed25519");
  });

  it("BATON_C1_API_HOST moves the host but not the audience (c1_credential_provider.go:77-82 vs 114-117)", () => {
    const { clientId, clientSecret } = testCredentials({ host: "acme.conductor.one" });
    const parsed = parseServiceCredentials(clientId, clientSecret, "localhost:9443");
    assert.equal(parsed.apiHost, "localhost:9443");
    assert.equal(parsed.audience, "acme.conductor.one");
    assert.equal(parseServiceCredentials(clientId, clientSecret, "  ").apiHost, "acme.conductor.one");
    const error = refusal(() => parseServiceCredentials(clientId, clientSecret, "https://localhost:9443/"));
    assert.match(error.message, /BATON_C1_API_HOST must be a host or host:port/);
  });

  it("keeps the JWK's kid when it has one", () => {
    const { clientId, clientSecret } = testCredentials({ kid: "key-1" });
    assert.equal(parseServiceCredentials(clientId, clientSecret).keyId, "key-1");
  });

  it("refuses client ids without a name, an @ or a / after the host", () => {
    const { clientSecret } = testCredentials();
    for (const bad of [
      "",
      "acme.conductor.one/pcc",
      "name@acme.conductor.one",
      "@acme.conductor.one/pcc",
      "name@/pcc",
      "na me@acme/pcc",
    ]) {
      const error = refusal(() => parseServiceCredentials(bad, clientSecret));
      assert.equal(error.setting, "client-id", bad);
      assert.match(error.message, /expected <name>@<tenant host>\/<suffix>/);
    }
  });

  it("refuses secrets of the wrong form, without ever quoting them", () => {
    const { clientId } = testCredentials();
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const ed = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const cases: Array<[string, RegExp]> = [
      ["only-two:parts", /four parts/],
      ["secret-token:conductorone.com:v2:" + encode(ed), /the third 'v1'/],
      ["secret-token:conductorone.com:v1:not base64!", /not base64url/],
      [
        "secret-token:conductorone.com:v1:" + Buffer.from("not json").toString("base64url"),
        /does not decode to a JSON key/,
      ],
      ["secret-token:conductorone.com:v1:" + encode(rsa), /not an Ed25519 key/],
      ["secret-token:conductorone.com:v1:" + encode({ kty: "OKP", crv: "Ed25519", x: ed.x }), /not a private key/],
      ["secret-token:conductorone.com:v1:" + encode({ kty: "OKP", crv: "Ed25519", x: "AAAA", d: "AAAA" }), /damaged/],
    ];
    for (const [secret, problem] of cases) {
      const error = refusal(() => parseServiceCredentials(clientId, secret));
      assert.equal(error.setting, "client-secret");
      assert.match(error.message, problem);
      assert.ok(!error.message.includes(secret) && !(error.hint ?? "").includes(secret), "the secret is not quoted");
      assert.equal(redact(`leaked ${secret}`), "leaked [REDACTED]", "and it is registered for redaction");
    }
  });
});
