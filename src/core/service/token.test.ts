import assert from "node:assert/strict";
import { verify } from "node:crypto";
import { describe, it } from "node:test";
import { isIdsyncError } from "../errors/index.ts";
import { parseServiceCredentials } from "./credentials.ts";
import { clientAssertion, TokenSource, type TokenPost } from "./token.ts";
import { testCredentials } from "./_test-credentials.ts";

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("clientAssertion", () => {
  it("is an EdDSA JWS with a 32-hex nonce, no typ, and Go's claims (c1_credential_provider.go:64-105)", () => {
    const made = testCredentials({ host: "acme.conductor.one" });
    const credentials = parseServiceCredentials(made.clientId, made.clientSecret, "localhost:9443");
    const jws = clientAssertion(credentials, 1_760_000_000_500);
    const [header, payload, signature] = jws.split(".") as [string, string, string];
    assert.deepEqual(Object.keys(decodePart(header)), ["alg", "nonce"]);
    assert.equal(decodePart(header)["alg"], "EdDSA");
    assert.match(String(decodePart(header)["nonce"]), /^[0-9a-f]{32}$/);
    assert.deepEqual(decodePart(payload), {
      iss: made.clientId,
      sub: made.clientId,
      aud: "acme.conductor.one",
      exp: 1_760_000_120,
      nbf: 1_759_999_880,
      iat: 1_760_000_000,
    });
    assert.ok(verify(null, Buffer.from(`${header}.${payload}`), made.publicKey, Buffer.from(signature, "base64url")));
    assert.notEqual(
      clientAssertion(credentials, 0).split(".")[0],
      clientAssertion(credentials, 0).split(".")[0],
      "a new nonce each time",
    );
  });

  it("names the key in the header only when the JWK has a kid", () => {
    const made = testCredentials({ kid: "k1" });
    const header = decodePart(
      clientAssertion(parseServiceCredentials(made.clientId, made.clientSecret), 0).split(".")[0]!,
    );
    assert.deepEqual(Object.keys(header), ["alg", "kid", "nonce"]);
    assert.equal(header["kid"], "k1");
  });
});

/** A token endpoint in-process: answers from a script and counts requests. */
function endpoint(answers: Array<{ status: number; body?: unknown }>) {
  const requests: Array<{ url: string; headers: Headers; form: URLSearchParams }> = [];
  const post: TokenPost = async (request) => {
    requests.push({
      url: request.url.href,
      headers: new Headers(request.headers),
      form: new URLSearchParams(request.body),
    });
    const answer = answers[Math.min(requests.length, answers.length) - 1]!;
    return {
      status: answer.status,
      body: answer.body === undefined ? "refused: see logs" : JSON.stringify(answer.body),
    };
  };
  return { post, requests };
}

function source(answers: Array<{ status: number; body?: unknown }>, now: () => number) {
  const made = testCredentials({ host: "localhost:8443" });
  const credentials = parseServiceCredentials(made.clientId, made.clientSecret);
  const api = endpoint(answers);
  return { tokens: new TokenSource({ credentials, post: api.post, now, userAgent: "test-agent" }), api, made };
}

describe("TokenSource", () => {
  it("posts the client-credentials form to https://<host>/auth/v1/token", async () => {
    const { tokens, api, made } = source(
      [{ status: 200, body: { access_token: "tok-1", token_type: "bearer", expires_in: 3600 } }],
      () => 0,
    );
    const token = await tokens.token();
    assert.deepEqual(
      { type: token.type, value: token.value, expiresAt: token.expiresAt },
      { type: "Bearer", value: "tok-1", expiresAt: 3_600_000 },
    );
    const [request] = api.requests;
    assert.equal(request!.url, "https://localhost:8443/auth/v1/token");
    assert.equal(request!.headers.get("content-type"), "application/x-www-form-urlencoded");
    assert.equal(request!.headers.get("authorization"), null);
    assert.equal(request!.headers.get("dpop"), null);
    assert.deepEqual(
      [...request!.form.keys()],
      ["client_id", "grant_type", "client_assertion_type", "client_assertion"],
    );
    assert.equal(request!.form.get("client_id"), made.clientId);
    assert.equal(request!.form.get("grant_type"), "client_credentials");
    assert.equal(request!.form.get("client_assertion_type"), "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  });

  it("reuses a token until 10 s before it expires", async () => {
    let now = 0;
    const { tokens, api } = source(
      [{ status: 200, body: { access_token: "tok", token_type: "Bearer", expires_in: 15 } }],
      () => now,
    );
    await tokens.token();
    now = 4_999;
    await tokens.token();
    assert.equal(api.requests.length, 1);
    now = 5_000;
    await tokens.token();
    assert.equal(api.requests.length, 2, "a new token 10 s before the old one expires");
  });

  it("fetches before every call when the token has no lifetime, as Go does", async () => {
    const { tokens, api } = source([{ status: 200, body: { access_token: "tok", token_type: "Bearer" } }], () => 0);
    await tokens.token();
    await tokens.token();
    assert.equal(api.requests.length, 2);
  });

  it("asks once for callers that need a token at the same time", async () => {
    const { tokens, api } = source([{ status: 200, body: { access_token: "tok", expires_in: 3600 } }], () => 0);
    await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    assert.equal(api.requests.length, 1);
  });

  it("a 401 is a refusal of the credentials that names what to check, and quotes nothing of the body", async () => {
    const { tokens } = source([{ status: 401 }], () => 0);
    const error = await tokens.token().then(
      () => assert.fail("expected a refusal"),
      (e: unknown) => e,
    );
    assert.ok(isIdsyncError(error));
    assert.equal(error.kind, "unauthenticated");
    assert.match(
      error.message,
      /ConductorOne refused the connector's client credentials \(POST https:\/\/localhost:8443\/auth\/v1\/token returned 401\)/,
    );
    assert.match(error.hint ?? "", /BATON_CLIENT_ID and BATON_CLIENT_SECRET/);
    assert.doesNotMatch(error.message, /see logs/);
  });

  it("a 5xx or an unreachable host can pass, an empty token cannot be used", async () => {
    const unavailable = await source([{ status: 503 }], () => 0)
      .tokens.token()
      .catch((e: unknown) => e);
    assert.ok(isIdsyncError(unavailable) && unavailable.kind === "unavailable");
    const made = testCredentials();
    const credentials = parseServiceCredentials(made.clientId, made.clientSecret);
    const unreachable = await new TokenSource({
      credentials,
      userAgent: "x",
      post: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
    })
      .token()
      .catch((e: unknown) => e);
    assert.ok(isIdsyncError(unreachable) && unreachable.kind === "unavailable");
    assert.match(
      unreachable.message,
      /cannot reach ConductorOne at POST https:\/\/tenant\.example\/auth\/v1\/token: nothing accepts connections there/,
    );
    const empty = await source([{ status: 200, body: { access_token: "" } }], () => 0)
      .tokens.token()
      .catch((e: unknown) => e);
    assert.ok(isIdsyncError(empty) && empty.kind === "invalid-response");
  });
});
