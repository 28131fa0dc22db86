/**
 * @module
 * What the Runlayer connector proves before it syncs anything:
 *
 * 1. The key works: `GET /users/me`, with the key in `x-runlayer-api-key` as the CLI sends it;
 *    on a 401, once more as `Authorization: Bearer` (the form docs.runlayer.com/platform-api
 *    shows), and the log says which form worked.
 * 2. The lists exist: the instance's own OpenAPI document (below) is read at the instance
 *    root, then under the base URL; the paths it names are used, or the check fails naming what
 *    is missing. With no readable document, the assumed paths are used and the log says they are
 *    unverified.
 * 3. The key may read users: one user is listed, since a Developer's key gets its own user but a
 *    403 on the list, and an organization key, which acts as no user, a 403 on both.
 *
 * The key is a personal one by then (an organization key is refused in 1), so its user, whom
 * `GET /users/me` names, is a user of the instance: the user listing must hold them, and the
 * engine fails a sync whose listing does not (core/sync/answer-checks.ts).
 */
import { ApiError, type SyncContext, type Validation } from "../../core/kit.ts";
import { fastApiDetail, type ApiUser, type RunlayerClient, type RunlayerPaths } from "./client.ts";
import { API_PATH } from "./config.ts";
import { userType } from "./resource-types.ts";

const NEEDED_ROLES = "Super Admin, Security Admin or Helpdesk";

/** An answer that means "no document here", as opposed to an instance that is down. */
const NO_DOCUMENT_KINDS = new Set(["not-found", "unauthenticated", "permission-denied", "invalid-response"]);

const isApiError = (error: unknown, kind?: string): error is ApiError =>
  error instanceof ApiError && (kind === undefined || error.kind === kind);

function describeUser(user: ApiUser): string {
  const who = typeof user.email === "string" && user.email !== "" ? user.email : `user ${user.id}`;
  const roles = Array.isArray(user.roles) && user.roles.length > 0 ? user.roles.join(", ") : "none listed";
  return `${who} (roles: ${roles})`;
}

/** A 403 during validation, restated to say what it means for this key. */
function refusal(error: ApiError, message: string, hint: string): ApiError {
  const detail = error.body === undefined ? undefined : fastApiDetail(error.body);
  return new ApiError("permission-denied", `${message}${detail === undefined ? "" : ` (Runlayer said: ${detail})`}`, {
    endpoint: error.endpoint,
    status: error.status,
    body: error.body,
    hint,
    cause: error,
  });
}

/** `GET /users/me`, with the header fallback. A 403 is the caller's to explain. */
async function whoAmI(client: RunlayerClient, ctx: SyncContext): Promise<ApiUser> {
  let first: ApiError;
  try {
    const me = await client.getCurrentUser({ signal: ctx.signal });
    ctx.logger.info("Runlayer accepted the API key in the x-runlayer-api-key header");
    return me;
  } catch (error) {
    if (!isApiError(error, "unauthenticated")) throw error;
    first = error;
  }
  client.useBearer();
  try {
    const me = await client.getCurrentUser({ signal: ctx.signal });
    ctx.logger.info(
      "Runlayer refused the API key in the x-runlayer-api-key header but accepted it as Authorization: Bearer; sending it that way",
    );
    return me;
  } catch (error) {
    if (!isApiError(error, "unauthenticated")) throw error;
    throw first.restated(`${first.message} (sent in x-runlayer-api-key, and again as Authorization: Bearer)`);
  }
}

