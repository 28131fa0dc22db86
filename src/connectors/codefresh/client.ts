/**
 * @module
 * The Codefresh API client: the four endpoints the connector reads, on core's `HttpClient` (auth,
 * retries, rate limit, error kinds). Every fact comes from shared/apis/codefresh.md; the section is
 * named beside each constant. `GET /accounts/{id}/users` and `GET /team` are single bare arrays with
 * no paging, so a large account arrives in one body: each item is cut down to a compact record (a
 * few strings) the moment the body is parsed, and the full objects — `inviteUrl` among them, a
 * secret — are garbage as soon as the request returns.
 */
import {
  ApiError,
  headerAuth,
  urlPath,
  type ConnectorKit,
  type HttpClient,
  type ErrorDescription,
  type ErrorInfo,
  type WithSignal,
} from "../../core/kit.ts";

// ── API facts ─────────────────────────────────────────────────────────────────

/** `GET /user`: the key's user, every account they belong to, and `activeAccountName` ("Endpoints" #1). */
export const CURRENT_USER_PATH = "/user";
/** `GET /accounts/{id}/users`: every member, pending invites included; one bare array, no paging ("Endpoints" #2). */
export const ACCOUNT_USERS_PATH = (accountId: string): string => urlPath`/accounts/${accountId}/users`;
/** `GET /team`: the active account's teams with their members; one bare array, no paging ("Endpoints" #3). */
export const TEAMS_PATH = "/team";
/**
 * `GET /service-users`: the key's account's service accounts, `[{_id, userName, teams:[{_id}],
 * roles}]`, one bare array ("Endpoints" #5; terraform-provider-codefresh
 * `codefresh/cfclient/service_user.go`, `GetServiceUserList`). They can be team members and
 * admins (docs.codefresh.io, "Managing service accounts":
 * https://codefresh.io/docs/gitops/administration/account-user-management/service-accounts).
 */
export const SERVICE_USERS_PATH = "/service-users";

/** The raw key goes in `Authorization`, with no `Bearer ` prefix ("Auth"). */
export const AUTH_HEADER = "Authorization";

/**
 * Requests started per second. Codefresh limits per API key without publishing the threshold
 * ("Rate limits"). ASSUMPTION: 5/s stays well under any plausible limit; a sync makes four
 * requests, so the bound only matters to retries.
 */
export const REQUESTS_PER_SECOND = 5;

// ── API shapes ────────────────────────────────────────────────────────────────

/** One entry of `GET /user`'s `account` list. The id comes as `id` (Terraform provider) or `_id` (Go SDK). */
export interface ApiAccount {
  _id?: string;
  id?: string;
  name?: string;
  /** User ids: a user is an account Admin exactly when their id is here (codefresh.md). */
  admins?: string[];
}

/** `GET /user`: the key's user and every account they belong to. */
export interface ApiCurrentUser {
  _id?: string;
  userName?: string;
  activeAccountName?: string;
  account?: ApiAccount[];
}

/** One item of `GET /accounts/{id}/users`. `roles` holds platform roles, not the account role: ignored. */
export interface ApiMember {
  _id?: string;
  userName?: string;
  email?: string;
  /** `pending`: invited, not yet accepted; `new`: an activated user; other values are treated as active. */
  status?: string;
  personal?: { firstName?: string; lastName?: string } | null;
  register_date?: string;
  logins?: Array<{ sso?: boolean } | null> | null;
  /** Present on pending users. A secret: never copied out of this shape. */
  inviteUrl?: string;
}

/** One item of `GET /team`. `type` is `default` or `admin`; `users` are `{_id, userName, email}`. */
export interface ApiTeam {
  _id?: string;
  name?: string;
  type?: string;
  tags?: string[] | null;
  users?: Array<{ _id?: string } | null> | null;
}

/**
 * One item of `GET /service-users`: a service account of the key's account. `teams` are the teams
 * it belongs to, `roles` holds `"Admin"` when it has the admin role (terraform-provider-codefresh
 * `codefresh/cfclient/service_user.go`: `ServiceUser`, `HasAdminRole`). It has no email and is no
 * entry of `GET /accounts/{id}/users`.
 */
