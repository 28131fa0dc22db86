import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { afterEach, describe, it } from "node:test";
import { _clearSecretsForTests, createLogger, type Logger } from "../log/index.ts";
import { HttpClient, basicAuth, headerAuth, type AuthStrategy } from "./index.ts";
import { failure, instant, script, startServer } from "./_test-support.ts";

afterEach(() => _clearSecretsForTests());

function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", format: "json", stream }), lines };
}

describe("HttpClient keeps secrets secret", () => {
  const cases: [string, () => AuthStrategy, string][] = [
    ["X-Api-Key", () => headerAuth("X-Api-Key", "ck_live_5b1f0c9e2d7a4b3c"), "ck_live_5b1f0c9e2d7a4b3c"],
    ["Basic", () => basicAuth("key-id-1", "env0-secret-9f8e7d6c"), "env0-secret-9f8e7d6c"],
  ];
  for (const [name, auth, secret] of cases) {
    it(`a ${name} credential echoed by the server appears in no error or log line`, async (t) => {
      // The server echoes back every header it received, the credential included, on a 401 and
      // then on a 429 (so the retry warning is exercised too).
      const server = await startServer(t, (req, res, index) => {
        const echo = JSON.stringify({
          message: `key ${req.headers["x-api-key"] ?? req.headers.authorization} rejected`,
          headers: req.headers,
        });
        res.writeHead(index === 0 ? 429 : 401, {
          "content-type": "application/json",
          "x-echo": String(req.headers["x-api-key"] ?? req.headers.authorization),
        });
        res.end(echo);
      });
      const { logger, lines } = captureLogger();
      const api = new HttpClient({ baseUrl: server.origin, auth: auth(), logger, ...instant() });
      const error = await failure(api.getJson("/user", { query: { api_key: secret } }));
      assert.equal(error.kind, "unauthenticated");
      const basic = Buffer.from(`key-id-1:${secret}`).toString("base64");
      const everything = [error.message, error.stack, error.body, error.hint, JSON.stringify(error), ...lines].join(
        "\n",
      );
      assert.ok(!everything.includes(secret), "secret leaked");
      assert.ok(!everything.includes(basic), "basic header leaked");
      assert.match(error.message, /\[REDACTED\]/);
      assert.ok(lines.some((line) => line.includes('"msg":"retrying request"')));
      assert.ok(lines.some((line) => line.includes('"msg":"http request"')));
    });
  }

  it("logs method, path, status, duration and attempt — never headers or secret query values", async (t) => {
    const server = await startServer(t, script({ status: 200, body: [] }));
    const { logger, lines } = captureLogger();
    const api = new HttpClient({
      baseUrl: `${server.origin}/api/v1`,
      auth: headerAuth("x-runlayer-api-key", "rl_org_abcdef123"),
      logger,
      ...instant(),
    });
    await api.getJson("/users", { query: { skip: 0, limit: 100, token: "unregistered-token" } });
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.msg, "http request");
    assert.equal(line.method, "GET");
    assert.equal(line.path, "/api/v1/users");
    assert.equal(line.query, "skip=0&limit=100&token=[REDACTED]");
    assert.equal(line.status, 200);
    assert.equal(line.attempt, 1);
    assert.equal(typeof line.durationMs, "number");
    assert.doesNotMatch(lines[0]!, /rl_org|unregistered-token|x-runlayer-api-key/);
  });
});

describe("HttpClient redirects", () => {
  it("keeps the credential on a same-origin redirect", async (t) => {
    const server = await startServer(t, (req, res) => {
      if (req.url === "/api/v1/users") {
        res.writeHead(307, { location: "/api/v1/users/" }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [], count: 0 }));
    });
    const api = new HttpClient({
      baseUrl: `${server.origin}/api/v1`,
      auth: headerAuth("x-runlayer-api-key", "rl_abcdef123"),
      ...instant(),
    });
    const res = await api.getJson("/users");
    assert.equal(res.url, `${server.origin}/api/v1/users/`);
    assert.deepEqual(
      server.requests.map((r) => [r.url, r.headers["x-runlayer-api-key"]]),
      [
        ["/api/v1/users", "rl_abcdef123"],
        ["/api/v1/users/", "rl_abcdef123"],
      ],
    );
    assert.equal(api.stats.requests, 2);
  });

  it("drops every credential on a redirect to another origin", async (t) => {
    const elsewhere = await startServer(t, script({ status: 200, body: { ok: true } }));
    const api1 = await startServer(t, script({ status: 302, headers: { location: `${elsewhere.origin}/landing` } }));
    for (const auth of [headerAuth("X-Api-Key", "ck_abcdef123"), basicAuth("id", "secret-abcdef")]) {
      const api = new HttpClient({ baseUrl: api1.origin, auth, ...instant() });
      const res = await api.getJson("/x", { headers: { "X-Custom-Token": "also-sensitive", "X-Trace": "keep" } });
      assert.deepEqual(res.body, { ok: true });
    }
    assert.equal(api1.requests[0]!.headers["x-api-key"], "ck_abcdef123");
    assert.match(api1.requests[1]!.headers.authorization ?? "", /^Basic /);
    for (const req of elsewhere.requests) {
      assert.equal(req.headers["x-api-key"], undefined);
      assert.equal(req.headers.authorization, undefined);
      assert.equal(req.headers["x-custom-token"], undefined);
      assert.equal(req.headers["x-trace"], "keep");
    }
  });

  it("307 keeps the method and body; 303 turns into GET", async (t) => {
    const server = await startServer(t, (req, res) => {
      if (req.url === "/a") res.writeHead(307, { location: "/b" }).end();
      else if (req.url === "/c") res.writeHead(303, { location: "/d" }).end();
      else res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const api = new HttpClient({ baseUrl: server.origin, ...instant() });
    await api.requestJson("POST", "/a", { body: { n: 1 } });
    await api.requestJson("POST", "/c", { body: { n: 2 } });
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.url, r.body]),
      [
        ["POST", "/a", '{"n":1}'],
        ["POST", "/b", '{"n":1}'],
        ["POST", "/c", '{"n":2}'],
        ["GET", "/d", ""],
      ],
    );
  });

  it("a redirect loop fails as fatal", async (t) => {
    const server = await startServer(t, script({ status: 302, headers: { location: "/loop" } }));
    const error = await failure(new HttpClient({ baseUrl: server.origin, ...instant() }).getJson("/loop"));
    assert.equal(error.kind, "fatal");
    assert.equal(error.message, "GET /loop was redirected more than 10 times");
  });

  it("refuses an absolute path on another origin", async (t) => {
    const server = await startServer(t, script({ status: 200, body: {} }));
    const api = new HttpClient({ baseUrl: server.origin, auth: headerAuth("X-Api-Key", "ck_abcdef123"), ...instant() });
    await assert.rejects(api.getJson("https://evil.test/steal"), /only talks to http:\/\/127\.0\.0\.1/);
    await api.getJson(`${server.origin}/next?page=2`);
    assert.equal(server.requests[0]!.url, "/next?page=2");
  });
});
