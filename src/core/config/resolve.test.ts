import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ConfigError, exitCodeFor } from "../errors/index.ts";
import { _clearSecretsForTests, redact } from "../log/index.ts";
import { resolveSettings, resolveSettingsWithSources } from "./index.ts";
import { sampleSettings } from "./_test-settings.ts";

afterEach(() => _clearSecretsForTests());

const KEY = "ck_live_0123456789abcdef";
const WS = "64a687e29ae1f428e7ebe303";

function resolve(
  flags: Record<string, string | boolean | undefined> = {},
  env: Record<string, string | undefined> = {},
) {
  return resolveSettings(sampleSettings, { connector: "clockify", flags, env });
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(exitCodeFor(error), 2);
    return error;
  }
  assert.fail("expected resolution to throw");
}

describe("resolveSettings precedence", () => {
  it("flag > BATON_<CONNECTOR>_<NAME> > BATON_<NAME> > default", () => {
    const env = {
      BATON_CLOCKIFY_BASE_URL: "https://prefixed.test/api/v1",
      BATON_BASE_URL: "https://plain.test/api/v1",
    };
    const base = { "api-key": KEY, "workspace-id": WS };
    assert.equal(resolve({ ...base, "base-url": "https://flag.test/api/v1" }, env).baseUrl, "https://flag.test/api/v1");
    assert.equal(resolve(base, env).baseUrl, "https://prefixed.test/api/v1");
    assert.equal(resolve(base, { BATON_BASE_URL: "https://plain.test/api/v1" }).baseUrl, "https://plain.test/api/v1");
    assert.equal(resolve(base).baseUrl, "https://api.clockify.me/api/v1");
  });

  it("reads required settings from the environment and trims values", () => {
    const values = resolve({}, { BATON_CLOCKIFY_API_KEY: `  ${KEY}\n`, BATON_WORKSPACE_ID: ` ${WS} ` });
    assert.deepEqual(values, {
      apiKey: KEY,
      workspaceId: WS,
      region: undefined,
      baseUrl: "https://api.clockify.me/api/v1",
      pageSize: 5000,
      includeLimited: false,
      keyId: undefined,
      keySecret: undefined,
    });
  });

  it("treats empty flags and variables as unset", () => {
    const values = resolve(
      { "api-key": KEY, "workspace-id": WS, region: "  " },
      { BATON_CLOCKIFY_REGION: "", BATON_REGION: "euw2" },
    );
    assert.equal(values.region, "euw2");
  });

  it("parses integers and booleans, and matches choices without case", () => {
    const values = resolve(
      { "api-key": KEY, "workspace-id": WS, "include-limited": true, region: "EUC1" },
      { BATON_PAGE_SIZE: "200" },
    );
    assert.equal(values.pageSize, 200);
    assert.equal(values.includeLimited, true);
    assert.equal(values.region, "euc1");
    assert.equal(
      resolve({ "api-key": KEY, "workspace-id": WS }, { BATON_CLOCKIFY_INCLUDE_LIMITED: "no" }).includeLimited,
      false,
    );
    assert.equal(resolve({ "api-key": KEY, "workspace-id": WS, "include-limited": "yes" }).includeLimited, true);
  });

  it("reports where each value came from without exposing secrets", () => {
    const { sources } = resolveSettingsWithSources(sampleSettings, {
      connector: "clockify",
      flags: { "workspace-id": WS },
      env: { BATON_API_KEY: KEY },
    });
    const byName = Object.fromEntries(sources.map((s) => [s.name, s]));
    assert.deepEqual(byName["api-key"], {
      name: "api-key",
      flag: "--api-key",
      origin: "env",
      envVar: "BATON_API_KEY",
      secret: true,
      value: "[REDACTED]",
    });
    assert.deepEqual(byName["workspace-id"], {
      name: "workspace-id",
      flag: "--workspace-id",
      origin: "flag",
      secret: false,
      value: WS,
    });
    assert.deepEqual(byName["base-url"], {
      name: "base-url",
      flag: "--base-url",
      origin: "default",
      secret: false,
      value: "https://api.clockify.me/api/v1",
    });
    assert.deepEqual(byName.region, { name: "region", flag: "--region", origin: "unset", secret: false });
    assert.doesNotMatch(JSON.stringify(sources), new RegExp(KEY));
  });

  it("registers secret values for redaction", () => {
    resolve({ "api-key": KEY, "workspace-id": WS });
    assert.equal(redact(`key=${KEY}`), "key=[REDACTED]");
  });
});

