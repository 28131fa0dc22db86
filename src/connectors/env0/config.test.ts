/** The env0 settings and its error hook. The public-surface snapshots are checked in conformance.test.ts. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { isIdsyncError, resolveSettings, silentLogger } from "../../core/index.ts";
import { describeEnv0Error } from "./client.ts";
import { env0Settings } from "./config.ts";
import { env0 } from "./index.ts";

const ORG = "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B";
const resolve = (flags: Record<string, string>, env: Record<string, string> = {}) =>
  resolveSettings(env0Settings, { connector: "env0", flags, env });

describe("env0 settings", () => {
  test("flags, BATON_ENV0_* and BATON_* variables, and the default base URL", () => {
    const fromFlags = resolve({ "api-key-id": "id1", "api-key-secret": "s1", "organization-id": ORG });
    assert.deepEqual(fromFlags, {
      apiKeyId: "id1",
      apiKeySecret: "s1",
      organizationId: ORG,
      baseUrl: "https://api.env0.com",
    });
    const fromEnv = resolve(
      {},
      {
        BATON_ENV0_API_KEY_ID: "id2",
        BATON_API_KEY_ID: "ignored",
        BATON_API_KEY_SECRET: "s2",
        BATON_ORGANIZATION_ID: ORG,
        BATON_ENV0_BASE_URL: "https://env0.internal.example",
      },
    );
    assert.deepEqual(fromEnv, {
      apiKeyId: "id2",
      apiKeySecret: "s2",
      organizationId: ORG,
      baseUrl: "https://env0.internal.example",
    });
  });

  test("refuses a missing key half, a non-UUID organization and a bad base URL", () => {
    const refused = (flags: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => resolve(flags),
        (error: unknown) => isIdsyncError(error) && error.kind === "invalid-config" && pattern.test(error.message),
      );
    refused({ "api-key-secret": "s", "organization-id": ORG }, /api-key-id/);
    refused({ "api-key-id": "i", "organization-id": ORG }, /api-key-secret/);
    refused({ "api-key-id": "i", "api-key-secret": "s" }, /organization-id/);
    refused(
      { "api-key-id": "i", "api-key-secret": "s", "organization-id": "6f1c2a3b4d5e4f608a7b9c0d1e2f3a4b" },
      /organization-id.*UUID/,
    );
    refused(
      { "api-key-id": "i", "api-key-secret": "s", "organization-id": ORG, "base-url": "api.env0.com" },
      /base-url/,
    );
  });

  test("a key id with a colon cannot be sent as Basic auth: a settings error, not a crash", () => {
    assert.throws(
      () =>
        env0.create(resolve({ "api-key-id": "a:b", "api-key-secret": "s", "organization-id": ORG }), {
          logger: silentLogger,
        }),
      (error: unknown) => isIdsyncError(error) && error.kind === "invalid-config",
    );
  });
});

describe("env0 error bodies", () => {
  const info = (status: number, body: string) => ({
    status,
    body,
    endpoint: "GET /organizations",
    headers: new Headers(),
  });
  test("{message} bodies and plain-text 400s pass through, with a hint per status", () => {
    assert.deepEqual(describeEnv0Error(info(401, '{"message":"Unauthorized"}'))?.message, "Unauthorized");
    assert.match(
      describeEnv0Error(info(401, '{"message":"Unauthorized"}'))?.hint ?? "",
      /--api-key-id and --api-key-secret/,
    );
    assert.match(describeEnv0Error(info(403, '{"message":"Forbidden"}'))?.hint ?? "", /Admin role/);
    assert.match(
      describeEnv0Error(info(404, '{"message":"Not Found"}'))?.hint ?? "",
      /--organization-id and --base-url/,
    );
    assert.match(describeEnv0Error(info(402, "Payment Required"))?.hint ?? "", /plan/);
    assert.deepEqual(describeEnv0Error(info(400, "/querystring must have required property 'organizationId'")), {
      message: "/querystring must have required property 'organizationId'",
    });
    assert.deepEqual(describeEnv0Error(info(429, '{"message":"Too Many Requests"}')), { message: "Too Many Requests" });
    assert.equal(
      describeEnv0Error(info(502, "<html><title>502 Bad Gateway</title></html>")),
      undefined,
      "not env0's shape: the generic text",
    );
    assert.match(describeEnv0Error(info(401, ""))?.hint ?? "", /--api-key-id/);
  });
});
