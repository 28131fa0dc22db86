/** The Clockify settings and its error hook. The public-surface snapshots are checked in conformance.test.ts. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isIdsyncError, resolveSettings } from "../../core/index.ts";
import { describeClockifyError } from "./client.ts";
import { apiBaseUrl, clockifySettings, DEFAULT_BASE_URL } from "./config.ts";

const resolve = (flags: Record<string, string>, env: Record<string, string> = {}) =>
  resolveSettings(clockifySettings, { connector: "clockify", flags, env });
const KEY = { "api-key": "a-test-key" };
const WORKSPACE = "64A687E29AE1F428E7EBE303";

describe("Clockify settings", () => {
  test("the default host, a region's host, or a base URL", () => {
    assert.equal(apiBaseUrl(resolve({ ...KEY, "workspace-id": WORKSPACE })), DEFAULT_BASE_URL);
    assert.equal(
      apiBaseUrl(resolve({ ...KEY, "workspace-id": WORKSPACE, region: "EUC1" })),
      "https://euc1.clockify.me/api/v1",
    );
    assert.equal(
      apiBaseUrl(resolve({ ...KEY, "workspace-id": WORKSPACE, "base-url": "https://developer.clockify.me/api/v1" })),
      "https://developer.clockify.me/api/v1",
    );
    const fromEnv = resolve(
      {},
      { BATON_CLOCKIFY_API_KEY: "k", BATON_WORKSPACE_ID: WORKSPACE, BATON_CLOCKIFY_REGION: "apse2" },
    );
    assert.equal(fromEnv.workspaceId, WORKSPACE);
    assert.equal(apiBaseUrl(fromEnv), "https://apse2.clockify.me/api/v1");
  });

  test("refuses a malformed workspace id, an unknown region, and a region with a base URL", () => {
    const refused = (flags: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => resolve(flags),
        (error: unknown) => isIdsyncError(error) && error.kind === "invalid-config" && pattern.test(error.message),
      );
    refused({ ...KEY, "workspace-id": "64a687e29ae1f428e7ebe30" }, /workspace-id.*24 hexadecimal/);
    refused({ ...KEY, "workspace-id": "64a687e29ae1f428e7ebe30g" }, /workspace-id.*24 hexadecimal/);
    refused({ ...KEY, "workspace-id": WORKSPACE, region: "us" }, /region.*one of euc1, use2, euw2, apse2/);
    refused(
      { ...KEY, "workspace-id": WORKSPACE, region: "euc1", "base-url": DEFAULT_BASE_URL },
      /cannot be used together/,
    );
    refused({ "workspace-id": WORKSPACE }, /api-key/);
  });
});

describe("Clockify error bodies", () => {
  const info = (status: number, body: string) => ({
    status,
    body,
    endpoint: "GET /workspaces",
    headers: new Headers(),
  });
  test("Clockify's message and code, with a hint per status", () => {
    assert.deepEqual(
      describeClockifyError(info(401, '{"message":"Api key does not exist","code":4003}'))?.message,
      "Api key does not exist (code 4003)",
    );
    assert.match(
      describeClockifyError(info(401, '{"message":"Api key does not exist","code":4003}'))?.hint ?? "",
      /--api-key/,
    );
    assert.match(
      describeClockifyError(info(401, '{"message":"Multiple or none auth tokens present","code":1000}'))?.hint ?? "",
      /exactly one auth header/,
    );
    assert.match(
      describeClockifyError(info(403, '{"message":"Access Denied","code":501}'))?.hint ?? "",
      /owner or admin/,
    );
    assert.match(
      describeClockifyError(info(405, '{"message":"Request method \'GET\' is not supported","code":3000}'))?.hint ?? "",
      /--base-url/,
    );
    assert.deepEqual(describeClockifyError(info(429, '{"message":"Too many requests","code":429}')), {
      message: "Too many requests (code 429)",
    });
    assert.equal(
      describeClockifyError(info(502, "<html>Bad Gateway</html>")),
      undefined,
      "not Clockify's shape: the generic text",
    );
    assert.match(describeClockifyError(info(401, ""))?.hint ?? "", /--api-key/);
  });
});
