/**
 * What the Runlayer connector proves on the instance before syncing, against the simulator over
 * loopback: the OpenAPI document (found, moved, absent, naming other paths or not the ones
 * idsync needs), the key header and its bearer fallback, and an https → http redirect behind a
 * TLS-terminating proxy.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";

import { exitCodeFor, isIdsyncError, type FetchLike } from "../../core/index.ts";
import { failedRunlayerSync, serveRunlayer, syncRunlayer } from "./_test-support.ts";

type LogLine = { level: string; msg: string } & Record<string, unknown>;

function logLines(log: string): LogLine[] {
  return log
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LogLine);
}

const said = (log: string, level: string, text: string): LogLine | undefined => logLines(log).find((line) => line.level === level && line.msg.includes(text));

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
    assert.deepEqual(warning?.["tried"], [`${served.origin}/openapi.json (404)`, `${served.origin}/api/v1/openapi.json (404)`]);
    assert.equal(warning?.["users"], "/users");
  });

  it("takes the trailing-slash paths the document names, so no request is redirected", async (t) => {
    const routes = { users: "/users/", roles: "/roles/", assignments: "/roles/assignments/" };
    const plain = await syncRunlayer(t);
    const slashed = await syncRunlayer(t, { simulator: { routes } });
    assert.deepEqual(listPathsAsked(slashed.served.simulator.stats().byPath), ["/api/v1/roles/", "/api/v1/roles/assignments/", "/api/v1/users/"]);
    assert.equal(slashed.reader.countGrants(slashed.syncId), plain.reader.countGrants(plain.syncId));
    assert.ok(said(slashed.log, "info", "using the list paths the instance's OpenAPI document names"));
  });

  it("takes other paths the document names unambiguously", async (t) => {
    const { served, reader, syncId, tenant } = await syncRunlayer(t, { simulator: { routes: { assignments: "/fga/role-assignments" } } });
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
    assert.match(error.message, /^GET \/users\/me returned 401 .*\(sent in x-runlayer-api-key, and again as Authorization: Bearer\)$/);
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
    assert.equal(error.message, `GET /api/v1/users was redirected from https to plain http (http://${FRONT_HOST}/api/v1/users/); idsync does not send the API key over plain http`);
    assert.match(error.hint ?? "", /trailing-slash spelling \(\/api\/v1\/users\/\).*X-Forwarded-Proto: https/);
    assert.equal(served.simulator.stats().byPath["/api/v1/users/"], undefined, "the redirect was not followed");
    assert.ok(!log.includes(served.tenant.adminKey));
  });

  it("needs no redirect at all when the document names the slash spelling", async (t) => {
    const served = await serveRunlayer(t, { routes: { users: "/users/" } });
    const { reader, syncId, tenant } = await syncRunlayer(t, { served, fetch: behindTlsProxy(served.origin), flags: { "base-url": `https://${FRONT_HOST}/api/v1` } });
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), tenant.users.length);
  });
});