export interface ApiServiceUser {
  _id?: string;
  userName?: string;
  teams?: Array<{ _id?: string } | null> | null;
  roles?: string[] | null;
}

// ── compact records ───────────────────────────────────────────────────────────

/** What the connector keeps of one member: no invite link, no profile blobs. */
export interface MemberRecord {
  id: string;
  userName: string;
  email: string;
  status: string;
  firstName?: string;
  lastName?: string;
  registeredAt?: string;
  /** Signs in through an SSO identity provider (a `logins` entry with `sso: true`). ASSUMPTION: what `sso` means. */
  sso: boolean;
  /** Set on a service account (`GET /service-users`); absent on a member of `GET /accounts/{id}/users`. */
  service?: ServiceAccountFacts;
}

export interface ServiceAccountFacts {
  /** Holds the admin role (`roles` contains `"Admin"`). */
  admin: boolean;
  /** The teams it belongs to, as `GET /service-users` lists them. */
  teamIds: string[];
}

export interface TeamRecord {
  id: string;
  name: string;
  type: string;
  tags: string[];
  memberIds: string[];
}

/** A string with something in it, trimmed; anything else is undefined. */
export const nonEmptyText = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/** The compact record of one member, or undefined when the item has no `_id` to name it by. */
export function toMemberRecord(member: ApiMember): MemberRecord | undefined {
  const id = nonEmptyText(member._id);
  if (id === undefined) return undefined;
  const record: MemberRecord = {
    id,
    userName: nonEmptyText(member.userName) ?? "",
    email: nonEmptyText(member.email) ?? "",
    status: nonEmptyText(member.status) ?? "",
    sso: Array.isArray(member.logins) && member.logins.some((login) => login?.sso === true),
  };
  const firstName = nonEmptyText(member.personal?.firstName);
  const lastName = nonEmptyText(member.personal?.lastName);
  const registeredAt = nonEmptyText(member.register_date);
  if (firstName !== undefined) record.firstName = firstName;
  if (lastName !== undefined) record.lastName = lastName;
  if (registeredAt !== undefined) record.registeredAt = registeredAt;
  return record;
}

/** The compact record of one team, or undefined when the item has no `_id`. Members without an id are skipped. */
export function toTeamRecord(team: ApiTeam): TeamRecord | undefined {
  const id = nonEmptyText(team._id);
  if (id === undefined) return undefined;
  const memberIds = (Array.isArray(team.users) ? team.users : []).flatMap((user) => {
    const userId = nonEmptyText(user?._id);
    return userId === undefined ? [] : [userId];
  });
  const tags = (Array.isArray(team.tags) ? team.tags : []).filter((tag): tag is string => typeof tag === "string");
  return { id, name: nonEmptyText(team.name) ?? id, type: nonEmptyText(team.type) ?? "default", tags, memberIds };
}

/** Codefresh's admin role value in a service account's `roles` (the Terraform provider's `HasAdminRole`). */
export const SERVICE_ADMIN_ROLE = "Admin";

/** The compact record of one service account, or undefined when the item has no `_id`. */
export function toServiceUserRecord(serviceUser: ApiServiceUser): MemberRecord | undefined {
  const id = nonEmptyText(serviceUser._id);
  if (id === undefined) return undefined;
  const teamIds = (Array.isArray(serviceUser.teams) ? serviceUser.teams : []).flatMap((team) => {
    const teamId = nonEmptyText(team?._id);
    return teamId === undefined ? [] : [teamId];
  });
  const admin = Array.isArray(serviceUser.roles) && serviceUser.roles.includes(SERVICE_ADMIN_ROLE);
  return {
    id,
    userName: nonEmptyText(serviceUser.userName) ?? "",
    email: "",
    status: "",
    sso: false,
    service: { admin, teamIds: [...new Set(teamIds)] },
  };
}

// ── errors ────────────────────────────────────────────────────────────────────