/** Reads the instance's OpenAPI document and switches to the paths it names; see the module comment. */
async function provePaths(client: RunlayerClient, ctx: SyncContext): Promise<void> {
  const tried: string[] = [];
  for (const location of client.openApiLocations) {
    let body: unknown;
    try {
      body = await client.getOpenApiDocument({ location, signal: ctx.signal });
    } catch (error) {
      if (!isApiError(error) || !NO_DOCUMENT_KINDS.has(error.kind)) throw error;
      tried.push(`${location} (${error.status === undefined ? error.kind : error.status})`);
      continue;
    }
    if (!isOpenApiDocument(body)) {
      tried.push(`${location} (not an OpenAPI document)`);
      continue;
    }
    const checked = checkOpenApi(body as Record<string, unknown>, client.basePath, client.paths, location);
    client.usePaths(checked.paths);
    ctx.logger.info("Runlayer's OpenAPI document lists the users, roles and assignments idsync reads", {
      document: location,
      ...client.paths,
    });
    if (checked.taken.length > 0)
      ctx.logger.info("using the list paths the instance's OpenAPI document names", { taken: checked.taken });
    for (const what of checked.unverified)
      ctx.logger.warn(`not proved by the OpenAPI document: ${what}`, { document: location });
    return;
  }
  ctx.logger.warn(
    "Runlayer serves no readable OpenAPI document; the users, roles and assignments paths are idsync's assumptions, unverified",
    { tried, ...client.paths },
  );
}

export async function validateRunlayer(client: RunlayerClient, ctx: SyncContext): Promise<Validation> {
  let me: ApiUser;
  try {
    me = await whoAmI(client, ctx);
  } catch (error) {
    if (!isApiError(error, "permission-denied")) throw error;
    throw refusal(
      error,
      `Runlayer accepted the API key but refused ${error.endpoint} (403): the key acts as no user, as organization keys (rl_org_…) do, so it cannot read users`,
      `create a personal API key for a user holding ${NEEDED_ROLES}`,
    );
  }
  await provePaths(client, ctx);
  try {
    await client.listUsers({ skip: 0, limit: 1, signal: ctx.signal });
  } catch (error) {
    if (!isApiError(error, "permission-denied")) throw error;
    throw refusal(
      error,
      `the API key works, but its user ${describeUser(me)} may not read users and roles: ${error.endpoint} was refused (403)`,
      `give that user ${NEEDED_ROLES}, or use a personal API key of a user who holds one of them`,
    );
  }
  ctx.logger.debug("Runlayer API key validated", { user: typeof me.email === "string" ? me.email : me.id });
  // The id as users.ts names a user resource (`String(user.id)`).
  const id = String(me.id ?? "");
  if (id === "") return {};
  return {
    caller: {
      id: { resourceType: userType.id, resource: id },
      description: "the API key's own user",
      source: "GET /users/me",
    },
  };
}

// ── the OpenAPI check (step 2) ─────────────────────────────────────────────────

/*
 * Proves the list paths on the instance itself. Runlayer publishes no reference for users, roles
 * or role assignments (shared/apis/runlayer.md, "What exists publicly"), but every FastAPI app
 * serves an OpenAPI document about itself, at `/openapi.json` unless the app moves it
 * (`openapi_url`, https://fastapi.tiangolo.com/reference/fastapi/) — FastAPI's full-stack
 * template puts it under `/api/v1` (fastapi/full-stack-fastapi-template `backend/app/main.py`).
 *
 * Given that document, each list idsync reads is looked up: the assumed path, spelled with or
 * without the trailing slash as the document spells it (so no redirect is needed), or else the
 * one GET collection whose last segment names it. Its 200 schema must list the fields idsync
 * cannot do without, and it must take `skip` and `limit`. Anything missing fails the check with
 * one message naming what is missing and the paths the document has for users, roles and
 * assignments, so nobody has to guess from a 404 halfway through a sync.

 */
/** One list idsync reads, and what it needs of it. */
interface ListNeed {
  name: keyof RunlayerPaths;
  /** Picks the collection when the assumed path is absent: its last path segment. */
  lastSegment: RegExp;
  /** Each entry is one field, or alternatives of which one is enough (a role's `key` or `id`). */
  required: readonly (readonly string[])[];
  /** Read when present; their absence is logged, not fatal. */
  optional: readonly string[];
}

