/**
 * @module
 * The env0 connector's settings, declared once (STYLE.md habit 3): flags, `BATON_ENV0_*` and
 * `BATON_*` variables, validation, the `config` schema and the typed values all come from here.
 */
import { defineSettings, type SettingsValues } from "../../core/kit.ts";

/** env0 organization ids are UUIDs (shared/apis/env0.md: the Terraform provider's examples). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const env0Settings = defineSettings({
  fields: [
    {
      name: "api-key-id",
      description: "env0 API key ID (Organization Settings → API Keys), sent as the HTTP Basic user name",
      required: true,
    },
    {
      name: "api-key-secret",
      description: "The API key's secret, sent as the HTTP Basic password; env0 shows it once, when the key is created",
      secret: true,
      required: true,
    },
    {
      name: "organization-id",
      description: "The env0 organization to sync (Organization Settings → General); a key can belong to several",
      required: true,
      pattern: { regex: UUID, expected: "a UUID such as 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" },
      example: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    },
    {
      name: "base-url",
      description: "env0 API base URL; self-hosted or regional installs set their own",
      kind: "url",
      default: "https://api.env0.com",
    },
  ],
});

export type Env0Settings = SettingsValues<typeof env0Settings>;

/**
 * The shapes of an env0 key's two halves. env0 sends the id as the HTTP Basic user name and the
 * secret as the password (env0/terraform-provider-env0, `client/http/client.go`:
 * `SetBasicAuth(ApiKey, ApiSecret)`). ASSUMPTION: ids are 16 letters and digits and secrets 32,
 * as the simulator issues them; neither env0's docs nor the provider show a real one.
 */
const KEY_ID_SHAPE = /^[a-z0-9]{16}$/i;
const KEY_SECRET_SHAPE = /^[a-z0-9]{32}$/i;

/**
 * Whether the two settings look given the wrong way round: the secret setting holds what has
 * an id's shape, or the id setting what has a secret's, and the other does not fit its own.
 * Only ever used to word a hint; both values stay unquoted either way.
 */
export function keyLooksSwapped(apiKeyId: string, apiKeySecret: string): boolean {
  const idFits = KEY_ID_SHAPE.test(apiKeyId);
  const secretFits = KEY_SECRET_SHAPE.test(apiKeySecret);
  return (KEY_ID_SHAPE.test(apiKeySecret) && !idFits) || (KEY_SECRET_SHAPE.test(apiKeyId) && !secretFits);
}
