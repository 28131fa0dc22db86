/**
 * @module
 * The OpenAPI document a Runlayer instance serves about itself, as FastAPI generates one: every
 * FastAPI app serves it, at `/openapi.json` by default (`openapi_url`, FastAPI's reference for the
 * `FastAPI` class) or wherever the app puts it, e.g. under `/api/v1` as FastAPI's full-stack
 * template does (fastapi/full-stack-fastapi-template `backend/app/main.py`). Its form is
 * FastAPI's: OpenAPI 3.1, one operation per path and method with `operationId`, query
 * parameters with Pydantic schemas, `{$ref}` responses into `components.schemas`, nullable
 * fields as `anyOf [type, null]`, and the 422 `HTTPValidationError`.
 *
 * The paths are the ones this simulator serves (which may be told to differ from idsync's
 * assumptions), and the schemas describe exactly the JSON it sends. ASSUMPTION: Runlayer's real
 * titles, operation ids and schema names are unknown; these follow FastAPI's defaults.
 */

import type { RunlayerRoutes } from "./api.ts";
import { MAX_LIMIT, DEFAULT_LIMIT } from "./paging.ts";
import { ROLE_KEYS } from "./tenant-types.ts";

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Json, title: string): Json => ({ anyOf: [schema, { type: "null" }], title });
const titled = (schema: Json, title: string): Json => ({ ...schema, title });

/** `{data: [item], count}`, as FastAPI's template names such envelopes (`UsersPublic`). */
function envelope(item: string): Json {
  return {
    properties: {
      data: titled({ items: ref(item), type: "array" }, "Data"),
      count: titled({ type: "integer" }, "Count"),
    },
    type: "object",
    required: ["data", "count"],
    title: `${item.replace(/Public$/, "")}sPublic`,
  };
}

const SCHEMAS: Json = {
  UserPublic: {
    properties: {
      id: titled({ type: "string", format: "uuid" }, "Id"),
      email: titled({ type: "string", format: "email" }, "Email"),
      full_name: nullable({ type: "string" }, "Full Name"),
      is_active: titled({ type: "boolean", default: true }, "Is Active"),
      created_at: nullable({ type: "string", format: "date-time" }, "Created At"),
      last_login_at: nullable({ type: "string", format: "date-time" }, "Last Login At"),
      roles: titled({ items: ref("RoleKey"), type: "array" }, "Roles"),
    },
    type: "object",
    required: ["id", "email"],
    title: "UserPublic",
  },
  UsersPublic: envelope("UserPublic"),
  RoleKey: { type: "string", enum: [...ROLE_KEYS], title: "RoleKey" },
  RoleScope: { type: "string", enum: ["organization", "server"], title: "RoleScope" },
  RolePublic: {
    properties: {
      id: titled({ type: "string", format: "uuid" }, "Id"),
      key: ref("RoleKey"),
      name: titled({ type: "string" }, "Name"),
      description: nullable({ type: "string" }, "Description"),
      capabilities: titled({ items: { type: "string" }, type: "array" }, "Capabilities"),
      scope: ref("RoleScope"),
    },
    type: "object",
    required: ["id", "key", "name", "capabilities", "scope"],
    title: "RolePublic",
  },
  RolesPublic: envelope("RolePublic"),
  RoleAssignmentPublic: {
    properties: {
      user_id: titled({ type: "string", format: "uuid" }, "User Id"),
      role: ref("RoleKey"),
      scope_type: ref("RoleScope"),
      scope_id: nullable({ type: "string", format: "uuid" }, "Scope Id"),
    },
    type: "object",
    required: ["user_id", "role", "scope_type"],
    title: "RoleAssignmentPublic",
  },
  RoleAssignmentsPublic: envelope("RoleAssignmentPublic"),
  ServerPublic: {
    properties: { id: titled({ type: "string", format: "uuid" }, "Id"), name: titled({ type: "string" }, "Name") },
    type: "object",
    required: ["id", "name"],
    title: "ServerPublic",
  },
  ServersPublic: envelope("ServerPublic"),
  ValidationError: {
    properties: {
      loc: titled({ items: { anyOf: [{ type: "string" }, { type: "integer" }] }, type: "array" }, "Location"),
      msg: titled({ type: "string" }, "Message"),
      type: titled({ type: "string" }, "Error Type"),
    },
    type: "object",
    required: ["loc", "msg", "type"],
    title: "ValidationError",
  },
  HTTPValidationError: {
    properties: { detail: titled({ items: ref("ValidationError"), type: "array" }, "Detail") },
    type: "object",
    title: "HTTPValidationError",
  },
};

function query(name: string, schema: Json): Json {
  return { name, in: "query", required: false, schema };
}

const PAGING = [
  query("skip", { type: "integer", minimum: 0, default: 0, title: "Skip" }),
  query("limit", { type: "integer", maximum: MAX_LIMIT, minimum: 1, default: DEFAULT_LIMIT, title: "Limit" }),
];

/** One GET operation the way FastAPI words it: summary from the function name, 200 and, with parameters, 422. */
function get(tag: string, name: string, response: string, parameters: Json[] = []): Json {
  const summary = name
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
  const responses: Json = {
    "200": { description: "Successful Response", content: { "application/json": { schema: ref(response) } } },
  };
  if (parameters.length > 0)
    responses["422"] = {
      description: "Validation Error",
      content: { "application/json": { schema: ref("HTTPValidationError") } },
    };
  return {
    get: {
      tags: [tag],
      summary,
      operationId: `${tag}-${name}`,
      security: [{ APIKeyHeader: [] }, { HTTPBearer: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      responses,
    },
  };
}

/** The document, with every path under `basePath` as the instance spells it. */
export function openApiDocument(basePath: string, routes: RunlayerRoutes): Json {
  const userIdParam = {
    name: "user_id",
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid", title: "User Id" },
  };
  return {
    openapi: "3.1.0",
    info: { title: "Runlayer", version: "1.0.0" },
    paths: {
      [`${basePath}/users/me`]: get("users", "read_user_me", "UserPublic"),
      [`${basePath}${routes.users}`]: get("users", "read_users", "UsersPublic", PAGING),
      [`${basePath}/users/{user_id}/roles`]: get("users", "read_user_roles", "RoleAssignmentsPublic", [
        userIdParam,
        ...PAGING,
      ]),
      [`${basePath}${routes.roles}`]: get("roles", "read_roles", "RolesPublic", PAGING),
      [`${basePath}${routes.assignments}`]: get("roles", "read_role_assignments", "RoleAssignmentsPublic", [
        query("role", nullable(ref("RoleKey"), "Role")),
        query("user_id", nullable({ type: "string", format: "uuid" }, "User Id")),
        ...PAGING,
      ]),
      [`${basePath}/servers`]: get("servers", "read_servers", "ServersPublic", [
        query("scope", { type: "string", default: "accessible", title: "Scope" }),
        ...PAGING,
      ]),
    },
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        APIKeyHeader: { type: "apiKey", in: "header", name: "x-runlayer-api-key" },
        HTTPBearer: { type: "http", scheme: "bearer" },
      },
    },
  };
}
