import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";

import {
  assertion,
  fakeForTest,
  postTokenHttp1,
  postTokenHttp2,
  tokenForm,
  type AssertionOverrides,
} from "./_test-support.ts";
import { SECRET_PREFIX } from "./credentials.ts";

describe("fake ConductorOne: credentials", () => {
  it("issues a client id naming its own host and port, and a secret holding an Ed25519 JWK without kid", async (t) => {
    const fake = await fakeForTest(t);
    assert.match(fake.apiHost, /^localhost:\d+$/);
    assert.equal(fake.clientId, `idsync-test@${fake.apiHost}/pcc`);
    assert.ok(fake.clientSecret.startsWith(SECRET_PREFIX));
    const jwk = JSON.parse(
      Buffer.from(fake.clientSecret.slice(SECRET_PREFIX.length), "base64url").toString("utf8"),
    ) as Record<string, string>;
    assert.deepEqual(Object.keys(jwk).sort(), ["crv", "d", "kty", "x"]);
    assert.equal(jwk["kty"], "OKP");
    assert.equal(jwk["crv"], "Ed25519");
    assert.doesNotMatch(fake.clientSecret.slice(SECRET_PREFIX.length), /[=+/]/, "unpadded base64url");
    assert.deepEqual(fake.env(), {
      BATON_CLIENT_ID: fake.clientId,
      BATON_CLIENT_SECRET: fake.clientSecret,
      NODE_EXTRA_CA_CERTS: fake.caFile,
    });
  });

  it("can name another host in the id, which env() then overrides with BATON_C1_API_HOST", async (t) => {
    const fake = await fakeForTest(t, { clientIdHost: "tenant.example", clientName: "acme-clockify" });
    assert.equal(fake.clientId, "acme-clockify@tenant.example/pcc");
    assert.equal(fake.env()["BATON_C1_API_HOST"], fake.apiHost);
  });
});

