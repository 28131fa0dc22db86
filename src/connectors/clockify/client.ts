/**
 * @module
 * The Clockify API client: the four endpoints the connector reads, on core's `HttpClient`
 * (auth, retries, rate limit, error kinds). Facts come from shared/apis/clockify.md (the section
 * is named beside each constant) and, where a vendor source says more or otherwise, from it:
 * Clockify's official OpenAPI at docs.clockify.me ("the OpenAPI" below; operations
 * getUsersOfWorkspace and getUserGroups, schemas UserGroupDtoV1 and UserRedactedDtoV1), and the
 * clients cited where their shapes are used.
 */
import {
  ApiError,
  headerAuth,
  urlPath,
  type ConnectorKit,
  type HttpClient,
  type ErrorDescription,
  type ErrorInfo,
  type JsonResponse,
  type NumberedPageAnswer,
} from "../../core/kit.ts";

// ── API facts ─────────────────────────────────────────────────────────────────

/**
 * `GET /user`: the key's own user, `{id, email, name, …}`, the id the member list uses ("Endpoints";
 * https://docs.clockify.me/#tag/User, "Get currently logged-in user's info").
 */
export const CURRENT_USER_PATH = "/user";
/** `GET /workspaces`: every workspace the key's user is a member of; not paged ("Endpoints"). */
export const WORKSPACES_PATH = "/workspaces";
/** `GET /workspaces/{id}/users`: workspace members, paged ("Endpoints", "Query parameters for GET …/users"). */
export const USERS_PATH = (workspaceId: string): string => urlPath`/workspaces/${workspaceId}/users`;
/** `GET /workspaces/{id}/user-groups`: user groups with their `userIds`, paged; there is no GET by id ("User group object"). */
export const USER_GROUPS_PATH = (workspaceId: string): string => urlPath`/workspaces/${workspaceId}/user-groups`;

/** The only auth header; sending another one as well is a 401 ("Auth"). */
export const API_KEY_HEADER = "X-Api-Key";

/**
 * The page size the connector asks for: large (20 times the default of 50) and well under the
 * largest Clockify serves ("Pagination"; ASSUMPTION: 5000, as Clockify support said in 2021 — the
 * spec is silent). Were the real cap lower, `Last-Page: false` on the shorter page still moves us
 * on (see `isLastPage`): a lower cap costs requests, never members. Not 5000 itself: a member
 * is about 1.5 kB of JSON (settings, memberships, a manager's role entities listing everyone they
 * manage), and a 5000-member page cost the process about 100 MB more at its peak for no gain
 * worth having — 100,000 members are 100 requests, two seconds of the rate limit.
 */
export const PAGE_SIZE = 1000;

/**
 * Requests started per second. Clockify documents 50/s ("Rate limits"; ASSUMPTION that it binds
 * API keys too, as clockify-cli assumes). We keep a margin below it, so network jitter bunching
 * requests at the server's end does not push a burst over.
 */
export const REQUESTS_PER_SECOND = 45;

// ── API shapes (only the fields the connector reads) ─────────────────────────

export interface ApiMembership {
  userId?: string;
  targetId?: string;
  membershipType?: string;
  membershipStatus?: string;
}

/**
 * What a role covers: for a team manager the users (or groups) they manage, for a project manager
 * the projects, for the workspace-level roles the workspace itself. `source` says through what it
 * is held (`{id, type: "USER_GROUP"}`, the OpenAPI's AuthorizationSourceDtoV1), often null.
 * Shape: clockify-cli `api/dto/dto.go` (`RoleEntity`), PyClockifyClient `tests/test_user.py`.
 */
export interface ApiRoleEntity {
  id?: string;
  name?: string | null;
  source?: { id?: string | null; type?: string | null } | null;
}

/**
 * One of a member's roles under include-roles=true: `{role, entities, formatterRoleName}`
 * (clockify-cli `api/dto/dto.go`, `Role`; PyClockifyClient `tests/test_user.py`). The values are
 * in roles.ts; `formatterRoleName` is a display text and is not read.
 */
