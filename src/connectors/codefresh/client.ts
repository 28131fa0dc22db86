/**
 * @module
 * The Codefresh API client: the four endpoints the connector reads, on core's `HttpClient` (auth,
 * retries, rate limit, error kinds). Every fact comes from shared/apis/codefresh.md; the section is
 * named beside each constant. Answers are cut down to compact records as they are parsed (records.ts).
 */
import {
  ApiError,
  headerAuth,
  HttpClient,
  urlPath,
  type ConnectorDeps,
  type ErrorDescription,
  type ErrorInfo,
  type RequestStats,
} from "../../core/kit.ts";
import { toMemberRecord, toServiceUserRecord, toTeamRecord, type ApiCurrentUser, type ApiMember, type ApiServiceUser, type ApiTeam, type MemberRecord, type TeamRecord } from "./records.ts";

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
    return { message: message.trim(), ...(typeof name === "string" ? { name } : {}), ...(typeof code === "string" ? { code } : {}) };
  } catch {
    return undefined;
  }
}

const KEY_HINT = "create a key under User Settings → API Keys while the account to sync is the active one, and pass it without a \"Bearer \" prefix";

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
  const withMessage = (description: ErrorDescription): ErrorDescription => (message === undefined ? description : { message, ...description });
  switch (info.status) {
    case 401:
      return withMessage({ hint: `Codefresh refused the API key: check that it is complete and not revoked; ${KEY_HINT}` });
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
      return withMessage({ hint: "check --base-url: it is the API root, https://g.codefresh.io/api on the SaaS or https://<host>/api on premises" });
    case 429:
      return withMessage({ hint: "Codefresh limits requests per API key (the threshold is unpublished) and kept answering 429: wait a few minutes and sync again" });
    default:
      return message === undefined ? undefined : { message };
  }
}

// ── the client ────────────────────────────────────────────────────────────────

/** What the connector needs of the API. Syncers never see it: they read the account directory. */
export interface CodefreshApi {
  currentUser(signal: AbortSignal): Promise<ApiCurrentUser>;
  /** Every member of the account, as compact records, in the API's order. */
  accountMembers(accountId: string, signal: AbortSignal): Promise<MemberRecord[]>;
  /** Every team of the key's account, as compact records, in the API's order. */
  teams(signal: AbortSignal): Promise<TeamRecord[]>;
  /** Every service account of the key's account, as compact records (`service` set), in the API's order. */
  serviceUsers(signal: AbortSignal): Promise<MemberRecord[]>;
  requestStats(): RequestStats;
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

  constructor(options: { apiKey: string; baseUrl: string; deps: ConnectorDeps }) {
    this.#http = new HttpClient({
      baseUrl: options.baseUrl,
      auth: headerAuth(AUTH_HEADER, options.apiKey),
      rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND },
      describeError: describeCodefreshError,
      logger: options.deps.logger,
      ...(options.deps.fetch ? { fetch: options.deps.fetch } : {}),
      ...options.deps.http,
    });
  }

  async currentUser(signal: AbortSignal): Promise<ApiCurrentUser> {
    const { body } = await this.#http.getJson<unknown>(CURRENT_USER_PATH, { signal });
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw shapeError(`GET ${CURRENT_USER_PATH}`, "something other than a user object");
    return body as ApiCurrentUser;
  }

  async accountMembers(accountId: string, signal: AbortSignal): Promise<MemberRecord[]> {
    const path = ACCOUNT_USERS_PATH(accountId);
    return this.#bareArray(path, signal, true, (item, index) => {
      const record = item !== null && typeof item === "object" ? toMemberRecord(item as ApiMember) : undefined;
      if (record === undefined) throw shapeError(`GET ${path}`, `a member without an _id (item ${index})`);
      return record;
    });
  }

  async teams(signal: AbortSignal): Promise<TeamRecord[]> {
    return this.#bareArray(TEAMS_PATH, signal, false, (item, index) => {
      const record = item !== null && typeof item === "object" ? toTeamRecord(item as ApiTeam) : undefined;
      if (record === undefined) throw shapeError(`GET ${TEAMS_PATH}`, `a team without an _id (item ${index})`);
      return record;
    });
  }

  async serviceUsers(signal: AbortSignal): Promise<MemberRecord[]> {
    return this.#bareArray(SERVICE_USERS_PATH, signal, false, (item, index) => {
      const record = item !== null && typeof item === "object" ? toServiceUserRecord(item as ApiServiceUser) : undefined;
      if (record === undefined) throw shapeError(`GET ${SERVICE_USERS_PATH}`, `a service account without an _id (item ${index})`);
      return record;
    });
  }

  requestStats(): RequestStats {
    const { requests, retries, rateLimited } = this.#http.stats;
    return { requests, retries, rateLimited };
  }

  /**
   * GETs a list that arrives as one bare JSON array, mapping each item to its compact record as it
   * is read (the body streams: a 100,000-member list is never held whole, as text or as objects).
   * With `secretBody`, an unparsable answer is reported in words that say why nothing of it is
   * quoted: the member list holds invite links.
   */
  async #bareArray<R>(path: string, signal: AbortSignal, secretBody: boolean, toRecord: (item: unknown, index: number) => R): Promise<R[]> {
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
      if (!(secretBody && error instanceof ApiError && error.kind === "invalid-response" && error !== shapeFailure)) throw error;
      throw new ApiError("invalid-response", `${error.endpoint} returned a body that is not JSON (not quoted: it holds invite links, which are secrets)`, {
        endpoint: error.endpoint,
        status: error.status,
        hint: error.hint,
      });
    }
  }
}
