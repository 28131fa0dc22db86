/**
 * @module
 * The Runlayer Management API client. Every path it calls is a constant below, next to its source
 * in shared/apis/runlayer.md: only `/users/me` is confirmed; the user, role and assignment paths
 * and their fields are the sheet's proposal (ASSUMPTION) and are kept here, in one place. They
 * are the fallback: at validation the instance's own OpenAPI document is read (validate.ts) and,
 * where it names the lists, its paths are used instead (`usePaths`). The transport refuses an https →
 * http redirect with a message of its own (below).
 */
import {
  ApiError,
  bearerAuth,
  headerAuth,
  redact,
  type AuthStrategy,
  type ConnectorKit,
  type DescribeError,
  type ErrorDescription,
  type FetchLike,
  type HttpClient,
  type QueryParams,
  type WithSignal,
} from "../../core/kit.ts";

/** Confirmed: the key's own user (runlayer.md, "Confirmed endpoints"; the CLI calls it). */
export const ME_PATH = "/users/me";
/** ASSUMPTION (runlayer.md, "Proposed endpoints"): `{data:[user], count}`, paged by skip/limit. */
export const USERS_PATH = "/users";
/** ASSUMPTION (runlayer.md, "Proposed endpoints"): the FGA roles, `{data:[role], count}`. */
export const ROLES_PATH = "/roles";
/**
 * ASSUMPTION (runlayer.md, "Proposed endpoints"): role assignments, `{data:[assignment], count}`,
 * filtered with `role=<key>` (the filter is an assumption too; see roles.ts for why an ignored
 * filter does no harm).
 */
export const ASSIGNMENTS_PATH = "/roles/assignments";
// No trailing slashes: FastAPI redirects the other spelling, and the confirmed list endpoints
// (`/api/v1/servers`, `/plugins`) are called by the CLI without one and without following redirects.

/** Where the three lists are read, relative to the base URL (`/users`, not `/api/v1/users`). */
export interface RunlayerPaths {
  users: string;
  roles: string;
  assignments: string;
}

/** The assumed list paths, used when the instance's OpenAPI document cannot be read. */
export const ASSUMED_PATHS: RunlayerPaths = { users: USERS_PATH, roles: ROLES_PATH, assignments: ASSIGNMENTS_PATH };

/**
 * Where FastAPI apps serve their OpenAPI document, relative to the instance root (the base URL
 * without `/api/v1`) and to the base URL: FastAPI's default `openapi_url`, and the full-stack
 * template's `${API_V1_STR}/openapi.json` (see validate.ts for the sources).
 */
export const OPENAPI_DOCUMENT = "openapi.json";

/**
 * Confirmed header (runlayer.md, "Auth"): the Runlayer CLI's `API_KEY_HEADER_NAME`
 * (PyPI `runlayer`, `runlayer_cli/api.py`) and runlayer/plugins
 * `cursor-plugin/scripts/runlayer-hook.sh` both send the key in it.
 */
export const API_KEY_HEADER = "x-runlayer-api-key";
/**
 * How the key is sent: the CLI's header first; docs.runlayer.com/platform-api shows
 * `Authorization: Bearer rl_…`, tried once if the instance refuses the header (validate.ts).
 */
export type KeyHeader = "x-runlayer-api-key" | "authorization-bearer";
/** The page size the CLI pages with (runlayer.md, "Conventions confirmed from the CLI source"). */
export const PAGE_LIMIT = 100;
/**
 * ASSUMPTION: Runlayer documents no rate limit (runlayer.md, "Rate limits"). idsync keeps to 90
 * requests a second, under the 100 a second the simulator enforces, and backs off on any 429.
 */
export const REQUESTS_PER_SECOND = 90;
/** Requests in flight at once, across every page the engine fetches together. */
export const MAX_IN_FLIGHT = 8;

/** Which page of a list to fetch. */
export interface SkipLimit {
  skip: number;
  limit: number;
}

/** One page of a list as the API answered it; `count` is undefined when it sent a bare array. */
export interface CountedPage<T> {
  items: T[];
  count: number | undefined;
}

/** Fetches one page of a list. */
export type PageSource<T> = (options: SkipLimit & WithSignal) => Promise<CountedPage<T>>;

/** A user as the proposed endpoints describe it; every field but `id` may be missing. */
export interface ApiUser {
  id: string;
  email?: string | null;
  full_name?: string | null;
  is_active?: boolean | null;
  created_at?: string | null;
  last_login_at?: string | null;
  roles?: string[] | null;
}

/** A role: the sheet shows either `key` or `id` carrying `security_admin`. */
export interface ApiRole {
  id?: string | null;
  key?: string | null;
  name?: string | null;
  description?: string | null;
  capabilities?: string[] | null;
  /** `organization` or `server`. */
  scope?: string | null;
}

