import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ConfigError } from "../errors/index.ts";
import { _clearSecretsForTests, redact } from "../log/index.ts";
import { basicAuth, bearerAuth, headerAuth, noAuth } from "./index.ts";

afterEach(() => _clearSecretsForTests());

describe("auth strategies", () => {
  it("headerAuth sends the value as-is and registers it", () => {
    const auth = headerAuth("Authorization", "cf-raw-key-123");
    assert.deepEqual(auth.headers, { Authorization: "cf-raw-key-123" });
    assert.equal(auth.description, "Authorization header");
    assert.equal(redact("key cf-raw-key-123"), "key [REDACTED]");
  });

  it("basicAuth registers the secret and the whole header value, not the id", () => {
    const auth = basicAuth("key-id", "key-secret-1");
    const encoded = Buffer.from("key-id:key-secret-1").toString("base64");
    assert.deepEqual(auth.headers, { Authorization: `Basic ${encoded}` });
    assert.equal(redact(`Authorization: Basic ${encoded}`), "Authorization: [REDACTED]");
    assert.equal(redact("key-secret-1"), "[REDACTED]");
    assert.equal(redact("key-id"), "key-id");
  });

  it("bearerAuth registers the token", () => {
    assert.deepEqual(bearerAuth("rl_token_1").headers, { Authorization: "Bearer rl_token_1" });
    assert.equal(redact("rl_token_1"), "[REDACTED]");
  });

  it("noAuth sends nothing", () => {
    assert.deepEqual(noAuth().headers, {});
  });

  it("refuses credentials that would break a header, without echoing them", () => {
    assert.throws(
      () => headerAuth("X-Api-Key", "abc\ndef-secret"),
      (error: unknown) => error instanceof ConfigError && !error.message.includes("def-secret"),
    );
    assert.throws(() => basicAuth("a:b", "secret-1"), ConfigError);
    assert.throws(() => headerAuth("X Api Key", "k"), TypeError);
  });
});
