/**
 * @module
 * The env0 API client: every path the connector reads, the shapes it reads them as, env0's error
 * bodies, and the documented rate limit. Facts from shared/apis/env0.md unless marked otherwise;
 * the project paths and shapes are the Terraform provider's (env0/terraform-provider-env0, the
 * files named beside each).
 */
import {
  ApiError,
  basicAuth,
  Once,
  registerSecret,
  urlPath,
  type ConnectorKit,
  type DescribeError,
  type HttpClient,
  type WithSignal,
} from "../../core/kit.ts";
import { MemberRoles } from "./member-roles.ts";

// ── API paths (env0.md, "Endpoints") ──────────────────────────────────────────
/** Array of the organizations the key can see. */
const ORGANIZATIONS = "/organizations";
/** Bare array of every member, invitees included; no paging. */
const organizationUsers = (organizationId: string): string => urlPath`/organizations/${organizationId}/users`;
/** Bare array of the organization's API keys; `organizationId` is a required query parameter. */
const API_KEYS = "/api-keys";
/** Bare array of the custom roles (the built-in Admin and User are not listed); `organizationId` required. */
const ROLES = "/roles";
/** `{teams, nextPageKey}` paged by `limit` and `offset=<nextPageKey>`, or (older versions) a bare array. */
const organizationTeams = (organizationId: string): string => urlPath`/teams/organizations/${organizationId}`;
/**
 * One team with its members, read only when a teams listing leaves members out (older env0;
 * see teams.ts). Not in the fact sheet: the Terraform provider's client reads it
 * (`client/team.go`, `Team(id)`). ASSUMPTION: same shape as a teams-list item.
 */
const team = (teamId: string): string => urlPath`/teams/${teamId}`;
/**
 * Bare array of every project, sub-projects (`parentProjectId`) and archived ones (`isArchived`)
 * included; `organizationId` is its one parameter and it is read whole, unpaged
 * (`client/project.go`, `Projects()`; `env0/data_projects.go` filters archived ones itself).
 */
const PROJECTS = "/projects";
/** Bare array of `{id, userId, role}`: people and API keys on one project (`client/user_project_assignment.go`). */
const projectUserAssignments = (projectId: string): string => urlPath`/permissions/projects/${projectId}`;
/** Bare array of `{id, teamId, role}`, filtered by `projectId` (`client/team_role_assignment.go`, `TeamRoleAssignments`). */
const TEAM_ROLE_ASSIGNMENTS = "/roles/assignments/teams";

/** The page size the Terraform provider asks for; env0's other lists cap `limit` at 100. */
export const TEAMS_PAGE_LIMIT = 100;
/**
 * env0 allows 1,000 requests per 60 s per IP + method + URI (env0.md, "Rate limit"). One global
 * budget under it keeps every URI under it too; 950 leaves the Terraform provider's margin.
 */
export const REQUESTS_PER_MINUTE = 950;

// ── What the connector reads (only the fields it uses) ───────────────────────
export interface Env0Organization {
  id: string;
  name: string;
  /** The caller's role in that organization. */
  role?: string;
}

/** The Auth0-shaped person inside a member, an API key's creator, or a team. */
export interface Env0User {
  user_id: string;
  email?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  created_at?: string;
  /** ISO-8601 UTC: the last sign-in. */
  last_login?: string;
}

export interface Env0Member {
  user: Env0User;
  /** "Admin", "User", or a custom role id. */
  role: string;
  /** "Active", or "Invited" for a pending invitation. */
  status: string;
}

/** An organization API key. `apiKeySecret` is deliberately absent: the client strips it on arrival. */
export interface Env0ApiKey {
  id: string;
  name: string;
  /** The public key id (the Basic-auth user name), not a secret. */
  apiKeyId?: string;
  organizationRole: string;
  lastUsedAt?: string | null;
  createdAt?: string | null;
  createdBy?: string;
  createdByUser?: Env0User;
}

export interface Env0Role {
  id: string;
  name: string;
  permissions?: string[];
  isDefaultRole?: boolean;
}

export interface Env0Team {
  id: string;
  name: string;
  description?: string;
  /** Members: people by their user id, API keys by their internal `id` as `user_id`. */
  users?: Env0User[];
}

