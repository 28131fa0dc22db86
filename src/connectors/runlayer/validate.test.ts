/**
 * What the Runlayer connector proves on the instance before syncing. Against the simulator over
 * loopback: the OpenAPI document (found, moved, absent, naming other paths or not the ones
 * idsync needs), the key header and its bearer fallback, and an https → http redirect behind a
 * TLS-terminating proxy. And the OpenAPI check alone, on a document in FastAPI's form
 * (recorded/openapi.json, see its README) and on variations of it: other paths, missing paths,
 * ambiguous ones, missing fields.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";

import { ApiError, exitCodeFor, isIdsyncError, type FetchLike } from "../../core/index.ts";
import recorded from "./recorded/openapi.json" with { type: "json" };
import { ASSUMED_PATHS } from "./client.ts";
import { failedRunlayerSync, serveRunlayer, syncRunlayer } from "./_test-support.ts";
import { checkOpenApi, isOpenApiDocument } from "./validate.ts";

type LogLine = { level: string; msg: string } & Record<string, unknown>;

function logLines(log: string): LogLine[] {
  return log
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LogLine);
}

const said = (log: string, level: string, text: string): LogLine | undefined =>
  logLines(log).find((line) => line.level === level && line.msg.includes(text));

/** The list paths the simulator was asked for, sorted. */
function listPathsAsked(byPath: Record<string, number>): string[] {
  return Object.keys(byPath)
    .filter((path) => !path.endsWith("/me") && !path.endsWith("openapi.json"))
    .sort();
}

const FRONT_HOST = "runlayer.test";

/**
 * A TLS-terminating proxy in front of the simulator: `https://runlayer.test` is forwarded over
 * loopback, and the app, seeing plain http and the Host the proxy passed on, builds its
 * redirects' absolute Location as `http://runlayer.test/…`. Any request to another origin is
 * refused, so a key sent over plain http would show.
 */
function behindTlsProxy(origin: string): FetchLike {
  const front = `https://${FRONT_HOST}`;
  return async (input, init) => {
    if (input.origin !== front) throw new Error(`the proxy serves only ${front}, not ${input.origin}`);
    const response = await fetch(new URL(`${input.pathname}${input.search}`, origin), { ...init, redirect: "manual" });
    const location = response.headers.get("location");
    if (location === null) return response;
    const headers = new Headers(response.headers);
    headers.set("location", location.replace(origin, `http://${FRONT_HOST}`));
    return new Response(response.body, { status: response.status, headers });
  };
}