export interface ApiRole {
  role?: string;
  entities?: ApiRoleEntity[] | null;
}

export interface ApiUser {
  id: string;
  email?: string | null;
  name?: string | null;
  /** The account status, not the workspace one. */
  status?: string | null;
  memberships?: ApiMembership[] | null;
  roles?: ApiRole[] | null;
}

/** A user as the OpenAPI's UserRedactedDtoV1: `{id, name}`. */
export interface ApiUserRef {
  id?: string;
  name?: string | null;
}

export interface ApiGroup {
  id: string;
  name?: string | null;
  workspaceId?: string | null;
  userIds?: string[] | null;
  /** The group's team managers; sent only with includeTeamManagers=true (the OpenAPI, getUserGroups). */
  teamManagers?: ApiUserRef[] | null;
}

export interface ApiWorkspace {
  id: string;
  name?: string | null;
}

/**
 * Whether a page ends the list ("Pagination"): an empty page always does; otherwise the
 * `Last-Page` header decides, and only without it does a page shorter than asked for.
 * `Last-Page: false` on a short page means the server capped the page size below ours
 * (see PAGE_SIZE): stopping there would lose members.
 */
export function isLastPage(headers: Headers, count: number, pageSize: number): boolean {
  if (count === 0) return true;
  const header = headers.get("last-page")?.trim().toLowerCase();
  if (header === "true") return true;
  if (header === "false") return false;
  return count < pageSize;
}

// ── errors ───────────────────────────────────────────────────────────────────

/** Clockify's error body, `{"message":"…","code":<int>}` ("Errors"). */
function readErrorBody(body: string): { message?: string; code?: number } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return {};
    const { message, code } = parsed as Record<string, unknown>;
    return {
      ...(typeof message === "string" && message.trim() !== "" ? { message: message.trim() } : {}),
      ...(typeof code === "number" ? { code } : {}),
    };
  } catch {
    return {};
  }
}

export const KEY_HINT =
  "check --api-key (BATON_CLOCKIFY_API_KEY): generate a key in Clockify's profile settings (API section); " +
  "a workspace on its own subdomain needs a key generated inside that workspace";
export const ADMIN_HINT =
  "listing members and groups needs the key of a workspace owner or admin: generate the key while signed in as one, " +
  "or have an owner make this user a workspace admin";

/** The `describeError` hook: Clockify's message and code, with what to do about 401, 403 and 404/405. */
export function describeClockifyError(info: ErrorInfo): ErrorDescription | undefined {
  const { message, code } = readErrorBody(info.body);
  const detail = message === undefined ? undefined : `${message}${code === undefined ? "" : ` (code ${code})`}`;
  const withDetail = (hint: string): ErrorDescription => (detail === undefined ? { hint } : { message: detail, hint });
  switch (info.status) {
    case 401:
      // Code 1000 is "no or several auth headers": our request is at fault, not the key.
      return withDetail(
        code === 1000
          ? "Clockify wants exactly one auth header, X-Api-Key; check that no proxy adds or strips headers"
          : KEY_HINT,
      );
    case 403:
      return withDetail(ADMIN_HINT);
    case 404:
    case 405:
      return withDetail(
        code === 3000
          ? "Clockify has no such endpoint: check --base-url (it must end in /api/v1) or --region"
          : "check --workspace-id and --base-url",
      );
    default:
      return detail === undefined ? undefined : { message: detail };
  }
}

// ── the client ───────────────────────────────────────────────────────────────

/** Which numbered page to read (1-based), of how many items. */
export interface NumberedPageRequest {
  page: number;
  pageSize: number;
  signal?: AbortSignal | undefined;
}

export interface ListUsersOptions extends NumberedPageRequest {
  /** One account status to list (`LIMITED`…); undefined lists the accounts Clockify lists by default. */
  accountStatus?: string | undefined;
}

export interface ClockifyClientOptions {
  baseUrl: string;
  apiKey: string;
  workspaceId: string;
  kit: Pick<ConnectorKit, "httpClient">;
}

export class ClockifyClient {
  readonly workspaceId: string;
  readonly #http: HttpClient;

