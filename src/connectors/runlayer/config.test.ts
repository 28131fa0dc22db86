import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isIdsyncError, resolveSettings } from "../../core/index.ts";
import { baseUrlProblem, normalizeBaseUrl, runlayerSettings } from "./config.ts";

const resolve = (flags: Record<string, string>) =>
  resolveSettings(runlayerSettings, { connector: "runlayer", flags, env: {} });

describe("Runlayer settings", () => {
  it("accepts https instance URLs and completes them to the Management API", () => {
    const cases: Array<[string, string]> = [
      ["https://acme.runlayer.com/api/v1", "https://acme.runlayer.com/api/v1"],
      ["https://acme.runlayer.com/api/v1/", "https://acme.runlayer.com/api/v1"],
      ["https://acme.runlayer.com", "https://acme.runlayer.com/api/v1"],
      ["https://acme.runlayer.com/", "https://acme.runlayer.com/api/v1"],
      ["https://acme.runlayer.com/api", "https://acme.runlayer.com/api/v1"],
      ["https://tools.acme.example/runlayer/api/v1", "https://tools.acme.example/runlayer/api/v1"],
      ["http://127.0.0.1:8123/api/v1", "http://127.0.0.1:8123/api/v1"],
      ["http://localhost:8123", "http://localhost:8123/api/v1"],
      ["http://[::1]:8123/api/v1", "http://[::1]:8123/api/v1"],
    ];
    for (const [given, used] of cases) {
      assert.equal(baseUrlProblem(given), undefined, given);
      assert.equal(normalizeBaseUrl(given), used, given);
    }
  });

  it("refuses plain http to anything but loopback, and paths that are not the Management API", () => {
    assert.match(baseUrlProblem("http://acme.runlayer.com/api/v1") ?? "", /must use https/);
    assert.match(baseUrlProblem("http://10.0.0.5/api/v1") ?? "", /must use https/);
    assert.match(baseUrlProblem("https://acme.runlayer.com/docs") ?? "", /ending in \/api\/v1/);
    assert.match(baseUrlProblem("https://acme.runlayer.com/api/v2") ?? "", /ending in \/api\/v1/);
  });

  it("requires both settings and never quotes the key back", () => {
    const secret = "rl_do_not_print_me_0123456789";
    assert.throws(
      () => resolve({ "api-key": secret }),
      (error: unknown) =>
        isIdsyncError(error) &&
        error.kind === "invalid-config" &&
        /missing --base-url/.test(error.message) &&
        !error.message.includes(secret),
    );
    assert.throws(() => resolve({ "base-url": "https://acme.runlayer.com" }), /missing --api-key/);
    assert.deepEqual(resolve({ "base-url": "https://acme.runlayer.com", "api-key": secret }), {
      baseUrl: "https://acme.runlayer.com",
      apiKey: secret,
    });
  });
});