describe("Runlayer validation: the instance's OpenAPI document", () => {
  it("reads it at the instance root and says the lists are proved", async (t) => {
    const { log, served } = await syncRunlayer(t);
    const proved = said(log, "info", "OpenAPI document lists the users, roles and assignments");
    assert.equal(proved?.["document"], `${served.origin}/openapi.json`);
    assert.equal(said(log, "warn", "unverified"), undefined);
  });

  it("finds it under /api/v1 when the instance serves it there", async (t) => {
    const { log, served } = await syncRunlayer(t, { simulator: { openapi: "api" } });
    assert.equal(said(log, "info", "OpenAPI document lists")?.["document"], `${served.origin}/api/v1/openapi.json`);
  });

  it("goes on with the assumed paths, and logs them as unverified, when there is no document", async (t) => {
    const { log, served, reader, syncId, tenant } = await syncRunlayer(t, { simulator: { openapi: "none" } });
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), tenant.users.length);
    const warning = said(log, "warn", "no readable OpenAPI document");
    assert.deepEqual(warning?.["tried"], [
      `${served.origin}/openapi.json (404)`,
      `${served.origin}/api/v1/openapi.json (404)`,
    ]);
    assert.equal(warning?.["users"], "/users");
  });

  it("takes the trailing-slash paths the document names, so no request is redirected", async (t) => {
    const routes = { users: "/users/", roles: "/roles/", assignments: "/roles/assignments/" };
    const plain = await syncRunlayer(t);
    const slashed = await syncRunlayer(t, { simulator: { routes } });
    assert.deepEqual(listPathsAsked(slashed.served.simulator.stats().byPath), [
      "/api/v1/roles/",
      "/api/v1/roles/assignments/",
      "/api/v1/users/",
    ]);
    assert.equal(slashed.reader.countGrants(slashed.syncId), plain.reader.countGrants(plain.syncId));
    assert.ok(said(slashed.log, "info", "using the list paths the instance's OpenAPI document names"));
  });

  it("takes other paths the document names unambiguously", async (t) => {
    const { served, reader, syncId, tenant } = await syncRunlayer(t, {
      simulator: { routes: { assignments: "/fga/role-assignments" } },
    });
    assert.ok(listPathsAsked(served.simulator.stats().byPath).includes("/api/v1/fga/role-assignments"));
    assert.equal(reader.countGrants(syncId), new Set(tenant.assignments.map((a) => `${a.role}|${a.user_id}`)).size);
  });

  it("fails before syncing, naming the missing path and the candidates, when the document lacks a list", async (t) => {
    const { error, served, file } = await failedRunlayerSync(t, { simulator: { routes: { users: "/members" } } });
    assert.ok(isIdsyncError(error));
    assert.equal(exitCodeFor(error), 5);
    assert.equal(
      error.message,
      `the instance's OpenAPI document ${served.origin}/openapi.json has no GET /api/v1/users; its paths for users, roles and assignments: /api/v1/users/me, /api/v1/users/{user_id}/roles, /api/v1/roles, /api/v1/roles/assignments`,
    );
    assert.deepEqual(listPathsAsked(served.simulator.stats().byPath), [], "no list was read");
    assert.ok(!existsSync(file), "no file written");
  });
});

describe("Runlayer validation: the key header", () => {
  it("sends x-runlayer-api-key and says it was accepted", async (t) => {
    const { log } = await syncRunlayer(t);
    assert.ok(said(log, "info", "accepted the API key in the x-runlayer-api-key header"));
  });

  it("tries Authorization: Bearer once when the instance refuses the header, and says that worked", async (t) => {
    const { log, reader, syncId, tenant } = await syncRunlayer(t, { simulator: { auth: "bearer" } });
    assert.ok(said(log, "info", "accepted it as Authorization: Bearer"));
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), tenant.users.length);
  });

  it("says both forms were refused for a wrong key, without the key", async (t) => {
    const served = await serveRunlayer(t);
    const wrong = "rl_wrong_key_0123456789";
    const { error, log } = await failedRunlayerSync(t, { served, flags: { "api-key": wrong } });
    assert.ok(isIdsyncError(error));
    assert.equal(exitCodeFor(error), 3);
    assert.match(
      error.message,
      /^GET \/users\/me returned 401 .*\(sent in x-runlayer-api-key, and again as Authorization: Bearer\)$/,
    );
    assert.equal(served.simulator.stats().byPath["/api/v1/users/me"], 2, "one try each way");
    assert.ok(!error.message.includes(wrong) && !log.includes(wrong));
  });
});

