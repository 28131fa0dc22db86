/**
 * @module
 * The Runlayer connector's settings, declared once (STYLE.md habit 3). Runlayer instances are
 * single-tenant or self-hosted, so the whole Management API URL is a setting
 * (shared/apis/runlayer.md, "Base URL").
 */
import { defineSettings } from "../../core/kit.ts";

/** Where the Management API lives under an instance's origin (runlayer.md, "Base URL"). */
export const API_PATH = "/api/v1";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http is accepted for (the simulator). */
function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The URL's path once completed: an instance's bare origin (or `…/api`) gets `/api/v1`; a path
 * ending in `/api/v1` is kept (a reverse proxy may put it under a prefix); anything else is
 * undefined, meaning "refuse".
 */
function completedPath(pathname: string): string | undefined {
  const path = pathname.replace(/\/+$/, "");
  if (path.endsWith(API_PATH)) return path;
  if (path === "") return API_PATH;
  if (path.endsWith("/api")) return `${path}/v1`;
  return undefined;
}

/**
 * What is wrong with a base URL, as a phrase following the setting's name; undefined when it is
 * usable. Runs after the `url` kind check, so the text is an absolute http(s) URL.
 */
export function baseUrlProblem(text: string): string | undefined {
  const url = new URL(text);
  if (url.protocol !== "https:" && !isLoopback(url.hostname)) {
    return "must use https (plain http is accepted only for loopback addresses such as 127.0.0.1)";
  }
  if (completedPath(url.pathname) === undefined) {
    return `must be the instance's Management API URL, ending in ${API_PATH} (e.g. https://your-tenant.runlayer.com${API_PATH})`;
  }
  return undefined;
}

/**
 * The base URL the client uses: `https://acme.runlayer.com` and `https://acme.runlayer.com/api/`
 * become `https://acme.runlayer.com/api/v1`. Assumes `baseUrlProblem` found nothing.
 */
export function normalizeBaseUrl(text: string): string {
  const url = new URL(text);
  return `${url.origin}${completedPath(url.pathname) ?? url.pathname.replace(/\/+$/, "")}`;
}

export const runlayerSettings = defineSettings({
  fields: [
    {
      name: "base-url",
      description: "Your Runlayer instance's Management API URL, ending in /api/v1 (a bare instance URL is completed)",
      kind: "url",
      required: true,
      validate: baseUrlProblem,
      example: `https://your-tenant.runlayer.com${API_PATH}`,
    },
    {
      name: "api-key",
      description:
        "A personal Runlayer API key (rl_…) of a user holding Super Admin, Security Admin or Helpdesk; sent as x-runlayer-api-key (or as Authorization: Bearer if the instance refuses that)",
      secret: true,
      required: true,
    },
  ],
});
