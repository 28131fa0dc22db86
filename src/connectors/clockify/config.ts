/**
 * @module
 * The Clockify connector's settings, declared once (STYLE.md habit 3). Flags, `BATON_CLOCKIFY_*`
 * and `BATON_*` variables, validation, `config` JSON and redaction all derive from this list.
 */
import { defineSettings, type SettingsValues } from "../../core/kit.ts";

/** Clockify's global API host (shared/apis/clockify.md, "Base URL"). */
export const DEFAULT_BASE_URL = "https://api.clockify.me/api/v1";

/** Regional hosts: EU, US, UK, AU. Same path, another host (clockify.md, "Base URL"). */
export const REGIONS = ["euc1", "use2", "euw2", "apse2"] as const;

export const clockifySettings = defineSettings({
  fields: [
    {
      name: "api-key",
      description:
        "Clockify API key of a workspace owner or admin (generated in Clockify's profile settings, API section)",
      secret: true,
      required: true,
    },
    {
      name: "workspace-id",
      description:
        "The workspace to sync: the 24-character id in the workspace settings URL (clockify.me/workspaces/<id>/settings)",
      required: true,
      // Workspace ids are Mongo ObjectIds (clockify.md, "Auth"); anything else cannot be one.
      pattern: { regex: /^[0-9a-fA-F]{24}$/, expected: "24 hexadecimal characters (a Clockify workspace id)" },
      example: "64a687e29ae1f428e7ebe303",
    },
    {
      name: "region",
      description:
        "Regional data center of the workspace, for https://<region>.clockify.me/api/v1: euc1 (EU), use2 (US), euw2 (UK), apse2 (AU)",
      choices: REGIONS,
    },
    {
      name: "base-url",
      description: "Clockify API base URL, for the developer host or a proxy; leave unset with --region",
      kind: "url",
      default: DEFAULT_BASE_URL,
      example: DEFAULT_BASE_URL,
    },
  ],
  // A default base URL does not count as set, so --region alone is accepted.
  exclusive: [["region", "base-url"]],
});

export type ClockifySettings = SettingsValues<typeof clockifySettings>;

/** The API root the settings point at: the region's host when one is given, else `--base-url`. */
export function apiBaseUrl(settings: Pick<ClockifySettings, "region" | "baseUrl">): string {
  return settings.region === undefined ? settings.baseUrl : `https://${settings.region}.clockify.me/api/v1`;
}