describe("fake ConductorOne: POST /auth/v1/token", () => {
  it("issues a Bearer token for a correct request over HTTP/1.1 and over HTTP/2", async (t) => {
    const fake = await fakeForTest(t);
    const first = await postTokenHttp1(fake, tokenForm(fake));
    const second = await postTokenHttp2(fake, tokenForm(fake));
    assert.deepEqual(first, { status: 200, body: { access_token: "tok-1", token_type: "Bearer", expires_in: 3600 } });
    assert.deepEqual(second, { status: 200, body: { access_token: "tok-2", token_type: "Bearer", expires_in: 3600 } });
    assert.deepEqual(fake.violations, []);
    assert.equal(fake.tokenRequests.length, 2);
    const [request] = fake.tokenRequests;
    assert.equal(request!.status, 200);
    assert.deepEqual(Object.keys(request!.header!), ["alg", "nonce"]);
    assert.equal(request!.claims!["aud"], "localhost");
    assert.equal(request!.claims!["iss"], fake.clientId);
  });

  it("with a kid in the JWK, wants the kid in the assertion's header", async (t) => {
    const fake = await fakeForTest(t, { withKid: true });
    const jwk = JSON.parse(
      Buffer.from(fake.clientSecret.slice(SECRET_PREFIX.length), "base64url").toString("utf8"),
    ) as Record<string, string>;
    assert.equal((await postTokenHttp1(fake, tokenForm(fake, {}, { header: { kid: jwk["kid"] } }))).status, 200);
    assert.equal((await postTokenHttp1(fake, tokenForm(fake))).status, 401);
    assert.deepEqual(fake.violations, [`token request: assertion kid is undefined, not the key's "${jwk["kid"]}"`]);
  });

  it("wants the id's host as audience even when the client is sent elsewhere (BATON_C1_API_HOST)", async (t) => {
    const fake = await fakeForTest(t, { clientIdHost: "tenant.example" });
    assert.equal((await postTokenHttp1(fake, tokenForm(fake))).status, 200);
    assert.equal((await postTokenHttp1(fake, tokenForm(fake, {}, { claims: { aud: "localhost" } }))).status, 401);
    assert.match(fake.violations.join("\n"), /aud is "localhost", not "tenant\.example"/);
  });

  const otherKey = generateKeyPairSync("ed25519").privateKey;
  // One fixed wall clock for the fake and the assertion, so the differences below are exact.
  const NOW_MS = Date.parse("2026-06-01T12:00:00Z");
  const nowS = NOW_MS / 1000;
  const wrongAssertions: Array<[string, AssertionOverrides, RegExp]> = [
    ["a wrong audience", { claims: { aud: "conductor.one" } }, /aud is "conductor\.one", not "localhost"/],
    ["the audience as an array", { claims: { aud: ["localhost"] } }, /aud is an array/],
    ["the audience with its port", { claims: { aud: "localhost:443" } }, /aud is "localhost:443"/],
    ["exp − iat other than 120", { claims: { exp: nowS + 300 } }, /exp − iat is 300 s, not 120/],
    ["iat − nbf other than 120", { claims: { nbf: nowS - 60 } }, /iat − nbf is 60 s, not 120/],
    ["an iat far from now", { nowMs: NOW_MS - 60_000 }, /iat is -60 s from now/],
    ["fractional seconds", { claims: { iat: nowS + 0.5 } }, /iat is [\d.]+, not whole seconds/],
    ["a wrong issuer", { claims: { iss: "idsync-test" } }, /iss is "idsync-test", not the client id/],
    ["a wrong subject", { claims: { sub: "someone-else" } }, /sub is "someone-else"/],
    ["an extra claim", { claims: { jti: "abc" } }, /unexpected assertion claim jti/],
    ["no nonce", { header: { nonce: undefined } }, /header has no nonce/],
    [
      "a nonce that is not 32 hex digits",
      { header: { nonce: "ABCDEF" } },
      /nonce "ABCDEF" is not 32 lower-case hex digits/,
    ],
    ["a typ header", { header: { typ: "JWT" } }, /typ "JWT"; baton-sdk sends none/],
    ["a kid the key does not have", { header: { kid: "k1" } }, /header has a kid, but the client's key has none/],
    ["another alg", { header: { alg: "ES256" } }, /alg is "ES256", not "EdDSA"/],
    ["a signature by another key", { key: otherKey }, /signature does not verify/],
  ];
  for (const [what, overrides, expected] of wrongAssertions) {
    it(`refuses an assertion with ${what}: 401 invalid_client, and a violation`, async (t) => {
      const fake = await fakeForTest(t, { now: () => NOW_MS });
      const response = await postTokenHttp1(fake, tokenForm(fake, {}, { nowMs: NOW_MS, ...overrides }));
      assert.equal(response.status, 401);
      assert.equal(response.body["error"], "invalid_client");
      assert.equal(fake.violations.length, 1, fake.violations.join("\n"));
      assert.match(fake.violations[0]!, expected);
      assert.deepEqual(
        fake.tokenRequests.map((request) => request.status),
        [401],
      );
    });
  }

  it("refuses a tampered payload under a good signature", async (t) => {
    const fake = await fakeForTest(t);
    const [header, , signature] = assertion(fake).split(".");
    const claims = Buffer.from(
      JSON.stringify({ iss: fake.clientId, sub: fake.clientId, aud: "localhost", exp: 2, nbf: 0, iat: 1 }),
    ).toString("base64url");
    assert.equal(
      (await postTokenHttp1(fake, tokenForm(fake, { client_assertion: `${header}.${claims}.${signature}` }))).status,
      401,
    );
    assert.match(fake.violations.join("\n"), /signature does not verify/);
  });

  const wrongForms: Array<
    [string, Record<string, string | undefined>, Record<string, string> | undefined, number, string, RegExp]
  > = [
    [
      "another grant type",
      { grant_type: "password" },
      undefined,
      400,
      "unsupported_grant_type",
      /grant_type is "password"/,
    ],
    [
      "no assertion type",
      { client_assertion_type: undefined },
      undefined,
      400,
      "invalid_request",
      /client_assertion_type is missing/,
    ],
    [
      "only the client name as client_id",
      { client_id: "idsync-test" },
      undefined,
      401,
      "invalid_client",
      /client_id is "idsync-test", not the whole client id/,
    ],
    ["no assertion", { client_assertion: undefined }, undefined, 401, "invalid_client", /client_assertion is missing/],
    [
      "a JSON body type",
      {},
      { "content-type": "application/json" },
      400,
      "invalid_request",
      /content-type is "application\/json"/,
    ],
    [
      "a DPoP header",
      {},
      { "content-type": "application/x-www-form-urlencoded", dpop: "x.y.z" },
      400,
      "invalid_request",
      /a DPoP header was sent/,
    ],
  ];
  for (const [what, fields, headers, status, error, expected] of wrongForms) {
    it(`refuses a request with ${what}: ${status} ${error}`, async (t) => {
      const fake = await fakeForTest(t);
      const response = await postTokenHttp1(fake, tokenForm(fake, fields), headers);
      assert.equal(response.status, status);
      assert.equal(response.body["error"], error);
      assert.match(fake.violations.join("\n"), expected);
    });
  }

  it("answers scripted statuses first, then issues tokens with the scripted lifetime and type", async (t) => {
    const fake = await fakeForTest(t);
    fake.script.token.failStatuses.push(401, 500);
    fake.script.token.expiresIn = 15;
    fake.script.token.tokenType = "bearer";
    assert.deepEqual(await postTokenHttp1(fake, tokenForm(fake)), { status: 401, body: { error: "invalid_client" } });
    assert.deepEqual(await postTokenHttp1(fake, tokenForm(fake)), { status: 500, body: { error: "server_error" } });
    assert.deepEqual(await postTokenHttp1(fake, tokenForm(fake)), {
      status: 200,
      body: { access_token: "tok-1", token_type: "bearer", expires_in: 15 },
    });
    assert.deepEqual(fake.violations, [], "a scripted refusal is not the client's fault");
    assert.deepEqual(fake.script.token.failStatuses, []);
  });

  it("never repeats the secret or the assertion in what it records or logs", async (t) => {
    const lines: string[] = [];
    const fake = await fakeForTest(t, { log: (line) => lines.push(line) });
    const sent = assertion(fake, { claims: { aud: "wrong" } });
    await postTokenHttp1(fake, tokenForm(fake, { client_assertion: sent }));
    await postTokenHttp1(fake, tokenForm(fake));
    const seen = [...lines, ...fake.violations, fake.summary(), JSON.stringify(fake.tokenRequests)].join("\n");
    const key = JSON.parse(
      Buffer.from(fake.clientSecret.slice(SECRET_PREFIX.length), "base64url").toString("utf8"),
    ) as Record<string, string>;
    assert.ok(lines.some((line) => line.startsWith("token issued")));
    for (const secret of [fake.clientSecret, key["d"]!, sent, sent.split(".")[2]!, "tok-1"])
      assert.ok(!seen.includes(secret), `leaked ${secret.slice(0, 12)}…`);
  });
});
