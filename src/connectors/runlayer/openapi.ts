/**
 * @module
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
import { ApiError } from "../../core/kit.ts";
import { API_PATH } from "./config.ts";

/** Where the three lists are read, relative to the base URL (`/users`, not `/api/v1/users`). */
export interface RunlayerPaths {
  users: string;
  roles: string;
  assignments: string;
}

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
  { name: "users", lastSegment: /^users$/i, required: [["id"]], optional: ["email", "full_name", "is_active", "created_at", "last_login_at"] },
  { name: "roles", lastSegment: /^(fga[-_])?roles$/i, required: [["key", "id"]], optional: ["name", "description", "capabilities", "scope"] },
  { name: "assignments", lastSegment: /assignments$/i, required: [["user_id"], ["role"]], optional: ["scope_type", "scope_id"] },
];
/** Runlayer's paging parameters (runlayer.md, "Conventions confirmed from the CLI source"). */
const PAGING_PARAMETERS = ["skip", "limit"];
/** Paths worth naming when one is missing. */
const CANDIDATE = /user|role|assign/i;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

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
    const target = ref.replace(/^#\//, "").split("/").reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
    return resolve(document, target, depth + 1);
  }
  if (Array.isArray(schema["allOf"])) {
    const parts = schema["allOf"].map((part) => resolve(document, part, depth + 1)).filter((part) => part !== undefined);
    const properties = Object.assign({}, ...parts.map((part) => (isObject(part["properties"]) ? part["properties"] : {})), isObject(schema["properties"]) ? schema["properties"] : {});
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
  if (schema === undefined || Object.keys(schema).length === 0 || (schema["type"] === undefined && schema["properties"] === undefined)) return undefined;
  let array: Json | undefined;
  if (schema["type"] === "array") array = schema;
  else if (isObject(schema["properties"])) array = resolve(document, schema["properties"]["data"]);
  if (array === undefined || array["type"] !== "array") return null;
  const item = resolve(document, array["items"]);
  return item !== undefined && isObject(item["properties"]) ? Object.keys(item["properties"]) : undefined;
}

/** The query parameters an operation declares (path-level ones included), or undefined if it declares none. */
function queryParameters(document: Json, pathItem: Json, operation: Json): Set<string> | undefined {
  const declared = [pathItem["parameters"], operation["parameters"]].flatMap((list) => (Array.isArray(list) ? list : []));
  if (declared.length === 0) return undefined;
  const names = declared.map((parameter) => resolve(document, parameter)).filter((parameter) => parameter?.["in"] === "query").map((parameter) => String(parameter?.["name"]));
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
const lastSegment = (path: string): string => path.split("/").filter((segment) => segment !== "").at(-1) ?? "";

/**
 * Checks the document against what idsync reads and returns the paths to use. Throws one
 * `ApiError` (exit code 5, as for an API that does not answer as expected) naming every
 * missing path or field and the candidates the document offers.
 *
 * @param assumed today's constants, the fallback when no document can be read
 * @param documentUrl where the document was read, for the message
 */
export function checkOpenApi(document: Json, basePath: string, assumed: RunlayerPaths, documentUrl: string): CheckedPaths {
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
      const collections = gets.filter(([candidate]) => !candidate.includes("{") && need.lastSegment.test(lastSegment(candidate))).map(([candidate]) => candidate);
      [path] = collections;
      if (collections.length !== 1 || path === undefined) {
        const which = collections.length > 1 ? ` (more than one could be it: ${collections.map((c) => `${base}${c}`).join(", ")})` : "";
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
    else if (fields === undefined) unverified.push(`the fields of GET ${base}${path} (the document gives no item schema)`);
    else {
      const absent = need.required.filter((options) => !options.some((field) => fields.includes(field))).map((options) => options.join(" or "));
      if (absent.length > 0) problems.push(`GET ${base}${path} answers items without ${absent.join(", ")}`);
      const unlisted = need.optional.filter((field) => !fields.includes(field));
      if (unlisted.length > 0) unverified.push(`GET ${base}${path} lists no ${unlisted.join(", ")} (read when present)`);
    }
    const query = queryParameters(document, item, operation);
    const unpaged = PAGING_PARAMETERS.filter((name) => query === undefined || !query.has(name));
    if (unpaged.length > 0) problems.push(`GET ${base}${path} takes no ${unpaged.join(" or ")} parameter, so idsync cannot page it`);
    if (need.name === "assignments" && query !== undefined && !query.has("role")) unverified.push(`GET ${base}${path} declares no role filter (each role's holders are picked from the whole list)`);
  }
  if (missing.length > 0 || problems.length > 0) {
    const candidates = gets.map(([path]) => path).filter((path) => CANDIDATE.test(path)).map((path) => `${base}${path}`);
    const what = [...(missing.length > 0 ? [`has no ${missing.join(", ")}`] : []), ...problems].join("; ");
    throw new ApiError(missing.length > 0 ? "not-found" : "invalid-response", `the instance's OpenAPI document ${documentUrl} ${what}; its paths for users, roles and assignments: ${candidates.length > 0 ? candidates.join(", ") : "none"}`, {
      endpoint: `GET ${new URL(documentUrl).pathname}`,
      hint: "the instance's API differs from what idsync reads (Runlayer does not publish these endpoints); report the paths above, with the instance's version, to the idsync maintainers",
    });
  }
  return { paths: chosen as RunlayerPaths, taken, unverified };
}