/** A project or sub-project (`client/project.go`, `Project`); only the fields the connector uses. */
export interface Env0Project {
  id: string;
  name: string;
  description?: string;
  /** Absent (`omitempty`) on a top-level project. */
  parentProjectId?: string;
  /** Ancestors' ids then the project's own, `|`-separated. */
  hierarchy?: string;
  isArchived?: boolean;
}

/** A person's or API key's role on a project: `userId` is a member's user id or a key's internal id. */
export interface Env0ProjectUserAssignment {
  userId: string;
  /** "Admin", "Deployer", "Planner", "Viewer", or a custom role id. */
  role: string;
}

export interface Env0ProjectTeamAssignment {
  teamId: string;
  role: string;
}

export interface Env0TeamsPage {
  teams: Env0Team[];
  /** Empty or absent on the last page. */
  nextPageKey?: string;
}

/** What the connector asks of env0. Syncers take a `Pick` of it, so a test can hand them a stub. */
export interface Env0Api {
  readonly organizationId: string;
  listOrganizations(options: WithSignal): Promise<Env0Organization[]>;
  /** Every member, each mapped by `map` as it arrives: for the users listing, which reads them once. */
  listMembers<R>(options: { map: (member: Env0Member) => R } & WithSignal): Promise<R[]>;
  /** Who holds which organization role: what the roles listing and role grants need of the members. */
  listMemberRoles(options: WithSignal): Promise<MemberRoles>;
  listApiKeys(options: WithSignal): Promise<Env0ApiKey[]>;
  listRoles(options: WithSignal): Promise<Env0Role[]>;
  /** One page of teams: the first without `pageKey`, then the `nextPageKey` the previous page gave. */
  listTeams(options: { pageKey?: string | undefined } & WithSignal): Promise<Env0TeamsPage>;
  getTeam(options: { teamId: string } & WithSignal): Promise<Env0Team>;
  listProjects(options: WithSignal): Promise<Env0Project[]>;
  listProjectUserAssignments(options: { projectId: string } & WithSignal): Promise<Env0ProjectUserAssignment[]>;
  listProjectTeamAssignments(options: { projectId: string } & WithSignal): Promise<Env0ProjectTeamAssignment[]>;
}

// ── Errors ────────────────────────────────────────────────────────────────────
const HINTS: Readonly<Record<number, string>> = {
  401:
    "env0 refused the API key: check --api-key-id and --api-key-secret (BATON_ENV0_API_KEY_ID / BATON_ENV0_API_KEY_SECRET); " +
    "create a key under Organization Settings → API Keys and copy its secret when it is shown",
  402: "this env0 feature is not included in the organization's plan",
  403:
    "the key is valid but may not read this: use an organization API key with the Admin role " +
    "(Organization Settings → API Keys), or a personal key of an organization admin",
  404: "check --organization-id and --base-url (the default is https://api.env0.com)",
};

/** env0's gateway errors are `{"message":"…"}`; a 400 has been seen as plain text. Both pass through. */
export const describeEnv0Error: DescribeError = ({ status, body }) => {
  let message: string | undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    const field =
      typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)["message"] : undefined;
    if (typeof field === "string") message = field;
  } catch {
    if (body.trim() !== "" && !body.trimStart().startsWith("<")) message = body.trim();
  }
  const hint = HINTS[status];
  if (message === undefined && hint === undefined) return undefined;
  return { ...(message === undefined ? {} : { message }), ...(hint === undefined ? {} : { hint }) };
};

// ── The client ────────────────────────────────────────────────────────────────
export interface Env0ClientOptions {
  baseUrl: string;
  apiKeyId: string;
  apiKeySecret: string;
  organizationId: string;
  kit: Pick<ConnectorKit, "httpClient">;
}

function invalid(endpoint: string, problem: string): ApiError {
  return new ApiError("invalid-response", `${endpoint} answered ${problem}`, {
    endpoint,
    hint: "check that --base-url points at the env0 API",
  });
}

