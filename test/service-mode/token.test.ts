import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isIdsyncError } from "../../src/core/index.ts";
import { parseServiceCredentials } from "../../src/core/service/credentials.ts";
import { TokenSource } from "../../src/core/service/token.ts";
import { fakeC1 } from "./_harness.ts";

describe("a token from the fake ConductorOne over TLS", () => {
  it("is issued to a client that trusts the fake's CA, and the assertion it sent passes the fake's checks", async (t) => {
    const fake = await fakeC1(t);
    const tokens = new TokenSource({
      credentials: parseServiceCredentials(fake.clientId, fake.clientSecret),
      ca: [fake.caPem],
      userAgent: "idsync-test",
    });
    const token = await tokens.token();
    assert.equal(token.type, "Bearer");
    assert.ok(token.value.length > 0);
    assert.equal(fake.tokenRequests.length, 1);
    assert.deepEqual(fake.violations, []);
  });

  it("is refused before any token request leaves when the certificate is not trusted: one line, fatal, naming NODE_EXTRA_CA_CERTS", async (t) => {
    const fake = await fakeC1(t);
    const tokens = new TokenSource({
      credentials: parseServiceCredentials(fake.clientId, fake.clientSecret),
      userAgent: "idsync-test",
    });
    const error = await tokens.token().then(
      () => assert.fail("an untrusted certificate was accepted"),
      (e: unknown) => e,
    );
    assert.ok(isIdsyncError(error));
    assert.equal(error.kind, "fatal");
    assert.match(
      error.message,
      /POST https:\/\/localhost:\d+\/auth\/v1\/token: the server's TLS certificate is not trusted/,
    );
    assert.match(error.hint ?? "", /NODE_EXTRA_CA_CERTS/);
    assert.equal(fake.tokenRequests.length, 0);
  });

  it("a 401 from the endpoint is a refusal of the credentials", async (t) => {
    const fake = await fakeC1(t);
    fake.script.token.failStatuses.push(401);
    const tokens = new TokenSource({
      credentials: parseServiceCredentials(fake.clientId, fake.clientSecret),
      ca: [fake.caPem],
      userAgent: "idsync-test",
    });
    const error = await tokens.token().catch((e: unknown) => e);
    assert.ok(isIdsyncError(error) && error.kind === "unauthenticated", String(error));
  });
});