/** Codefresh's error body: `{status, code, name, message, context}` ("Errors"). */
interface CodefreshErrorBody {
  code?: string;
  name?: string;
  message?: string;
}

function parseErrorBody(body: string): CodefreshErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
    const { code, name, message } = parsed as Record<string, unknown>;
    if (typeof message !== "string" || message.trim() === "") return undefined;
    return {
      message: message.trim(),
      ...(typeof name === "string" ? { name } : {}),
      ...(typeof code === "string" ? { code } : {}),
    };
  } catch {
    return undefined;
  }
}

const KEY_HINT =
  'create a key under User Settings → API Keys while the account to sync is the active one, and pass it without a "Bearer " prefix';

/** What a 403 means for each read, and what to do about it. ASSUMPTION: Codefresh's scope names are not in the sheet, so none is named. */
function forbiddenHint(endpoint: string): string {
  const what = endpoint.includes("/accounts/")
    ? "the account's members"
    : endpoint.endsWith(TEAMS_PATH)
      ? "the account's teams"
      : endpoint.endsWith(SERVICE_USERS_PATH)
        ? "the account's service accounts"
        : "this";
  return `the API key may not read ${what}: it lacks the scope, or its user is not allowed to; use a key with every scope, created by an admin of the account (${KEY_HINT})`;
}

/**
 * What Codefresh answers a key it restricted for unusual activity: 403, unlike a throttle's 429
 * ("If access has been restricted for your API key due to unusual activity, the API will respond
 * with HTTP status 403 Forbidden": docs.codefresh.io, _docs/security/api-key-rate-limiting.md,
 * https://codefresh.io/docs/docs/security/api-key-rate-limiting/). ASSUMPTION: the body's message
 * says "unusual activity"; the page gives no body.
 */
const UNUSUAL_ACTIVITY = /unusual activity/i;

/**
 * Reads Codefresh's error body into one line and a hint per status. A 403 that says "unusual
 * activity" is a restriction on the key, not a throttle: the page above tells it apart from the
 * 429 of the rate limiter, and no wait lifts it. It stays `permission-denied` (never retried, so
 * the sync fails at once instead of backing off for a minute) with its own message and hint.
 */
export function describeCodefreshError(info: ErrorInfo): ErrorDescription | undefined {
  const body = parseErrorBody(info.body);
  const label = body?.name === undefined ? "" : ` (${body.name}${body.code === undefined ? "" : ` ${body.code}`})`;
  const message = body === undefined ? undefined : `${body.message}${label}`;
  const withMessage = (description: ErrorDescription): ErrorDescription =>
    message === undefined ? description : { message, ...description };
  switch (info.status) {
    case 401:
      return withMessage({
        hint: `Codefresh refused the API key: check that it is complete and not revoked; ${KEY_HINT}`,
      });
    case 403:
      if (UNUSUAL_ACTIVITY.test(body?.message ?? "")) {
        return {
          kind: "permission-denied",
          message: `Codefresh has restricted this API key for unusual activity${body?.message === undefined ? "" : ` ("${body.message}")`}; retrying will not lift it`,
          hint: "this is a restriction, not a rate limit: check where the key is used (a leaked key or a runaway script), then create a new key under User Settings → API Keys, or ask Codefresh support to lift the restriction",
        };
      }
      return withMessage({ hint: forbiddenHint(info.endpoint) });
    case 404:
      return withMessage({
        hint: "check --base-url: it is the API root, https://g.codefresh.io/api on the SaaS or https://<host>/api on premises",
      });
    case 429:
      return withMessage({
        hint: "Codefresh limits requests per API key (the threshold is unpublished) and kept answering 429: wait a few minutes and sync again",
      });
    default:
      return message === undefined ? undefined : { message };
  }
}

// ── the client ────────────────────────────────────────────────────────────────

