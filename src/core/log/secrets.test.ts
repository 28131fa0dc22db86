import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ApiError, IdsyncError } from "../errors/index.ts";
import { _clearSecretsForTests, redact, redactHeaders, redactValue, registerSecret } from "./index.ts";

afterEach(() => _clearSecretsForTests());

describe("registerSecret / redact", () => {
  it("replaces every occurrence", () => {
    registerSecret("s3cr3t-value");
    assert.equal(redact("a s3cr3t-value b s3cr3t-value"), "a [REDACTED] b [REDACTED]");
  });

  it("ignores empty and very short values", () => {
    registerSecret("");
    registerSecret("abc");
    assert.equal(redact("abc and more abc"), "abc and more abc");
  });

  it("prefers the longest secret so no tail leaks", () => {
    registerSecret("abcd");
    registerSecret("abcd-efgh-ijkl");
    assert.equal(redact("key=abcd-efgh-ijkl;other=abcd"), "key=[REDACTED];other=[REDACTED]");
  });

  it("also redacts the URL-encoded, base64 and JSON-escaped forms", () => {
    const secret = 'p@ss w/rd"+';
    registerSecret(secret);
    const b64 = Buffer.from(secret).toString("base64");
    const text = `${encodeURIComponent(secret)} ${b64} ${JSON.stringify({ k: secret })}`;
    assert.doesNotMatch(redact(text), /p@ss|cEBzcyB3/);
    assert.equal(redact(encodeURIComponent(secret)), "[REDACTED]");
    assert.equal(redact(b64), "[REDACTED]");
  });

  it("treats regex metacharacters literally", () => {
    registerSecret("a.b*c(d)[e]$");
    assert.equal(redact("xa.b*c(d)[e]$y aXbbc"), "x[REDACTED]y aXbbc");
  });

  it("returns text unchanged when nothing is registered", () => {
    assert.equal(redact("anything"), "anything");
  });
});

describe("redactValue", () => {
  it("deep-redacts objects, arrays, maps and sets", () => {
    registerSecret("tok_123456");
    const input = {
      a: "tok_123456",
      list: ["x", "Bearer tok_123456"],
      map: new Map([["k", "tok_123456"]]),
      set: new Set(["tok_123456"]),
      n: 3,
    };
    const out = redactValue(input);
    assert.deepEqual(out, {
      a: "[REDACTED]",
      list: ["x", "Bearer [REDACTED]"],
      map: new Map([["k", "[REDACTED]"]]),
      set: new Set(["[REDACTED]"]),
      n: 3,
    });
    assert.equal(input.a, "tok_123456", "the input is not modified");
  });

  it("redacts an Error's message, stack and cause, keeping its class", () => {
    registerSecret("tok_123456");
    const error = new ApiError("unauthenticated", "key tok_123456 refused", {
      endpoint: "GET /x",
      status: 401,
      body: "tok_123456",
      cause: new Error("inner tok_123456"),
    });
    const out = redactValue(error);
    assert.ok(out instanceof ApiError && out instanceof IdsyncError);
    assert.equal(out.kind, "unauthenticated");
    assert.equal(out.retryable, false);
    assert.equal(out.message, "key [REDACTED] refused");
    assert.doesNotMatch(String(out.stack), /tok_123456/);
    assert.equal(out.body, "[REDACTED]");
    assert.equal((out.cause as Error).message, "inner [REDACTED]");
    assert.match(error.message, /tok_123456/, "the original is untouched");
  });

  it("survives cycles", () => {
    registerSecret("tok_123456");
    const a: Record<string, unknown> = { s: "tok_123456" };
    a.self = a;
    const out = redactValue(a);
    assert.equal(out.s, "[REDACTED]");
    assert.equal(out.self, out);
  });
});

describe("redactHeaders", () => {
  it("masks auth-like headers even when their value was never registered", () => {
    const headers = new Headers({
      Authorization: "Basic dXNlcjpwYXNz",
      "X-Api-Key": "unregistered-key",
      "x-runlayer-api-key": "rl_abc",
      Cookie: "sid=1",
      Accept: "application/json",
    });
    assert.deepEqual(redactHeaders(headers), {
      accept: "application/json",
      authorization: "[REDACTED]",
      cookie: "[REDACTED]",
      "x-api-key": "[REDACTED]",
      "x-runlayer-api-key": "[REDACTED]",
    });
  });

  it("accepts records and pairs, and redacts registered secrets in other headers", () => {
    registerSecret("tok_123456");
    assert.deepEqual(redactHeaders({ "X-Debug": "saw tok_123456", "x-access-token": "t", "set-cookie": ["a", "b"] }), {
      "X-Debug": "saw [REDACTED]",
      "x-access-token": "[REDACTED]",
      "set-cookie": "[REDACTED]",
    });
    assert.deepEqual(
      redactHeaders([
        ["X-Auth-Token", "t"],
        ["Accept", "x"],
      ]),
      { "X-Auth-Token": "[REDACTED]", Accept: "x" },
    );
  });
});
