/** The Codefresh settings and its error hook. The public-surface snapshots are checked in conformance.test.ts. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isIdsyncError, resolveSettings } from "../../core/index.ts";
import { findConnector } from "../index.ts";
import { DEFAULT_BASE_URL } from "./config.ts";
import { codefresh } from "./index.ts";

const KEY = "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef";
const resolve = (flags: Record<string, string>, env: Record<string, string> = {}) =>
  resolveSettings(codefresh.settings, { connector: "codefresh", flags, env });

describe("Codefresh settings", () => {
  it("needs only the key; the base URL defaults to the SaaS and takes an on-prem root", () => {
    assert.deepEqual(resolve({ "api-key": KEY }), { apiKey: KEY, baseUrl: DEFAULT_BASE_URL });
    assert.equal(
      resolve({}, { BATON_CODEFRESH_API_KEY: KEY, BATON_CODEFRESH_BASE_URL: "https://cf.example.com/api/" }).baseUrl,
      "https://cf.example.com/api/",
    );
    assert.equal(resolve({}, { BATON_API_KEY: KEY }).apiKey, KEY, "Baton's unprefixed name works too");
    assert.equal(
      resolve({}, { BATON_API_KEY: "other-key", BATON_CODEFRESH_API_KEY: KEY }).apiKey,
      KEY,
      "the prefixed name wins",
    );
  });

  it("refuses a missing key, a Bearer-prefixed key (without echoing it) and a base URL that is no URL", () => {
    const refused = (flags: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => resolve(flags),
        (error: unknown) =>
          isIdsyncError(error) &&
          error.kind === "invalid-config" &&
          pattern.test(error.message) &&
          !error.message.includes(KEY),
      );
    refused({}, /api-key/);
    refused({ "api-key": `Bearer ${KEY}` }, /without a "Bearer " prefix/);
    refused({ "api-key": KEY, "base-url": "g.codefresh.io/api" }, /base-url/);
  });

  it("is registered as the codefresh connector", () => {
    assert.equal(findConnector("codefresh"), codefresh);
    assert.deepEqual(
      codefresh.resourceTypes.map((type) => type.id),
      ["user", "role", "team"],
    );
  });
});