function arrayOf<T>(body: unknown, endpoint: string, isItem: (item: unknown) => boolean): T[] {
  if (!Array.isArray(body)) throw invalid(endpoint, "something other than a JSON array");
  const bad = body.findIndex((item) => !isItem(item));
  if (bad >= 0) throw invalid(endpoint, `an item (#${bad + 1}) without the fields idsync needs`);
  return body as T[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const hasString = (value: unknown, key: string): boolean => isObject(value) && typeof value[key] === "string";
const isUser = (value: unknown): boolean => hasString(value, "user_id");
const isTeam = (value: unknown): boolean => hasString(value, "id") && hasString(value, "name");

/** Teams whose `users`, when sent, are members each naming a `user_id`; `null` reads as not sent. */
function teamsOf(value: unknown, endpoint: string): Env0Team[] {
  const teams = arrayOf<Env0Team>(value, endpoint, isTeam);
  for (const team of teams) {
    const record = team as unknown as Record<string, unknown>;
    if (record["users"] === null) delete record["users"];
    else if (record["users"] !== undefined)
      arrayOf<Env0User>(record["users"], `${endpoint} (users of team ${team.id})`, isUser);
  }
  return teams;
}

export class Env0Client implements Env0Api {
  readonly organizationId: string;
  readonly #http: HttpClient;
  /**
   * env0 lists members, API keys, custom roles and projects unpaged, and role, team and project
   * grants need them again per role, team and project. So each list's one response is kept for
   * the connector's life (one sync) instead of being fetched again: bounded to one response per
   * list, and dropped if it failed. Of the members, the one list that grows with the
   * organization, only who holds which role is kept (member-roles.ts), never the members.
   */
  readonly #memberRoles = new Once<MemberRoles>();
  readonly #apiKeys = new Once<Env0ApiKey[]>();
  readonly #roles = new Once<Env0Role[]>();
  readonly #projects = new Once<Env0Project[]>();

  constructor(options: Env0ClientOptions) {
    this.organizationId = options.organizationId;
    this.#http = options.kit.httpClient({
      baseUrl: options.baseUrl,
      auth: basicAuth(options.apiKeyId, options.apiKeySecret),
      rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE },
      describeError: describeEnv0Error,
    });
  }

  async #get(path: string, signal: AbortSignal, query?: Record<string, string | number | undefined>): Promise<unknown> {
    return (await this.#http.getJson<unknown>(path, { signal, ...(query ? { query } : {}) })).body;
  }

  async listOrganizations({ signal }: WithSignal): Promise<Env0Organization[]> {
    return arrayOf<Env0Organization>(await this.#get(ORGANIZATIONS, signal), `GET ${ORGANIZATIONS}`, (item) =>
      hasString(item, "id"),
    );
  }

  /**
   * Every member, mapped as it arrives, so a member is garbage once its mapped form exists. The
   * read also records who holds which role, so the roles that follow cost no second request;
   * the members themselves are not kept here.
   */
  listMembers<R>({ map, signal }: { map: (member: Env0Member) => R } & WithSignal): Promise<R[]> {
    let read: Promise<{ mapped: R[]; roles: MemberRoles }> | undefined;
    void this.#memberRoles.get(async () => {
      read = this.#readMembers(signal, map);
      return (await read).roles;
    });
    // The roles were recorded before (a listing asked for them first): read the members anew.
    return (read ?? this.#readMembers(signal, map)).then(({ mapped }) => mapped);
  }

  listMemberRoles({ signal }: WithSignal): Promise<MemberRoles> {
    return this.#memberRoles.get(async () => (await this.#readMembers(signal, undefined)).roles);
  }

  /**
   * The one unpaged list that grows with the organization: its body is read as a stream, each
   * member checked, its role recorded and (with `map`) mapped as it arrives, so neither the body
   * as text nor the members as objects are ever held whole.
   */
  async #readMembers<R>(
    signal: AbortSignal,
    map: ((member: Env0Member) => R) | undefined,
  ): Promise<{ mapped: R[]; roles: MemberRoles }> {
    const path = organizationUsers(this.organizationId);
    const isMember = (item: unknown): boolean =>
      isObject(item) && isUser(item["user"]) && typeof item["role"] === "string";
    let roles = new MemberRoles();
    const { body } = await this.#http.getJsonArray(
      path,
      (item, index) => {
        if (!isMember(item)) throw invalid(`GET ${path}`, `an item (#${index + 1}) without the fields idsync needs`);
        // A retried request reads the list again from its first item.
        if (index === 0) roles = new MemberRoles();
        const member = item as Env0Member;
        roles.add(member.user.user_id, member.role);
        return map?.(member);
      },
      { signal },
    );
    return { mapped: map ? (body as R[]) : [], roles };
  }

  listApiKeys({ signal }: WithSignal): Promise<Env0ApiKey[]> {
    return this.#apiKeys.get(async () => {
      const body = await this.#get(API_KEYS, signal, { organizationId: this.organizationId });
      const keys = arrayOf<Env0ApiKey & { apiKeySecret?: unknown }>(
        body,
        `GET ${API_KEYS}`,
        (item) => hasString(item, "id") && hasString(item, "organizationRole"),
      );
      // env0 sends the secret only when a key is created; should a list ever carry it, it is
      // registered for redaction and dropped here, before anything can store or log it.
      for (const key of keys) {
        if (typeof key.apiKeySecret === "string" && key.apiKeySecret !== "") registerSecret(key.apiKeySecret);
        delete key.apiKeySecret;
      }
      return keys;
    });
  }

  /** Kept for the sync too: the roles listing and every project's role entitlements read it. */
  listRoles({ signal }: WithSignal): Promise<Env0Role[]> {
    return this.#roles.get(async () => {
      const body = await this.#get(ROLES, signal, { organizationId: this.organizationId });
      return arrayOf<Env0Role>(body, `GET ${ROLES}`, (item) => hasString(item, "id") && hasString(item, "name"));
    });
  }

  async listTeams({ pageKey, signal }: { pageKey?: string | undefined } & WithSignal): Promise<Env0TeamsPage> {
    const path = organizationTeams(this.organizationId);
    const body = await this.#get(path, signal, { limit: TEAMS_PAGE_LIMIT, offset: pageKey });
    // Older env0 answers every team as one bare array; newer pages them (env0.md, "Team item").
    if (Array.isArray(body)) return { teams: teamsOf(body, `GET ${path}`) };
    if (!isObject(body)) throw invalid(`GET ${path}`, "neither a list of teams nor a {teams, nextPageKey} page");
    const teams = teamsOf(body["teams"], `GET ${path}`);
    const next = body["nextPageKey"];
    return typeof next === "string" && next !== "" ? { teams, nextPageKey: next } : { teams };
  }

  /** Kept for the sync like the members list: the top-level listing and each parent's children read it. */
  listProjects({ signal }: WithSignal): Promise<Env0Project[]> {
    return this.#projects.get(async () => {
      const body = await this.#get(PROJECTS, signal, { organizationId: this.organizationId });
      return arrayOf<Env0Project>(body, `GET ${PROJECTS}`, (item) => hasString(item, "id") && hasString(item, "name"));
    });
  }

  async listProjectUserAssignments({
    projectId,
    signal,
  }: { projectId: string } & WithSignal): Promise<Env0ProjectUserAssignment[]> {
    const path = projectUserAssignments(projectId);
    return arrayOf<Env0ProjectUserAssignment>(
      await this.#get(path, signal),
      `GET ${path}`,
      (item) => hasString(item, "userId") && hasString(item, "role"),
    );
  }

  async listProjectTeamAssignments({
    projectId,
    signal,
  }: { projectId: string } & WithSignal): Promise<Env0ProjectTeamAssignment[]> {
    const body = await this.#get(TEAM_ROLE_ASSIGNMENTS, signal, { projectId });
    return arrayOf<Env0ProjectTeamAssignment>(
      body,
      `GET ${TEAM_ROLE_ASSIGNMENTS}`,
      (item) => hasString(item, "teamId") && hasString(item, "role"),
    );
  }

  async getTeam({ teamId, signal }: { teamId: string } & WithSignal): Promise<Env0Team> {
    const path = team(teamId);
    const body = await this.#get(path, signal);
    if (!isTeam(body)) throw invalid(`GET ${path}`, "something other than a team");
    return teamsOf([body], `GET ${path}`)[0]!;
  }
}
