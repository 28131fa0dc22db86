/**
 * The explorer's HTTP surface over real HTTP on 127.0.0.1: the token, the Host check, GET
 * only, the security headers on every response, the page's static files and nothing else,
 * and failures as one JSON line.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { C1zReader } from "../core/index.ts";
import { BATON_EXPANDED, tempFolder, writeTenant } from "../review/_test-tenant.ts";
import { chooseSync } from "../review/index.ts";
import { API_ROUTES } from "./api.ts";
import { SECURITY_HEADERS, STALE_SESSION } from "./guard.ts";
import { STATIC_FILES, startExplorer, type RunningExplorer } from "./server.ts";
import { httpRequest, useExplorer, type Reply } from "./_test-support.ts";

const served = useExplorer(async (cleanups) => {
  const file = path.join(tempFolder(cleanups), "clockify.c1z");
  await writeTenant(file);
  return [file, BATON_EXPANDED];
});

const port = () => served().explorer.port;

function assertSecurityHeaders(reply: Reply, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    assert.equal(reply.headers[name], value, `${what}: ${name}`);
}

test("every API path needs the token as a Bearer header (or the session cookie): 401 without it, with a wrong one, or in the query", async () => {
  const { token, call, explorer } = served();
  for (const route of Object.keys(API_ROUTES)) {
    const target = `${route}?app=clockify&principal=user:u-alice&entitlement=role:r-admin:assigned`;
    const refused = [
      await httpRequest(explorer.origin, target),
      await httpRequest(explorer.origin, target, { token: `${token}x` }),
      await httpRequest(explorer.origin, target, { token: token.slice(1) }),
      await httpRequest(explorer.origin, target, { headers: { authorization: token } }),
      await httpRequest(explorer.origin, `${target}&token=${token}`),
      await httpRequest(explorer.origin, target, { headers: { cookie: `token=${token}` } }),
    ];
    for (const reply of refused) {
      assert.equal(reply.status, 401, `${route}: ${reply.body}`);
      assert.deepStrictEqual(JSON.parse(reply.body), {
        error: "this needs the token of the URL idsync explore printed",
      });
      assert.equal(reply.headers["www-authenticate"], 'Bearer realm="idsync explore"');
      assertSecurityHeaders(reply, `${route} 401`);
    }
    const allowed = await call(target);
    assert.notEqual(allowed.status, 401, `${route} answers with the token`);
  }
});

test("a Host header naming another server is refused with 403 before anything else (DNS rebinding)", async () => {
  const { call, explorer } = served();
  const refused = [
    `evil.example:${port()}`,
    `evil.example`,
    `127.0.0.1:${port() + 1}`,
    `localhost.evil.example:${port()}`,
    `127.0.0.1:${port()}@evil.example`,
  ];
  for (const host of refused) {
    for (const [target, method] of [
      ["/api/apps", "GET"],
      ["/", "GET"],
      ["/api/apps", "POST"],
    ] as const) {
      const reply = await call(target, { method, headers: { host } });
      assert.equal(reply.status, 403, `${host} ${method} ${target}`);
      assert.deepStrictEqual(JSON.parse(reply.body), { error: "the Host header does not name this server" });
      assertSecurityHeaders(reply, `403 for ${host}`);
    }
  }
  assert.equal((await call("/api/apps", { noHost: true })).status, 403, "no Host at all");
  for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LOCALHOST:${port()}`]) {
    assert.equal((await call("/api/apps", { headers: { host } })).status, 200, host);
  }
  assert.equal(explorer.origin, `http://127.0.0.1:${port()}`);
});

test("read-only: any method but GET is 405 and says GET is allowed", async () => {
  const { call } = served();
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]) {
    for (const target of ["/", "/api/apps", "/api/resources?app=clockify"]) {
      const reply = await call(target, { method });
      assert.equal(reply.status, 405, `${method} ${target}`);
      assert.equal(reply.headers.allow, "GET");
      assertSecurityHeaders(reply, `405 ${method}`);
      if (method !== "HEAD")
        assert.deepStrictEqual(JSON.parse(reply.body), { error: "the explorer is read-only: GET only" });
    }
  }
});

test("the page's files, from disk, with their content types and the security headers; no token needed", async () => {
  const folder = path.join(import.meta.dirname, "static");
  const types: Record<string, string> = {
    "/": "text/html; charset=utf-8",
    "/app.js": "text/javascript; charset=utf-8",
    "/render.js": "text/javascript; charset=utf-8",
    "/shared.js": "text/javascript; charset=utf-8",
    "/table.js": "text/javascript; charset=utf-8",
    "/review.js": "text/javascript; charset=utf-8",
    "/people.js": "text/javascript; charset=utf-8",
    "/roles.js": "text/javascript; charset=utf-8",
    "/changes.js": "text/javascript; charset=utf-8",
    "/app.css": "text/css; charset=utf-8",
    "/favicon.svg": "image/svg+xml",
    "/campaign.js": "text/javascript; charset=utf-8",
    "/campaign-kit.js": "text/javascript; charset=utf-8",
    "/campaign-items.js": "text/javascript; charset=utf-8",
    "/campaign.css": "text/css; charset=utf-8",
  };
  assert.deepStrictEqual(Object.keys(STATIC_FILES), Object.keys(types));
  for (const [target, type] of Object.entries(types)) {
    const reply = await httpRequest(served().explorer.origin, target);
    assert.equal(reply.status, 200, target);
    assert.equal(reply.headers["content-type"], type);
    assert.equal(reply.body, readFileSync(path.join(folder, STATIC_FILES[target]!.file), "utf8"));
    assertSecurityHeaders(reply, target);
  }
  const withToken = await httpRequest(served().explorer.origin, `/?token=${served().token}`);
  assert.equal(withToken.status, 303, "the printed URL redirects to the page without the token");
  assert.ok(!withToken.body.includes(served().token), "the page does not echo the token");
});

/** The `name=value` of a `Set-Cookie` answer, and its attributes. */
function cookieOf(reply: Reply): { pair: string; attributes: string[] } | undefined {
  const header = reply.headers["set-cookie"];
  const line = Array.isArray(header) ? header[0] : header;
  if (line === undefined) return undefined;
  const [pair, ...attributes] = line.split(";").map((part) => part.trim());
  return { pair: pair!, attributes };
}