  constructor(options: ClockifyClientOptions) {
    this.workspaceId = options.workspaceId;
    this.#http = options.kit.httpClient({
      baseUrl: options.baseUrl,
      auth: headerAuth(API_KEY_HEADER, options.apiKey),
      rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND },
      describeError: describeClockifyError,
    });
  }

  /** The key's own user. */
  async currentUser({ signal }: { signal?: AbortSignal | undefined } = {}): Promise<ApiUserRef> {
    const response = await this.#http.getJson<unknown>(CURRENT_USER_PATH, { signal });
    const body = response.body;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new ApiError(
        "invalid-response",
        `GET ${CURRENT_USER_PATH} returned ${Array.isArray(body) ? "an array" : body === null ? "null" : typeof body} where Clockify sends the key's user`,
        {
          endpoint: `GET ${CURRENT_USER_PATH}`,
          status: response.status,
          hint: "check that --base-url points at the Clockify API (…/api/v1)",
        },
      );
    }
    return body as ApiUserRef;
  }

  /** The workspaces the key's user belongs to. */
  async listWorkspaces({ signal }: { signal?: AbortSignal | undefined } = {}): Promise<ApiWorkspace[]> {
    const response = await this.#http.getJson<unknown>(WORKSPACES_PATH, { signal });
    return arrayOf<ApiWorkspace>(response, `GET ${WORKSPACES_PATH}`);
  }

  /**
   * One page (1-based) of the members of the workspace whatever their membership status, with
   * their WORKSPACE memberships and roles: those whose account has the status `accountStatus`, or
   * without it the accounts Clockify lists by default (see paging.ts). Sorted by id, so members
   * who join during a sync (newer ObjectIds) land on later pages instead of shifting earlier ones.
   */
  async listUsers(options: ListUsersOptions): Promise<NumberedPageAnswer<ApiUser>> {
    const { page, pageSize, accountStatus, signal } = options;
    const path = USERS_PATH(this.workspaceId);
    const response = await this.#http.getJson<unknown>(path, {
      signal,
      query: {
        page,
        "page-size": pageSize,
        status: "ALL",
        // One value, as the OpenAPI types it (a string, example LIMITED), or none at all.
        "account-statuses": accountStatus,
        // Memberships in every workspace come back; users.ts picks this workspace's.
        memberships: "WORKSPACE",
        // Marked required by the spec, default false: always sent ("Query parameters").
        "include-roles": true,
        "sort-column": "ID",
        "sort-order": "ASCENDING",
      },
    });
    const items = arrayOf<ApiUser>(response, `GET ${path}`);
    return { items, lastPage: isLastPage(response.headers, items.length, pageSize) };
  }

  /** One page (1-based) of the workspace's user groups, members and team managers included, sorted by id. */
  async listGroups({ page, pageSize, signal }: NumberedPageRequest): Promise<NumberedPageAnswer<ApiGroup>> {
    const path = USER_GROUPS_PATH(this.workspaceId);
    const response = await this.#http.getJson<unknown>(path, {
      signal,
      query: { page, "page-size": pageSize, "sort-column": "ID", "sort-order": "ASCENDING", includeTeamManagers: true },
    });
    const items = arrayOf<ApiGroup>(response, `GET ${path}`);
    return { items, lastPage: isLastPage(response.headers, items.length, pageSize) };
  }
}

/** Clockify lists are bare arrays of objects with an id; anything else is not an answer we can trust. */
function arrayOf<T extends { id: string }>(response: JsonResponse<unknown>, endpoint: string): T[] {
  const body = response.body;
  if (!Array.isArray(body)) {
    throw new ApiError(
      "invalid-response",
      `${endpoint} returned ${body === null ? "null" : typeof body} where Clockify sends a JSON array`,
      {
        endpoint,
        status: response.status,
        hint: "check that --base-url points at the Clockify API (…/api/v1)",
      },
    );
  }
  for (const item of body) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || id === "") {
      throw new ApiError("invalid-response", `${endpoint} returned an item without an id`, {
        endpoint,
        status: response.status,
      });
    }
  }
  return body as T[];
}