describe("resolveSettings errors", () => {
  it("names a missing required setting with its flag and variable", () => {
    const error = configError(() => resolve({ "workspace-id": WS }));
    assert.equal(error.message, "missing --api-key (or BATON_CLOCKIFY_API_KEY)");
    assert.equal(error.setting, "api-key");
    assert.equal(error.hint, "Clockify API key (Profile settings → API)");
  });

  it("reports every problem on one line", () => {
    const error = configError(() => resolve());
    assert.equal(
      error.message,
      "missing --api-key (or BATON_CLOCKIFY_API_KEY); missing --workspace-id (or BATON_CLOCKIFY_WORKSPACE_ID)",
    );
    assert.doesNotMatch(error.message, /\n/);
  });

  it("explains a pattern mismatch and gives the length of the value, not the value", () => {
    const error = configError(() => resolve({ "api-key": KEY, "workspace-id": "abc" }));
    assert.equal(
      error.message,
      "--workspace-id (BATON_CLOCKIFY_WORKSPACE_ID) must be 24 hexadecimal characters, got a value of 3 characters (not shown, in case it is a secret)",
    );
    assert.equal(error.hint, "for example 64a687e29ae1f428e7ebe303");
  });

  it("says two settings look swapped when the secret's value is what the refused setting expects, quoting neither", () => {
    const error = configError(() => resolve({ "api-key": WS, "workspace-id": KEY }));
    assert.equal(
      error.hint,
      "--workspace-id and --api-key look swapped: the value given as --api-key is what --workspace-id expects",
    );
    assert.ok(!`${error.message} ${error.hint}`.includes(KEY) && !`${error.message} ${error.hint}`.includes(WS));
    // A refused value the secret would not fit either is no swap.
    assert.equal(
      configError(() => resolve({ "api-key": KEY, "workspace-id": "abc" })).hint,
      "for example 64a687e29ae1f428e7ebe303",
    );
  });

  it("names the variable that actually supplied a bad value", () => {
    const error = configError(() => resolve({ "api-key": KEY }, { BATON_WORKSPACE_ID: "abc" }));
    assert.equal(
      error.message,
      "--workspace-id (BATON_WORKSPACE_ID) must be 24 hexadecimal characters, got a value of 3 characters (not shown, in case it is a secret)",
    );
  });

  it("explains choices, urls, integers and booleans", () => {
    const base = { "api-key": KEY, "workspace-id": WS };
    assert.equal(
      configError(() => resolve({ ...base, region: "mars" })).message,
      "--region (BATON_CLOCKIFY_REGION) must be one of euc1, use2, euw2, apse2, got a value of 4 characters (not shown, in case it is a secret)",
    );
    assert.equal(
      configError(() => resolve({ ...base, "base-url": "api.clockify.me" })).message,
      "--base-url (BATON_CLOCKIFY_BASE_URL) must be an absolute http(s) URL, got a value of 15 characters (not shown, in case it is a secret)",
    );
    assert.equal(
      configError(() => resolve({ ...base, "base-url": "ftp://x.test/" })).message,
      "--base-url (BATON_CLOCKIFY_BASE_URL) must be an absolute http(s) URL, got a value of 13 characters (not shown, in case it is a secret)",
    );
    assert.equal(
      configError(() => resolve(base, { BATON_CLOCKIFY_PAGE_SIZE: "1.5" })).message,
      "--page-size (BATON_CLOCKIFY_PAGE_SIZE) must be a whole number, got a value of 3 characters (not shown, in case it is a secret)",
    );
    assert.equal(
      configError(() => resolve({ ...base, "include-limited": "maybe" })).message,
      "--include-limited (BATON_CLOCKIFY_INCLUDE_LIMITED) must be true or false, got a value of 5 characters (not shown, in case it is a secret)",
    );
  });

  it("refuses a flag given without a value", () => {
    assert.equal(
      configError(() => resolve({ "api-key": true, "workspace-id": WS })).message,
      "--api-key needs a value",
    );
  });

  it("never echoes a secret's value, even from a custom validator", () => {
    const error = configError(() =>
      resolve({ "api-key": KEY, "workspace-id": WS, "key-id": "id1", "key-secret": "wrong-secret-value" }),
    );
    assert.equal(error.message, "--key-secret (BATON_CLOCKIFY_KEY_SECRET) must start with ks_ (got [REDACTED])");
    assert.doesNotMatch(`${error.message} ${error.stack ?? ""} ${error.hint ?? ""}`, /wrong-secret-value/);
  });

  it("refuses two exclusive settings set explicitly, but not an explicit one beside a default", () => {
    const base = { "api-key": KEY, "workspace-id": WS };
    assert.equal(
      configError(() => resolve({ ...base, region: "euc1" }, { BATON_BASE_URL: "https://x.test" })).message,
      "--region (BATON_CLOCKIFY_REGION) and --base-url (BATON_BASE_URL) cannot be used together; set only one",
    );
    assert.equal(resolve({ ...base, region: "euc1" }).region, "euc1");
  });

  it("requires settings declared together to be set together", () => {
    const base = { "api-key": KEY, "workspace-id": WS };
    assert.equal(
      configError(() => resolve({ ...base, "key-id": "id1" })).message,
      "--key-id and --key-secret must be set together: missing --key-secret (or BATON_CLOCKIFY_KEY_SECRET)",
    );
    assert.equal(resolve({ ...base, "key-id": "id1", "key-secret": "ks_abcdef" }).keySecret, "ks_abcdef");
    assert.equal(resolve(base).keyId, undefined);
  });

  it("rejects a malformed connector name", () => {
    assert.throws(() => resolveSettings(sampleSettings, { connector: "Click Fy", flags: {}, env: {} }), TypeError);
  });
});