test("the printed URL trades its token for an HttpOnly, SameSite=Strict cookie and redirects to a clean URL", async () => {
  const { explorer, token } = served();
  const opened = await httpRequest(explorer.origin, `/?token=${token}`);
  assert.equal(opened.status, 303);
  assert.equal(opened.headers.location, "/", "the address bar, history and copied links lose the token");
  assertSecurityHeaders(opened, "the redirect");
  const cookie = cookieOf(opened);
  assert.ok(cookie, "a session cookie is set");
  assert.match(
    cookie.pair,
    new RegExp(`^idsync-explore-${port()}=[A-Za-z0-9_-]{43}$`),
    "named after the port; a secret of its own",
  );
  assert.ok(!cookie.pair.includes(token), "the cookie does not carry the printed token");
  assert.deepStrictEqual(cookie.attributes.sort(), ["HttpOnly", "Path=/", "SameSite=Strict"]);

  // The cookie alone opens the API, as a new tab of the same browser would send it.
  const withCookie = await httpRequest(explorer.origin, "/api/apps", {
    headers: { cookie: `other=1; ${cookie.pair}` },
  });
  assert.equal(withCookie.status, 200, withCookie.body);
  const [name, value] = cookie.pair.split("=") as [string, string];
  const refused = [
    { cookie: `${name}=${value}x` },
    { cookie: `${name}=${token}` },
    { cookie: `idsync-explore-${port() + 1}=${value}` },
    { cookie: `${name}=` },
  ];
  for (const headers of refused)
    assert.equal((await httpRequest(explorer.origin, "/api/apps", { headers })).status, 401, JSON.stringify(headers));
  assert.equal((await httpRequest(explorer.origin, "/api/apps")).status, 401, "no token, no cookie: refused");

  // A wrong token in the URL sets nothing.
  const wrong = await httpRequest(explorer.origin, `/?token=${token}x`);
  assert.equal(wrong.status, 303);
  assert.equal(cookieOf(wrong), undefined);
  const cookieOnWrongHost = await httpRequest(explorer.origin, "/api/apps", {
    headers: { cookie: cookie.pair, host: `evil.example:${port()}` },
  });
  assert.equal(cookieOnWrongHost.status, 403, "the Host check comes first, cookie or not");
});

test("API answers carry the security headers and JSON's content type", async () => {
  for (const target of ["/api/apps", "/api/resources?app=clockify", "/api/diff?app=clockify", "/api/nothing"]) {
    const reply = await served().call(target);
    assert.equal(reply.headers["content-type"], "application/json; charset=utf-8", target);
    assertSecurityHeaders(reply, target);
  }
});

test("only the page's files are served: other paths, traversals included, are 404", async () => {
  for (const target of [
    "/index.html",
    "/static/app.js",
    "/app.js/",
    "/../package.json",
    "/%2e%2e/server.ts",
    "/server.ts",
    "/favicon.ico",
    "/api",
    "//app.js",
  ]) {
    const reply = await served().call(target);
    assert.equal(reply.status, 404, `${target}: ${reply.body}`);
    assert.ok(typeof (JSON.parse(reply.body) as { error: unknown }).error === "string");
    assertSecurityHeaders(reply, target);
  }
  const absolute = await served().call("http://evil.example/app.js");
  assert.deepStrictEqual([absolute.status, JSON.parse(absolute.body)], [400, { error: "unreadable request target" }]);
});

