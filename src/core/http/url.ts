/**
 * @module
 * Building request URLs from a base URL, a path and query parameters, and printable forms of them.
 */
import { ConfigError } from "../errors/index.ts";

export type QueryValue = string | number | boolean;
/** Query parameters; `undefined` values are left out, arrays repeat the key. */
export type QueryParams = Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>>;

/** Parses and checks a client's base URL. A bad one is a settings problem, not a bug. */
export function _parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`base URL ${JSON.stringify(text)} is not a valid URL`, {
      hint: "use an absolute URL such as https://api.example.com/v1",
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`base URL ${JSON.stringify(text)} must use http or https`);
  }
  if (url.search !== "" || url.hash !== "")
    throw new ConfigError(`base URL ${JSON.stringify(text)} cannot have a query or fragment`);
  if (url.username !== "" || url.password !== "")
    throw new ConfigError("the base URL cannot hold credentials; use the key settings");
  return url;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `base` + `path` + `query`, with exactly one slash at the join whether or not either side has
 * one (`https://x/api/v1/` + `/users` → `https://x/api/v1/users`). A trailing slash on `path`
 * is kept (some APIs redirect without it). An absolute `path` (a "next" link from a response)
 * is accepted only on the base URL's origin, so an API answer cannot send our credentials
 * elsewhere.
 */
export function _resolveUrl(base: URL, path: string, query: QueryParams | undefined): URL {
  let url: URL;
  if (ABSOLUTE.test(path)) {
    url = new URL(path);
    if (url.origin !== base.origin)
      throw new TypeError(`refusing to request ${url.origin}: this client only talks to ${base.origin}`);
  } else {
    const queryAt = path.indexOf("?");
    const pathPart = queryAt >= 0 ? path.slice(0, queryAt) : path;
    const basePath = base.pathname.replace(/\/+$/, "");
    const tail = pathPart.replace(/^\/+/, "");
    url = new URL(`${base.origin}${basePath}${tail === "" && pathPart === "" ? "" : `/${tail}`}`);
    if (queryAt >= 0) url.search = path.slice(queryAt + 1);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values: readonly QueryValue[] = Array.isArray(value) ? value : [value as QueryValue];
    for (const item of values) url.searchParams.append(key, String(item));
  }
  return url;
}

/** The path of a request as callers wrote it, without the query: `/workspaces/abc/users`. */
export function _endpointPath(path: string): string {
  if (ABSOLUTE.test(path)) return new URL(path).pathname;
  const queryAt = path.indexOf("?");
  return `/${(queryAt >= 0 ? path.slice(0, queryAt) : path).replace(/^\/+/, "")}`;
}

// Query parameters whose values may be credentials (some APIs take `?api_key=`).
const SENSITIVE_PARAM =
  /key|secret|passw|signature|auth|credential|^token$|access_token|id_token|refresh_token|^code$/i;

/** The query string for logs, with credential-like parameter values masked. */
export function _loggableQuery(url: URL): string | undefined {
  if (url.search === "") return undefined;
  const params = new URLSearchParams(url.search);
  for (const key of new Set(params.keys())) {
    if (SENSITIVE_PARAM.test(key)) params.set(key, "[REDACTED]");
  }
  return decodeURIComponent(params.toString());
}

/**
 * A path with each interpolated value percent-encoded as one segment, so an id containing `/`,
 * `?` or `#` cannot change which endpoint is called.
 *
 * @example urlPath`/workspaces/${workspaceId}/users` // "/workspaces/64a6…/users"
 */
export function urlPath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += encodeURIComponent(String(value)) + (strings[i + 1] ?? "");
  });
  return out;
}