/** What the connector needs of the API. Syncers never see it: they read the account directory (account.ts). */
export interface CodefreshApi {
  getCurrentUser(options: WithSignal): Promise<ApiCurrentUser>;
  /** Every member of the account, as compact records, in the API's order. */
  listMembers(options: { accountId: string } & WithSignal): Promise<MemberRecord[]>;
  /** Every team of the key's account, as compact records, in the API's order. */
  listTeams(options: WithSignal): Promise<TeamRecord[]>;
  /** Every service account of the key's account, as compact records (`service` set), in the API's order. */
  listServiceUsers(options: WithSignal): Promise<MemberRecord[]>;
}

function shapeError(endpoint: string, problem: string): ApiError {
  return new ApiError("invalid-response", `${endpoint} returned ${problem}`, {
    endpoint,
    status: 200,
    hint: "check that --base-url is the Codefresh API root (ending in /api), not the web app or a proxy page",
  });
}

export class CodefreshClient implements CodefreshApi {
  readonly #http: HttpClient;

  constructor(options: { apiKey: string; baseUrl: string; kit: Pick<ConnectorKit, "httpClient"> }) {
    this.#http = options.kit.httpClient({
      baseUrl: options.baseUrl,
      auth: headerAuth(AUTH_HEADER, options.apiKey),
      rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND },
      describeError: describeCodefreshError,
    });
  }

  async getCurrentUser({ signal }: WithSignal): Promise<ApiCurrentUser> {
    const { body } = await this.#http.getJson<unknown>(CURRENT_USER_PATH, { signal });
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw shapeError(`GET ${CURRENT_USER_PATH}`, "something other than a user object");
    return body as ApiCurrentUser;
  }

  async listMembers({ accountId, signal }: { accountId: string } & WithSignal): Promise<MemberRecord[]> {
    const path = ACCOUNT_USERS_PATH(accountId);
    return this.#bareArray(path, signal, true, (item, index) => {
      const record = item !== null && typeof item === "object" ? toMemberRecord(item as ApiMember) : undefined;
      if (record === undefined) throw shapeError(`GET ${path}`, `a member without an _id (item ${index})`);
      return record;
    });
  }

  async listTeams({ signal }: WithSignal): Promise<TeamRecord[]> {
    return this.#bareArray(TEAMS_PATH, signal, false, (item, index) => {
      const record = item !== null && typeof item === "object" ? toTeamRecord(item as ApiTeam) : undefined;
      if (record === undefined) throw shapeError(`GET ${TEAMS_PATH}`, `a team without an _id (item ${index})`);
      return record;
    });
  }

  async listServiceUsers({ signal }: WithSignal): Promise<MemberRecord[]> {
    return this.#bareArray(SERVICE_USERS_PATH, signal, false, (item, index) => {
      const record =
        item !== null && typeof item === "object" ? toServiceUserRecord(item as ApiServiceUser) : undefined;
      if (record === undefined)
        throw shapeError(`GET ${SERVICE_USERS_PATH}`, `a service account without an _id (item ${index})`);
      return record;
    });
  }

  /**
   * GETs a list that arrives as one bare JSON array, mapping each item to its compact record as it
   * is read (the body streams: a 100,000-member list is never held whole, as text or as objects).
   * With `secretBody`, an unparsable answer is reported in words that say why nothing of it is
   * quoted: the member list holds invite links.
   */
  async #bareArray<R>(
    path: string,
    signal: AbortSignal,
    secretBody: boolean,
    toRecord: (item: unknown, index: number) => R,
  ): Promise<R[]> {
    let shapeFailure: unknown;
    const checked = (item: unknown, index: number): R => {
      try {
        return toRecord(item, index);
      } catch (error) {
        shapeFailure = error;
        throw error;
      }
    };
    try {
      return (await this.#http.getJsonArray(path, checked, { signal })).body;
    } catch (error) {
      if (!(secretBody && error instanceof ApiError && error.kind === "invalid-response" && error !== shapeFailure))
        throw error;
      throw new ApiError(
        "invalid-response",
        `${error.endpoint} returned a body that is not JSON (not quoted: it holds invite links, which are secrets)`,
        {
          endpoint: error.endpoint,
          status: error.status,
          hint: error.hint,
        },
      );
    }
  }
}