const NEEDS: readonly ListNeed[] = [
  {
    name: "users",
    lastSegment: /^users$/i,
    required: [["id"]],
    optional: ["email", "full_name", "is_active", "created_at", "last_login_at"],
  },
  {
    name: "roles",
    lastSegment: /^(fga[-_])?roles$/i,
    required: [["key", "id"]],
    optional: ["name", "description", "capabilities", "scope"],
  },
  {
    name: "assignments",
    lastSegment: /assignments$/i,
    required: [["user_id"], ["role"]],
    optional: ["scope_type", "scope_id"],
  },
];
/** Runlayer's paging parameters (runlayer.md, "Conventions confirmed from the CLI source"). */
const PAGING_PARAMETERS = ["skip", "limit"];
/** Paths worth naming when one is missing. */
const CANDIDATE = /user|role|assign/i;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What the check found: the paths to use, and what to log about them. */
export interface CheckedPaths {
  paths: RunlayerPaths;
  /** Paths taken from the document where it differs from the assumption, e.g. `users: /users/`. */
  taken: string[];
  /** Things the document does not prove but that need not stop the sync. */
  unverified: string[];
}

/** Whether the JSON looks like an OpenAPI document at all (a proxy's JSON 404 page does not). */
export function isOpenApiDocument(body: unknown): boolean {
  return isObject(body) && typeof body["openapi"] === "string" && isObject(body["paths"]);
}

/** `{$ref: "#/components/schemas/X"}` followed (a few hops at most), `allOf` merged. */
function resolve(document: Json, schema: unknown, depth = 0): Json | undefined {
  if (!isObject(schema) || depth > 8) return undefined;
  const ref = schema["$ref"];
  if (typeof ref === "string") {
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
    return resolve(document, target, depth + 1);
  }
  if (Array.isArray(schema["allOf"])) {
    const parts = schema["allOf"]
      .map((part) => resolve(document, part, depth + 1))
      .filter((part) => part !== undefined);
    const properties = Object.assign(
      {},
      ...parts.map((part) => (isObject(part["properties"]) ? part["properties"] : {})),
      isObject(schema["properties"]) ? schema["properties"] : {},
    );
    return { ...schema, properties };
  }
  return schema;
}

/**
 * The field names of one list item, from an operation's 200 JSON schema: a bare array or the
 * `{data: [...], count}` envelope. `undefined` when the document does not say (FastAPI writes
 * `{}` for a route without a response model); `null` when the answer is not a list at all.
 */
function itemFields(document: Json, operation: Json): string[] | undefined | null {
  const responses = isObject(operation["responses"]) ? operation["responses"] : {};
  const ok = isObject(responses["200"]) ? responses["200"] : undefined;
  const content = ok !== undefined && isObject(ok["content"]) ? ok["content"] : {};
  const json = isObject(content["application/json"]) ? content["application/json"] : undefined;
  const schema = resolve(document, json?.["schema"]);
  if (
    schema === undefined ||
    Object.keys(schema).length === 0 ||
    (schema["type"] === undefined && schema["properties"] === undefined)
  )
    return undefined;
  let array: Json | undefined;
  if (schema["type"] === "array") array = schema;
  else if (isObject(schema["properties"])) array = resolve(document, schema["properties"]["data"]);
  if (array === undefined || array["type"] !== "array") return null;
  const item = resolve(document, array["items"]);
  return item !== undefined && isObject(item["properties"]) ? Object.keys(item["properties"]) : undefined;
}

/** The query parameters an operation declares (path-level ones included), or undefined if it declares none. */
function queryParameters(document: Json, pathItem: Json, operation: Json): Set<string> | undefined {
  const declared = [pathItem["parameters"], operation["parameters"]].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  if (declared.length === 0) return undefined;
  const names = declared
    .map((parameter) => resolve(document, parameter))
    .filter((parameter) => parameter?.["in"] === "query")
    .map((parameter) => String(parameter?.["name"]));
  return new Set(names);
}

/**
 * The document's paths relative to the base URL's path. FastAPI writes each route's full path
 * (`/api/v1/users`); behind a proxy that adds a prefix the document may lack it, so `/api/v1`
 * alone is tried too.
 */
function relativePaths(document: Json, basePath: string): Map<string, Json> {
  const paths = new Map<string, Json>();
  const prefixes = [...new Set([basePath.replace(/\/+$/, ""), API_PATH])];
  for (const [path, item] of Object.entries(document["paths"] as Json)) {
    const prefix = prefixes.find((candidate) => path.startsWith(`${candidate}/`));
    if (prefix !== undefined && isObject(item)) paths.set(path.slice(prefix.length), item);
  }
  return paths;
}

