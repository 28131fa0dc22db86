/**
 * The OpenAPI check on a document in FastAPI's form (recorded/openapi.json, see its README),
 * and on variations of it: other paths, missing paths, ambiguous ones, missing fields.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ApiError, exitCodeFor } from "../../core/index.ts";
import recorded from "./recorded/openapi.json" with { type: "json" };
import { ASSUMED_PATHS } from "./client.ts";
import { checkOpenApi, isOpenApiDocument } from "./openapi.ts";

type Json = Record<string, unknown>;

const URL_OF_DOCUMENT = "https://acme.runlayer.com/openapi.json";

/** A fresh copy of the recorded document, with `edit` applied to its paths. */
function documentWith(edit: (paths: Json, schemas: Json) => void = () => undefined): Json {
  const copy = structuredClone(recorded) as unknown as { paths: Json; components: { schemas: Json } };
  edit(copy.paths, copy.components.schemas);
  return copy as unknown as Json;
}

function rename(paths: Json, from: string, to: string): void {
  paths[to] = paths[from];
  delete paths[from];
}

function failure(document: Json, basePath = "/api/v1"): ApiError {
  try {
    checkOpenApi(document, basePath, ASSUMED_PATHS, URL_OF_DOCUMENT);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  assert.fail("the check passed");
}

describe("Runlayer OpenAPI check", () => {
  it("recognises an OpenAPI document, and not a proxy's JSON", () => {
    assert.equal(isOpenApiDocument(recorded), true);
    assert.equal(isOpenApiDocument({ detail: "Not Found" }), false);
    assert.equal(isOpenApiDocument([]), false);
  });

  it("takes the document's trailing-slash spelling of the assumed paths, so no redirect is needed", () => {
    const checked = checkOpenApi(documentWith(), "/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT);
    assert.deepEqual(checked.paths, { users: "/users/", roles: "/roles/", assignments: "/roles/assignments/" });
    assert.deepEqual(checked.taken, ["users: /api/v1/users/", "roles: /api/v1/roles/", "assignments: /api/v1/roles/assignments/"]);
    assert.deepEqual(checked.unverified, []);
  });

  it("keeps the assumed spelling when the document has it", () => {
    const document = documentWith((paths) => {
      for (const path of ["/api/v1/users/", "/api/v1/roles/", "/api/v1/roles/assignments/"]) rename(paths, path, path.replace(/\/$/, ""));
    });
    const checked = checkOpenApi(document, "/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT);
    assert.deepEqual(checked.paths, ASSUMED_PATHS);
    assert.deepEqual(checked.taken, []);
  });

  it("takes other paths when the document names one collection for each list unambiguously", () => {
    const document = documentWith((paths) => {
      rename(paths, "/api/v1/users/", "/api/v1/admin/users");
      rename(paths, "/api/v1/roles/", "/api/v1/fga/roles");
      rename(paths, "/api/v1/roles/assignments/", "/api/v1/fga/role-assignments");
    });
    const checked = checkOpenApi(document, "/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT);
    assert.deepEqual(checked.paths, { users: "/admin/users", roles: "/fga/roles", assignments: "/fga/role-assignments" });
  });

  it("reads paths under a proxy's prefix, whether or not the document carries the prefix", () => {
    const prefixed = documentWith((paths) => {
      for (const path of Object.keys(paths)) rename(paths, path, `/runlayer${path}`);
    });
    assert.equal(checkOpenApi(prefixed, "/runlayer/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT).paths.users, "/users/");
    assert.equal(checkOpenApi(documentWith(), "/runlayer/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT).paths.users, "/users/");
  });

  it("fails before syncing with one line naming the missing path and the candidates, exit code 5", () => {
    const error = failure(documentWith((paths) => rename(paths, "/api/v1/users/", "/api/v1/members/")));
    assert.equal(error.kind, "not-found");
    assert.equal(exitCodeFor(error), 5);
    assert.equal(
      error.message,
      `the instance's OpenAPI document ${URL_OF_DOCUMENT} has no GET /api/v1/users; its paths for users, roles and assignments: /api/v1/users/me, /api/v1/users/{user_id}, /api/v1/roles/, /api/v1/roles/assignments/`,
    );
    assert.ok(!error.message.includes("\n"));
    assert.match(error.hint ?? "", /report the paths above/);
  });

  it("names every missing path in the one message, and says when a guess would be ambiguous", () => {
    const error = failure(
      documentWith((paths) => {
        rename(paths, "/api/v1/users/", "/api/v1/admin/users");
        paths["/api/v1/scim/v2/users"] = paths["/api/v1/admin/users"];
        delete paths["/api/v1/roles/assignments/"];
      }),
    );
    assert.match(error.message, /has no GET \/api\/v1\/users \(more than one could be it: \/api\/v1\/admin\/users, \/api\/v1\/scim\/v2\/users\), GET \/api\/v1\/roles\/assignments;/);
  });

  it("fails when an item lacks a field idsync cannot do without, or the list cannot be paged", () => {
    const noId = failure(documentWith((_paths, schemas) => delete (schemas["UserPublic"] as { properties: Json }).properties["id"]));
    assert.equal(noId.kind, "invalid-response");
    assert.match(noId.message, /GET \/api\/v1\/users\/ answers items without id;/);
    const noRoleKey = failure(
      documentWith((_paths, schemas) => {
        const properties = (schemas["RolePublic"] as { properties: Json }).properties;
        delete properties["key"];
      }),
    );
    assert.match(noRoleKey.message, /GET \/api\/v1\/roles\/ answers items without key or id/);
    const unpaged = failure(documentWith((paths) => ((paths["/api/v1/roles/"] as { get: Json }).get["parameters"] = [])));
    assert.match(unpaged.message, /GET \/api\/v1\/roles\/ takes no skip or limit parameter, so idsync cannot page it/);
    const notAList = failure(documentWith((paths) => ((paths["/api/v1/users/"] as { get: Json }).get["responses"] = (paths["/api/v1/users/me"] as { get: Json }).get["responses"])));
    assert.match(notAList.message, /GET \/api\/v1\/users\/ does not answer a list/);
  });

  it("logs, without failing, what the document does not prove", () => {
    const document = documentWith((paths, schemas) => {
      delete (schemas["UserPublic"] as { properties: Json }).properties["last_login_at"];
      ((paths["/api/v1/roles/"] as { get: { responses: Record<string, Json> } }).get.responses["200"] as Json)["content"] = { "application/json": { schema: {} } };
      const assignments = (paths["/api/v1/roles/assignments/"] as { get: { parameters: Json[] } }).get;
      assignments.parameters = assignments.parameters.filter((parameter) => parameter["name"] !== "role");
    });
    const checked = checkOpenApi(document, "/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT);
    assert.deepEqual(checked.unverified, [
      "GET /api/v1/users/ lists no last_login_at (read when present)",
      "the fields of GET /api/v1/roles/ (the document gives no item schema)",
      "GET /api/v1/roles/assignments/ declares no role filter (each role's holders are picked from the whole list)",
    ]);
  });
});
