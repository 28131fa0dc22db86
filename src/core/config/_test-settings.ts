/**
 * @module
 * A declaration shaped like the Clockify and env0 connectors' settings, shared by the config tests.
 */
import { defineSettings } from "./index.ts";

export const sampleSettings = defineSettings({
  fields: [
    { name: "api-key", description: "Clockify API key (Profile settings → API)", secret: true, required: true },
    {
      name: "workspace-id",
      description: "The workspace to sync",
      required: true,
      pattern: { regex: /^[0-9a-f]{24}$/i, expected: "24 hexadecimal characters" },
      example: "64a687e29ae1f428e7ebe303",
    },
    { name: "region", description: "Regional host", choices: ["euc1", "use2", "euw2", "apse2"] },
    { name: "base-url", description: "API base URL", kind: "url", default: "https://api.clockify.me/api/v1" },
    { name: "page-size", description: "Users per page", kind: "integer", default: "5000" },
    { name: "include-limited", description: "Also sync limited users", kind: "boolean" },
    { name: "key-id", description: "API key id" },
    {
      name: "key-secret",
      description: "API key secret",
      secret: true,
      validate: (v) => (v.startsWith("ks_") ? undefined : `must start with ks_ (got ${v})`),
    },
  ],
  exclusive: [["region", "base-url"]],
  requiredTogether: [["key-id", "key-secret"]],
});