export interface ApiAssignment {
  user_id: string;
  role: string;
  /** `organization` or `server`. */
  scope_type?: string | null;
  /** The MCP server's id for a server-scoped assignment. */
  scope_id?: string | null;
}

const ROLES_THAT_READ = "Super Admin, Security Admin or Helpdesk";

/** The `detail` of a FastAPI error body: a string, or the 422 list of `{loc, msg}` joined. */
export function fastApiDetail(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const detail = (parsed as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return detail;
  if (!Array.isArray(detail)) return undefined;
  const parts = detail.flatMap((item: { loc?: unknown; msg?: unknown } | null) => {
    if (typeof item?.msg !== "string") return [];
    const loc = Array.isArray(item.loc) ? item.loc.filter((part) => part !== "query").join(".") : "";
    return [loc === "" ? item.msg : `${loc}: ${item.msg}`];
  });
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** Runlayer's error bodies, with a message and a hint per status a person can act on. */
export const describeRunlayerError: DescribeError = ({ status, body, endpoint }): ErrorDescription | undefined => {
  const detail = fastApiDetail(body);
  const said = detail === undefined ? "" : ` (Runlayer said: ${detail})`;
  switch (status) {
    case 401:
      return {
        message: `Runlayer refused the API key${said}`,
        hint: "check --api-key (BATON_RUNLAYER_API_KEY): a personal key starting rl_, not revoked, created on the instance --base-url names",
      };
    case 403:
      return {
        message: `the API key may not read this${said}`,
        hint: `use a personal API key (rl_…, not an organization key rl_org_…) of a user holding ${ROLES_THAT_READ}: only those roles can read users and roles`,
      };
    case 404:
      return {
        message: `Runlayer has no ${endpoint.replace(/^GET /, "")} here${said}`,
        hint: endpoint.endsWith(ME_PATH)
          ? "check --base-url: it must be your instance's Management API URL, ending in /api/v1"
          : "the instance serves no readable OpenAPI document, so idsync used its assumed user, role and assignment paths (they are not publicly documented); check your instance's /docs and report the real paths",
      };
    case 422:
      return {
        message: `Runlayer refused the request's parameters${said}`,
        hint: "the instance's API differs from what idsync assumes (skip, limit, role); check its /docs and report it",
      };
    default:
      return detail === undefined ? undefined : { message: detail };
  }
};

// ── the transport: no https → http downgrade ──────────────────────────────────

/*
 * One failure the Runlayer client names itself, because the HTTP client alone would only report
 * its aftermath: a redirect from https to plain http on the same host. Starlette answers a path
 * whose trailing slash differs from the route's with a 307 whose absolute `Location` is built
 * from the scheme the app sees (`redirect_slashes`, on by default:
 * https://fastapi.tiangolo.com/reference/fastapi/). Behind a TLS-terminating proxy whose
 * `X-Forwarded-Proto` the server does not trust, that scheme is http (Kludex/starlette issues
 * #1396 and #2748, fastapi/fastapi#4990). The client would follow it without the key — another
 * origin — and the sync would end in a puzzling 401 "Not authenticated".

 */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The redirect's target when it downgrades `from` to plain http on the same host, else undefined. */
function downgradeOf(from: URL, response: Response): URL | undefined {
  if (from.protocol !== "https:" || !REDIRECTS.has(response.status)) return undefined;
  const location = response.headers.get("location");
  if (location === null || !URL.canParse(location, from.href)) return undefined;
  const to = new URL(location, from);
  return to.protocol === "http:" && to.hostname === from.hostname ? to : undefined;
}

/** `inner`, failing at once, with a message that says so, on an https → http same-host redirect. */
export function refusingDowngrade(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    const to = downgradeOf(input, response);
    if (to === undefined) return response;
    await response.body?.cancel().catch(() => undefined);
    const endpoint = `${init.method ?? "GET"} ${input.pathname}`;
    const wanted = `https://${to.host}${to.pathname}`;
    throw new ApiError(
      "fatal",
      redact(
        `${endpoint} was redirected from https to plain http (${to.origin}${to.pathname}); idsync does not send the API key over plain http`,
      ),
      {
        endpoint,
        status: response.status,
        hint: redact(
          `the server redirected to ${to.pathname === input.pathname ? "another address" : `the other trailing-slash spelling (${to.pathname})`} and its proxy does not tell it the request came over https: have the proxy send X-Forwarded-Proto: https and the server trust it (uvicorn --proxy-headers --forwarded-allow-ips), or, if it redirects the base URL itself, set --base-url to ${wanted}`,
        ),
      },
    );
  };
}

// ── the client ────────────────────────────────────────────────────────────────

export interface RunlayerClientOptions {
  baseUrl: string;
  apiKey: string;
  kit: Pick<ConnectorKit, "httpClient" | "fetch">;
}

/** The Management API calls the connector makes; each answers one request. */
export class RunlayerClient {
  readonly #options: RunlayerClientOptions;
  #http: HttpClient;
  #keyHeader: KeyHeader = API_KEY_HEADER;
  #paths: RunlayerPaths = ASSUMED_PATHS;

  constructor(options: RunlayerClientOptions) {
    this.#options = options;
    this.#http = this.#build(headerAuth(API_KEY_HEADER, options.apiKey));
  }

  /** Made through the kit, so the requests of a client replaced by `useBearer` still count. */
  #build(auth: AuthStrategy): HttpClient {
    const { kit } = this.#options;
    return kit.httpClient({
      baseUrl: this.#options.baseUrl,
      auth,
      rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND },
      maxConcurrency: MAX_IN_FLIGHT,
      describeError: describeRunlayerError,
      fetch: refusingDowngrade(kit.fetch ?? ((input, init) => fetch(input, init))),
    });
  }

  /** How the key is sent now. */
  get keyHeader(): KeyHeader {
    return this.#keyHeader;
  }

  /** Sends the key as `Authorization: Bearer` from now on (once, before the sync starts). */
  useBearer(): void {
    if (this.#keyHeader === "authorization-bearer") return;
    this.#http = this.#build(bearerAuth(this.#options.apiKey));
    this.#keyHeader = "authorization-bearer";
  }

  /** The list paths in use: the assumed ones until `usePaths` says otherwise. */
  get paths(): RunlayerPaths {
    return this.#paths;
  }

  usePaths(paths: RunlayerPaths): void {
    this.#paths = { ...paths };
  }

  /** The base URL's path, e.g. `/api/v1`. */
  get basePath(): string {
    return new URL(this.#http.baseUrl).pathname.replace(/\/+$/, "");
  }

  /**
   * The places an OpenAPI document may be served, in the order tried: the instance root
   * (`https://acme.runlayer.com/openapi.json`), then under the base URL (`…/api/v1/openapi.json`).
   */
  get openApiLocations(): string[] {
    const base = new URL(this.#http.baseUrl);
    const root = base.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
    return [
      ...new Set([`${base.origin}${root}/${OPENAPI_DOCUMENT}`, `${base.origin}${this.basePath}/${OPENAPI_DOCUMENT}`]),
    ];
  }

  /** One attempt at a document; ApiErrors are the caller's to judge (see validate.ts). */
  async getOpenApiDocument({ location, signal }: { location: string } & WithSignal): Promise<unknown> {
    return (await this.#http.getJson<unknown>(location, { signal })).body;
  }

  async getCurrentUser({ signal }: WithSignal): Promise<ApiUser> {
    return (await this.#http.getJson<ApiUser>(ME_PATH, { signal })).body;
  }

  listUsers({ skip, limit, signal }: SkipLimit & WithSignal): Promise<CountedPage<ApiUser>> {
    return this.#list<ApiUser>(this.#paths.users, { skip, limit }, signal);
  }

  listRoles({ skip, limit, signal }: SkipLimit & WithSignal): Promise<CountedPage<ApiRole>> {
    return this.#list<ApiRole>(this.#paths.roles, { skip, limit }, signal);
  }

  /** Assignments of one role, by its key. */
  listAssignments({
    role,
    skip,
    limit,
    signal,
  }: { role: string } & SkipLimit & WithSignal): Promise<CountedPage<ApiAssignment>> {
    return this.#list<ApiAssignment>(this.#paths.assignments, { role, skip, limit }, signal);
  }

  /** One list page: the `{data, count}` envelope, or a bare array (the sheet allows both). */
  async #list<T>(path: string, query: QueryParams, signal: AbortSignal): Promise<CountedPage<T>> {
    const response = await this.#http.getJson<unknown>(path, { query, signal });
    const body = response.body;
    if (Array.isArray(body)) return { items: body as T[], count: undefined };
    const envelope = body as { data?: unknown; count?: unknown } | null;
    if (envelope !== null && typeof envelope === "object" && Array.isArray(envelope.data)) {
      const count =
        typeof envelope.count === "number" && Number.isSafeInteger(envelope.count) && envelope.count >= 0
          ? envelope.count
          : undefined;
      return { items: envelope.data as T[], count };
    }
    throw new ApiError(
      "invalid-response",
      `GET ${path} returned JSON that is neither {"data":[…],"count":N} nor a list`,
      {
        endpoint: `GET ${path}`,
        status: response.status,
        hint: "check --base-url, and that the instance's API lists as idsync assumes (see its /docs)",
      },
    );
  }
}