test("the token never leaves the server: not in any answer, error or header", async () => {
  const { call, token } = served();
  const targets = [
    "/",
    "/app.js",
    `/?token=${token}`,
    `/nothing?token=${token}`,
    `/api/nothing?token=${token}`,
    ...Object.keys(API_ROUTES).map(
      (route) => `${route}?app=clockify&principal=user:u-alice&entitlement=role:r-admin:assigned`,
    ),
    `/api/resources?app=${token}`,
    `/api/access?app=clockify&principal=${token}`,
  ];
  for (const target of targets) {
    for (const options of [
      {},
      { token: undefined },
      { headers: { host: `evil.example:${port()}` } },
      { method: "POST" },
    ]) {
      const reply = await call(target, options);
      const everything = `${reply.body}\n${JSON.stringify(reply.headers)}`;
      assert.ok(!everything.includes(token), `${target} ${JSON.stringify(options)} answered with the token`);
    }
  }
});

test("an unexpected failure is a 500 with one generic line, and the error goes to onError", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "clockify.c1z");
  await writeTenant(file);
  const reader = await C1zReader.open(file);
  const errors: unknown[] = [];
  const explorer = await startExplorer([{ app: "clockify", file, reader, sync: chooseSync(reader).run }], {
    token: "a-token-for-this-test-only",
    onError: (error) => errors.push(error),
  });
  t.after(() => explorer.close());
  // A bug: an error nobody classified.
  const countResources = reader.countResources.bind(reader);
  reader.countResources = () => {
    throw new Error("a bug in a listing");
  };
  const reply = await httpRequest(explorer.origin, "/api/resources", { token: "a-token-for-this-test-only" });
  assert.equal(reply.status, 500);
  assert.deepStrictEqual(JSON.parse(reply.body), {
    error: "internal error; the terminal running idsync explore says more",
  });
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /a bug in a listing/);

  // The file goes away under the server: the reader's own typed line, naming the file.
  reader.countResources = countResources;
  reader.close();
  const closed = await httpRequest(explorer.origin, "/api/resources", { token: "a-token-for-this-test-only" });
  assert.equal(closed.status, 500);
  assert.deepStrictEqual(JSON.parse(closed.body), { error: `${file}: the c1z reader is closed` });
  assert.equal(errors.length, 2);
});

test("close() stops listening and drops open connections", async (t) => {
  const file = path.join(tempFolder(t), "clockify.c1z");
  await writeTenant(file);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const explorer = await startExplorer([{ app: "clockify", file, reader, sync: chooseSync(reader).run }]);
  assert.match(explorer.url, new RegExp(`^http://127\\.0\\.0\\.1:${explorer.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  assert.equal((await httpRequest(explorer.origin, "/")).status, 200);
  await explorer.close();
  await explorer.close(); // twice is fine
  await assert.rejects(httpRequest(explorer.origin, "/"), /ECONNREFUSED/);
});

test("two explorers at once keep their sessions apart; a restarted one refuses the old cookie, saying to open the new URL", async (t) => {
  const file = path.join(tempFolder(t), "clockify.c1z");
  await writeTenant(file);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const start = (port = 0) =>
    startExplorer([{ app: "clockify", file, reader, sync: chooseSync(reader).run }], { port });
  const signIn = async (explorer: RunningExplorer): Promise<string> =>
    cookieOf(await httpRequest(explorer.origin, new URL(explorer.url).pathname + new URL(explorer.url).search))!.pair;
  const apps = (explorer: RunningExplorer, cookie: string) =>
    httpRequest(explorer.origin, "/api/apps", { headers: { cookie } });

  const first = await start();
  const second = await start();
  t.after(() => second.close());
  // A browser sends every cookie of the host to each port: each explorer reads its own.
  const both = `${await signIn(first)}; ${await signIn(second)}`;
  assert.equal((await apps(first, both)).status, 200);
  assert.equal((await apps(second, both)).status, 200);

  await first.close();
  const restarted = await start(first.port);
  t.after(() => restarted.close());
  const stale = await apps(restarted, both);
  assert.equal(stale.status, 401);
  assert.deepStrictEqual(JSON.parse(stale.body), { error: STALE_SESSION });
  assert.match(STALE_SESSION, /earlier run of idsync explore on this port.*open the URL it printed this time/);
  assert.deepStrictEqual(
    JSON.parse((await httpRequest(restarted.origin, "/api/apps")).body),
    { error: "this needs the token of the URL idsync explore printed" },
    "no cookie: the plain refusal",
  );
  assert.equal((await apps(second, both)).status, 200, "the other explorer is unaffected");
  // Its new URL replaces the cookie, as the browser would.
  const renewed = await signIn(restarted);
  assert.equal(renewed.split("=")[0], both.split("=")[0], "the same name: the new cookie takes the old one's place");
  assert.equal((await apps(restarted, renewed)).status, 200);
});
