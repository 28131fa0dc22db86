/**
 * The serve config file: intervals, defaults, where settings come from, and every problem of a
 * bad file reported in one error that never quotes a secret.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { ConfigError } from "../../core/index.ts";
import { tempDir } from "../../testkit/index.ts";
import { loadServeConfig, parseEvery, parseServeConfig } from "./config.ts";

const WORKSPACE = "5c7c6a80aa4f22298a68d2f5";
const ORG = "82a49bb0-a471-4eef-8cb6-59d117ea05e8";

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail("expected a ConfigError");
}

describe("serve config", () => {
  test("every: 30s, 15m, 6h, 1d; at least 10s; anything else refused in words", () => {
    assert.equal(parseEvery("30s"), 30_000);
    assert.equal(parseEvery("10s"), 10_000);
    assert.equal(parseEvery("15m"), 900_000);
    assert.equal(parseEvery("6h"), 21_600_000);
    assert.equal(parseEvery("1d"), 86_400_000);
    assert.match(JSON.stringify(parseEvery("9s")), /at least 10s/);
    for (const bad of ["1w", "", "6 h", "h", "1.5h", "-1h", "400d"])
      assert.equal(typeof parseEvery(bad), "object", bad);
    assert.match(JSON.stringify(parseEvery(60)), /must be a string/);
  });

  test("defaults: file <name>.c1z in out, out relative to the working folder, 2 at once", () => {
    const config = parseServeConfig(
      { out: "data", connectors: [{ name: "clockify", every: "6h", settings: { "workspace-id": WORKSPACE } }] },
      "serve.json",
      { BATON_CLOCKIFY_API_KEY: "a-clockify-key-1234" },
      "/srv/idsync",
    );
    assert.equal(config.out, "/srv/idsync/data");
    assert.equal(config.concurrency, 2);
    assert.equal(config.staleDays, 90);
    const [job] = config.jobs;
    assert.equal(job?.file, "/srv/idsync/data/clockify.c1z");
    assert.equal(job?.every, "6h");
    assert.equal(job?.everyMs, 21_600_000);
    assert.equal((job?.settings as Record<string, unknown>)["workspaceId"], WORKSPACE);
    assert.equal((job?.settings as Record<string, unknown>)["apiKey"], "a-clockify-key-1234");
  });

  test("secrets from BATON_<CONNECTOR>_<SETTING> or BATON_<SETTING>; a setting in the file wins over its variable", () => {
    const config = parseServeConfig(
      {
        concurrency: 1,
        staleDays: 30,
        connectors: [
          {
            name: "env0",
            every: "1d",
            file: "/abs/env0-prod.c1z",
            settings: { "organization-id": ORG, "api-key-id": "file-id" },
          },
        ],
      },
      "serve.json",
      {
        BATON_API_KEY_SECRET: "unprefixed-secret-5678",
        BATON_ENV0_API_KEY_ID: "env-id",
        BATON_ENV0_ORGANIZATION_ID: "not-a-uuid",
      },
      "/srv",
    );
    const settings = config.jobs[0]!.settings as Record<string, unknown>;
    assert.equal(config.jobs[0]!.file, "/abs/env0-prod.c1z");
    assert.equal(config.concurrency, 1);
    assert.equal(config.staleDays, 30);
    assert.equal(settings["apiKeySecret"], "unprefixed-secret-5678");
    assert.equal(settings["apiKeyId"], "file-id");
    assert.equal(settings["organizationId"], ORG);
  });

  test("every problem at once: keys, concurrency, staleDays, connector, interval, settings, secrets, missing, duplicates", () => {
    const secret = "config-file-secret-0a1b2c3d";
    const message = problemsOf(() =>
      parseServeConfig(
        {
          out: "/data",
          concurrency: 0,
          staleDays: "ninety",
          typo: true,
          connectors: [
            { name: "clockify", every: "5s", settings: { "api-key": secret, "workspace-id": "abc", colour: "blue" } },
            { name: "jira", every: "1h" },
            { name: "env0", every: "2x", file: "clockify.c1z" },
            { name: "clockify", every: "1h", extra: 1 },
            "runlayer",
          ],
        },
        "serve.json",
        {},
      ),
    );
    const expected = [
      /^serve\.json: /,
      /unknown key "typo"/,
      /"concurrency" must be a whole number from 1 to 8, got 0/,
      /"staleDays" must be a whole number of days above 0, got "ninety"/,
      /connectors\[0\] \(clockify\): "every" must be at least 10s, got "5s"/,
      /connectors\[0\] \(clockify\): "api-key" is a secret and is not read from the config file; set BATON_CLOCKIFY_API_KEY in the environment instead/,
      /connectors\[0\] \(clockify\): unknown setting "colour" \(clockify takes workspace-id, region, base-url\)/,
      /connectors\[0\] \(clockify\): .*workspace-id.* must be 24 hexadecimal characters/,
      /connectors\[1\]: no connector named "jira" \(choose one of clockify, codefresh, env0, runlayer\)/,
      /connectors\[2\] \(env0\): "every" must be a number with s, m, h or d/,
      /connectors\[2\] \(env0\): missing BATON_ENV0_API_KEY_SECRET in the environment \(a secret\)/,
      /connectors\[2\] \(env0\): missing "organization-id" in "settings" \(or BATON_ENV0_ORGANIZATION_ID in the environment\)/,
      /connectors\[2\] \(env0\): connectors\[0\] \(clockify\) writes \/data\/clockify\.c1z already/,
      /connectors\[3\] \(clockify\): unknown key "extra"/,
      /connectors\[3\] \(clockify\): clockify is listed more than once/,
      /connectors\[3\] \(clockify\): missing BATON_CLOCKIFY_API_KEY in the environment/,
      /connectors\[4\] must be an object/,
    ];
    for (const pattern of expected) assert.match(message, pattern);
    assert.ok(!message.includes(secret), "the refused secret is not echoed");
    assert.ok(!message.includes("\n"), "one line");
  });

  test("no connectors, or not an object", () => {
    assert.match(
      problemsOf(() => parseServeConfig({ connectors: [] }, "s.json", {})),
      /"connectors" must list at least one connector/,
    );
    assert.match(
      problemsOf(() => parseServeConfig([1], "s.json", {})),
      /must be a JSON object with "connectors"/,
    );
  });

  test("a missing file or broken JSON: named, with the place, never the text", (t) => {
    const dir = tempDir(t);
    assert.match(
      problemsOf(() => loadServeConfig(path.join(dir, "absent.json"), {})),
      /cannot read the config file .*absent\.json \(ENOENT\)/,
    );
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, '{"connectors": [\n  {"name": "clockify", "settings": {"api-key": leaked-secret-value}}]}');
    const message = problemsOf(() => loadServeConfig(broken, {}));
    assert.match(message, /broken\.json is not valid JSON/);
    assert.ok(!message.includes("leaked"), "JSON.parse quotes the text around the error; that is not passed on");
    writeFileSync(broken, '{"connectors": [],\n}');
    assert.match(
      problemsOf(() => loadServeConfig(broken, {})),
      /broken\.json is not valid JSON \(line 2, column 1\)/,
    );
  });
});
