/**
 * @module
 * The Codefresh connector's settings, declared once (STYLE.md habit 3): flags, `BATON_CODEFRESH_*`
 * and `BATON_*` variables, validation, the `config` schema and redaction all derive from this list.
 * Nothing names the account: it is the one the API key belongs to (`GET /user`'s `activeAccountName`).
 */
import { defineSettings, type SettingsValues } from "../../core/kit.ts";

/** The SaaS API root (shared/apis/codefresh.md, "Base URL"); on-premises installs use `https://<host>/api`. */
export const DEFAULT_BASE_URL = "https://g.codefresh.io/api";

export const codefreshSettings = defineSettings({
  fields: [
    {
      name: "api-key",
      description:
        "Codefresh API key, created under User Settings → API Keys while the account to sync is the active one; sent as is in the Authorization header",
      secret: true,
      required: true,
      // A pasted "Bearer <key>" is refused by Codefresh as an unknown key; say why before any request.
      validate: (value) =>
        /^bearer\s/i.test(value) ? 'must be the key alone: Codefresh takes it without a "Bearer " prefix' : undefined,
    },
    {
      name: "base-url",
      description:
        "Codefresh API root: https://g.codefresh.io/api for the SaaS, https://<host>/api for on-premises and dedicated installations",
      kind: "url",
      default: DEFAULT_BASE_URL,
      example: "https://codefresh.example.com/api",
    },
  ],
});

export type CodefreshSettings = SettingsValues<typeof codefreshSettings>;
