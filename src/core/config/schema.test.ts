import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { settingsHelp, settingsSchema } from "./index.ts";
import { sampleSettings } from "./_test-settings.ts";

// The committed form of the schema: if this changes, the `config` snapshot of every connector
// changes with it, and the diff should be read in review.
const EXPECTED = `{
  "connector": "clockify",
  "precedence": ["flag", "BATON_CLOCKIFY_<NAME>", "BATON_<NAME>", "default"],
  "fields": [
    {"name": "api-key", "flag": "--api-key", "env": ["BATON_CLOCKIFY_API_KEY", "BATON_API_KEY"], "description": "Clockify API key (Profile settings → API)", "kind": "string", "secret": true, "required": true},
    {"name": "workspace-id", "flag": "--workspace-id", "env": ["BATON_CLOCKIFY_WORKSPACE_ID", "BATON_WORKSPACE_ID"], "description": "The workspace to sync", "kind": "string", "secret": false, "required": true, "pattern": "^[0-9a-f]{24}$", "expected": "24 hexadecimal characters", "example": "64a687e29ae1f428e7ebe303"},
    {"name": "region", "flag": "--region", "env": ["BATON_CLOCKIFY_REGION", "BATON_REGION"], "description": "Regional host", "kind": "string", "secret": false, "required": false, "choices": ["euc1", "use2", "euw2", "apse2"], "expected": "one of euc1, use2, euw2, apse2"},
    {"name": "base-url", "flag": "--base-url", "env": ["BATON_CLOCKIFY_BASE_URL", "BATON_BASE_URL"], "description": "API base URL", "kind": "url", "secret": false, "required": false, "default": "https://api.clockify.me/api/v1", "expected": "an absolute http(s) URL"},
    {"name": "page-size", "flag": "--page-size", "env": ["BATON_CLOCKIFY_PAGE_SIZE", "BATON_PAGE_SIZE"], "description": "Users per page", "kind": "integer", "secret": false, "required": false, "default": "5000", "expected": "a whole number"},
    {"name": "include-limited", "flag": "--include-limited", "env": ["BATON_CLOCKIFY_INCLUDE_LIMITED", "BATON_INCLUDE_LIMITED"], "description": "Also sync limited users", "kind": "boolean", "secret": false, "required": false, "expected": "true or false"},
    {"name": "key-id", "flag": "--key-id", "env": ["BATON_CLOCKIFY_KEY_ID", "BATON_KEY_ID"], "description": "API key id", "kind": "string", "secret": false, "required": false},
    {"name": "key-secret", "flag": "--key-secret", "env": ["BATON_CLOCKIFY_KEY_SECRET", "BATON_KEY_SECRET"], "description": "API key secret", "kind": "string", "secret": true, "required": false}
  ],
  "constraints": {"exclusive": [["region", "base-url"]], "requiredTogether": [["key-id", "key-secret"]]}
}`;

describe("settingsSchema", () => {
  it("matches the committed form, key order included", () => {
    const schema = settingsSchema(sampleSettings, "clockify");
    assert.equal(JSON.stringify(schema), JSON.stringify(JSON.parse(EXPECTED)));
  });

  it("is deterministic", () => {
    assert.equal(
      JSON.stringify(settingsSchema(sampleSettings, "clockify"), null, 2),
      JSON.stringify(settingsSchema(sampleSettings, "clockify"), null, 2),
    );
  });

  it("omits defaults and examples of secrets", () => {
    const schema = settingsSchema(
      {
        fields: [
          { name: "token", description: "t", secret: true, default: "dev-token-123", example: "tok_example_999" },
        ],
        exclusive: [],
        requiredTogether: [],
      },
      "x",
    );
    assert.doesNotMatch(JSON.stringify(schema), /dev-token-123|tok_example_999/);
  });
});

describe("settingsHelp", () => {
  it("describes every flag with its notes and environment variable, and each constraint", () => {
    const { fields, constraints } = settingsHelp(sampleSettings, "clockify");
    assert.deepEqual(
      fields.map((field) => [
        `--${field.name}${field.placeholder ? ` ${field.placeholder}` : ""}`,
        field.notes.join("; "),
        field.env,
      ]),
      [
        ["--api-key string", "required; secret", "BATON_CLOCKIFY_API_KEY"],
        [
          "--workspace-id string",
          "required; 24 hexadecimal characters; e.g. 64a687e29ae1f428e7ebe303",
          "BATON_CLOCKIFY_WORKSPACE_ID",
        ],
        ["--region string", "one of euc1, use2, euw2, apse2", "BATON_CLOCKIFY_REGION"],
        ["--base-url url", 'default "https://api.clockify.me/api/v1"', "BATON_CLOCKIFY_BASE_URL"],
        ["--page-size int", 'default "5000"', "BATON_CLOCKIFY_PAGE_SIZE"],
        ["--include-limited", "", "BATON_CLOCKIFY_INCLUDE_LIMITED"],
        ["--key-id string", "", "BATON_CLOCKIFY_KEY_ID"],
        ["--key-secret string", "secret", "BATON_CLOCKIFY_KEY_SECRET"],
      ],
    );
    assert.equal(fields[5]!.boolean, true);
    assert.deepEqual(constraints, [
      "Only one of --region, --base-url may be set.",
      "--key-id, --key-secret must be set together.",
    ]);
  });
});