describe("Runlayer validation: an https → http redirect behind a TLS proxy", () => {
  it("fails at once saying the key is not sent over plain http, and what to fix", async (t) => {
    const served = await serveRunlayer(t, { routes: { users: "/users/" }, openapi: "none" });
    const { error, log } = await failedRunlayerSync(t, {
      served,
      fetch: behindTlsProxy(served.origin),
      flags: { "base-url": `https://${FRONT_HOST}/api/v1` },
    });
    assert.ok(isIdsyncError(error));
    assert.equal(error.kind, "fatal");
    assert.equal(exitCodeFor(error), 5);
    assert.equal(
      error.message,
      `GET /api/v1/users was redirected from https to plain http (http://${FRONT_HOST}/api/v1/users/); idsync does not send the API key over plain http`,
    );
    assert.match(error.hint ?? "", /trailing-slash spelling \(\/api\/v1\/users\/\).*X-Forwarded-Proto: https/);
    assert.equal(served.simulator.stats().byPath["/api/v1/users/"], undefined, "the redirect was not followed");
    assert.ok(!log.includes(served.tenant.adminKey));
  });

  it("needs no redirect at all when the document names the slash spelling", async (t) => {
    const served = await serveRunlayer(t, { routes: { users: "/users/" } });
    const { reader, syncId, tenant } = await syncRunlayer(t, {
      served,
      fetch: behindTlsProxy(served.origin),
      flags: { "base-url": `https://${FRONT_HOST}/api/v1` },
    });
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), tenant.users.length);
  });
});

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
    assert.deepEqual(checked.taken, [
      "users: /api/v1/users/",
      "roles: /api/v1/roles/",
      "assignments: /api/v1/roles/assignments/",
    ]);
    assert.deepEqual(checked.unverified, []);
  });

  it("keeps the assumed spelling when the document has it", () => {
    const document = documentWith((paths) => {
      for (const path of ["/api/v1/users/", "/api/v1/roles/", "/api/v1/roles/assignments/"])
        rename(paths, path, path.replace(/\/$/, ""));
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
    assert.deepEqual(checked.paths, {
      users: "/admin/users",
      roles: "/fga/roles",
      assignments: "/fga/role-assignments",
    });
  });

  it("reads paths under a proxy's prefix, whether or not the document carries the prefix", () => {
    const prefixed = documentWith((paths) => {
      for (const path of Object.keys(paths)) rename(paths, path, `/runlayer${path}`);
    });
    assert.equal(checkOpenApi(prefixed, "/runlayer/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT).paths.users, "/users/");
    assert.equal(
      checkOpenApi(documentWith(), "/runlayer/api/v1", ASSUMED_PATHS, URL_OF_DOCUMENT).paths.users,
      "/users/",
    );
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
    assert.match(
      error.message,
      /has no GET \/api\/v1\/users \(more than one could be it: \/api\/v1\/admin\/users, \/api\/v1\/scim\/v2\/users\), GET \/api\/v1\/roles\/assignments;/,
    );
  });

  it("fails when an item lacks a field idsync cannot do without, or the list cannot be paged", () => {
    const noId = failure(
      documentWith((_paths, schemas) => delete (schemas["UserPublic"] as { properties: Json }).properties["id"]),
    );
    assert.equal(noId.kind, "invalid-response");
    assert.match(noId.message, /GET \/api\/v1\/users\/ answers items without id;/);
    const noRoleKey = failure(
      documentWith((_paths, schemas) => {
        const properties = (schemas["RolePublic"] as { properties: Json }).properties;
        delete properties["key"];
      }),
    );
    assert.match(noRoleKey.message, /GET \/api\/v1\/roles\/ answers items without key or id/);
    const unpaged = failure(
      documentWith((paths) => ((paths["/api/v1/roles/"] as { get: Json }).get["parameters"] = [])),
    );
    assert.match(unpaged.message, /GET \/api\/v1\/roles\/ takes no skip or limit parameter, so idsync cannot page it/);
    const notAList = failure(
      documentWith(
        (paths) =>
          ((paths["/api/v1/users/"] as { get: Json }).get["responses"] = (
            paths["/api/v1/users/me"] as { get: Json }
          ).get["responses"]),
      ),
    );
    assert.match(notAList.message, /GET \/api\/v1\/users\/ does not answer a list/);
  });

  it("logs, without failing, what the document does not prove", () => {
    const document = documentWith((paths, schemas) => {
      delete (schemas["UserPublic"] as { properties: Json }).properties["last_login_at"];
      ((paths["/api/v1/roles/"] as { get: { responses: Record<string, Json> } }).get.responses["200"] as Json)[
        "content"
      ] = { "application/json": { schema: {} } };
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