const slashToggled = (path: string): string => (path.endsWith("/") ? path.replace(/\/+$/, "") : `${path}/`);
const lastSegment = (path: string): string =>
  path
    .split("/")
    .filter((segment) => segment !== "")
    .at(-1) ?? "";

/**
 * Checks the document against what idsync reads and returns the paths to use. Throws one
 * `ApiError` (exit code 5, as for an API that does not answer as expected) naming every
 * missing path or field and the candidates the document offers.
 *
 * @param assumed today's constants, the fallback when no document can be read
 * @param documentUrl where the document was read, for the message
 */
export function checkOpenApi(
  document: Json,
  basePath: string,
  assumed: RunlayerPaths,
  documentUrl: string,
): CheckedPaths {
  const paths = relativePaths(document, basePath);
  const gets = [...paths].filter(([, item]) => isObject(item["get"]));
  const base = basePath.replace(/\/+$/, "");
  const chosen: Partial<RunlayerPaths> = {};
  const taken: string[] = [];
  const unverified: string[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  for (const need of NEEDS) {
    const wanted = assumed[need.name];
    let path = [wanted, slashToggled(wanted)].find((spelling) => isObject(paths.get(spelling)?.["get"]));
    if (path === undefined) {
      const collections = gets
        .filter(([candidate]) => !candidate.includes("{") && need.lastSegment.test(lastSegment(candidate)))
        .map(([candidate]) => candidate);
      [path] = collections;
      if (collections.length !== 1 || path === undefined) {
        const which =
          collections.length > 1
            ? ` (more than one could be it: ${collections.map((c) => `${base}${c}`).join(", ")})`
            : "";
        missing.push(`GET ${base}${wanted}${which}`);
        continue;
      }
    }
    if (path !== wanted) taken.push(`${need.name}: ${base}${path}`);
    chosen[need.name] = path;
    const item = paths.get(path) as Json;
    const operation = item["get"] as Json;
    const fields = itemFields(document, operation);
    if (fields === null) problems.push(`GET ${base}${path} does not answer a list`);
    else if (fields === undefined)
      unverified.push(`the fields of GET ${base}${path} (the document gives no item schema)`);
    else {
      const absent = need.required
        .filter((options) => !options.some((field) => fields.includes(field)))
        .map((options) => options.join(" or "));
      if (absent.length > 0) problems.push(`GET ${base}${path} answers items without ${absent.join(", ")}`);
      const unlisted = need.optional.filter((field) => !fields.includes(field));
      if (unlisted.length > 0)
        unverified.push(`GET ${base}${path} lists no ${unlisted.join(", ")} (read when present)`);
    }
    const query = queryParameters(document, item, operation);
    const unpaged = PAGING_PARAMETERS.filter((name) => query === undefined || !query.has(name));
    if (unpaged.length > 0)
      problems.push(`GET ${base}${path} takes no ${unpaged.join(" or ")} parameter, so idsync cannot page it`);
    if (need.name === "assignments" && query !== undefined && !query.has("role"))
      unverified.push(
        `GET ${base}${path} declares no role filter (each role's holders are picked from the whole list)`,
      );
  }
  if (missing.length > 0 || problems.length > 0) {
    const candidates = gets
      .map(([path]) => path)
      .filter((path) => CANDIDATE.test(path))
      .map((path) => `${base}${path}`);
    const what = [...(missing.length > 0 ? [`has no ${missing.join(", ")}`] : []), ...problems].join("; ");
    throw new ApiError(
      missing.length > 0 ? "not-found" : "invalid-response",
      `the instance's OpenAPI document ${documentUrl} ${what}; its paths for users, roles and assignments: ${candidates.length > 0 ? candidates.join(", ") : "none"}`,
      {
        endpoint: `GET ${new URL(documentUrl).pathname}`,
        hint: "the instance's API differs from what idsync reads (Runlayer does not publish these endpoints); report the paths above, with the instance's version, to the idsync maintainers",
      },
    );
  }
  return { paths: chosen as RunlayerPaths, taken, unverified };
}
