import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { exitCodeFor, type ApiErrorKind } from "../errors/index.ts";
import { HttpClient, headerAuth, type HttpClientOptions } from "./index.ts";
import { failure, instant, script, startServer } from "./_test-support.ts";

function client(origin: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ baseUrl: `${origin}/api/v1`, retry: { maxAttempts: 1 }, ...instant(), ...options });
}

describe("HttpClient status classification", () => {
  const table: [number, ApiErrorKind][] = [
    [400, "fatal"],
    [401, "unauthenticated"],
    [402, "fatal"],
    [403, "permission-denied"],
    [404, "not-found"],
    [405, "fatal"],
    [408, "timeout"],
    [409, "fatal"],
    [422, "fatal"],
    [429, "rate-limited"],
    [500, "unavailable"],
    [502, "unavailable"],
    [503, "unavailable"],
    [504, "unavailable"],
  ];
  for (const [status, kind] of table) {
    it(`${status} → ${kind}`, async (t) => {
      const server = await startServer(t, script({ status, body: { message: "nope" } }));
      const error = await failure(client(server.origin).getJson("/users"));
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.equal(error.endpoint, "GET /users");
      assert.equal(server.requests.length, 1);
    });
  }

  it("says which endpoint returned what, with the API's message", async (t) => {
    const server = await startServer(
      t,
      script({ status: 401, body: { message: "Api key does not exist", code: 4003 } }),
    );
    const error = await failure(client(server.origin).getJson("/workspaces/w1/users", { query: { page: 2 } }));
    assert.equal(error.message, "GET /workspaces/w1/users returned 401 Unauthorized: Api key does not exist");
    assert.equal(error.body, '{"message":"Api key does not exist","code":4003}');
    assert.match(error.hint ?? "", /check that the API key/);
    assert.equal(exitCodeFor(error), 3);
  });

  it("reads the error shapes of the four APIs without a connector hook", async (t) => {
    const cases: [unknown, string][] = [
      [{ status: 401, code: "2401", name: "UNAUTHORIZED_ERROR", message: "Unauthorized" }, "Unauthorized"],
      [{ detail: "Deployment feature not available" }, "Deployment feature not available"],
      [{ detail: [{ loc: ["query", "limit"], msg: "must be <= 100", type: "value_error" }] }, "must be <= 100"],
      [{ error: { message: "bad thing" } }, "bad thing"],
      ["/body must have required property 'name'", "/body must have required property 'name'"],
      ["<html>\n  <body>Bad   Gateway</body>\n</html>", "<html> <body>Bad Gateway</body> </html>"],
    ];
    for (const [body, detail] of cases) {
      const server = await startServer(t, script({ status: 400, body }));
      const error = await failure(client(server.origin).getJson("/x"));
      assert.equal(error.message, `GET /x returned 400 Bad Request: ${detail}`);
    }
  });

  it("cuts a long body to an excerpt", async (t) => {
    const server = await startServer(t, script({ status: 500, body: "x".repeat(5000) }));
    const error = await failure(client(server.origin).getJson("/x"));
    assert.ok(error.message.length < 260, error.message);
    assert.ok((error.body ?? "").length <= 500);
  });

  it("quotes a body holding people's data by its shape, in the message, the body and the cause", async (t) => {
    const person = { email: "ada@analytical.example", name: "Ada Lovelace" };
    const server = await startServer(
      t,
      script(
        { status: 409, body: { message: "ada@analytical.example exists", user: person } },
        { status: 200, body: JSON.stringify({ data: [person] }).slice(0, 30) },
      ),
    );
    const conflict = await failure(client(server.origin).getJson("/users"));
    assert.equal(conflict.message, "GET /users returned 409 Conflict: <email> exists");
    assert.equal(conflict.body, '{"message":"<email> exists","user":{"email":"…","name":"…"}}');
    const cut = await failure(client(server.origin).getJson("/users"));
    assert.equal(cut.message, 'GET /users returned 200 OK with a body that is not JSON: {"data":[{"email":"…"');
    assert.ok(cut.cause instanceof SyntaxError);
    assert.doesNotMatch(`${cut.cause.message} ${cut.body}`, /Ada|analytical/);
  });

  it("lets the connector's describeError set the kind, message and hint", async (t) => {
    const server = await startServer(t, script({ status: 403, body: { message: "blocked for unusual activity" } }));
    const seen: unknown[] = [];
    const api = client(server.origin, {
      describeError: (info) => {
        seen.push({ status: info.status, endpoint: info.endpoint, body: info.body });
        return { kind: "rate-limited", message: "key blocked for unusual activity", hint: "wait an hour" };
      },
    });
    const error = await failure(api.getJson("/team"));
    assert.equal(error.kind, "rate-limited");
    assert.equal(error.message, "GET /team returned 403 Forbidden: key blocked for unusual activity");
    assert.equal(error.hint, "wait an hour");
    assert.deepEqual(seen, [
      { status: 403, endpoint: "GET /team", body: '{"message":"blocked for unusual activity"}' },
    ]);
  });

  it("falls back to the generic text when describeError throws", async (t) => {
    const server = await startServer(t, script({ status: 404, body: { message: "No static resource" } }));
    const api = client(server.origin, {
      describeError: () => {
        throw new Error("parser bug");
      },
    });
    const error = await failure(api.getJson("/x"));
    assert.equal(error.kind, "not-found");
    assert.equal(error.message, "GET /x returned 404 Not Found: No static resource");
  });

  it("a 2xx that is not JSON is invalid-response and is not retried", async (t) => {
    const server = await startServer(t, script({ status: 200, body: "<!doctype html><title>Login</title>" }));
    const api = client(server.origin, { retry: { maxAttempts: 5 } });
    const error = await failure(api.getJson("/users"));
    assert.equal(error.kind, "invalid-response");
    assert.match(error.message, /^GET \/users returned 200 OK with a body that is not JSON: <!doctype html>/);
    assert.match(error.hint ?? "", /base URL/);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(api.stats, { requests: 1, retries: 0, rateLimited: 0, failures: 1 });
  });

  it("400 is not retried", async (t) => {
    const server = await startServer(t, script({ status: 400, body: { message: "bad page-size" } }));
    const api = client(server.origin, { retry: { maxAttempts: 5 } });
    const error = await failure(api.getJson("/users"));
    assert.equal(error.kind, "fatal");
    assert.equal(server.requests.length, 1);
  });

  it("a refused connection is unavailable, and final on a host that never answered", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(client(`http://127.0.0.1:${port}`).getJson("/users"));
    assert.equal(error.kind, "unavailable");
    assert.equal(
      error.message,
      `GET /users failed: nothing listens on 127.0.0.1:${port} (connection refused) (ECONNREFUSED)`,
    );
    assert.equal(error.status, undefined);
    assert.equal(error.retryable, false);
  });

  it("an injected fetch that throws a plain bug is not disguised as a network failure", async () => {
    const api = new HttpClient({
      baseUrl: "http://sim.test",
      fetch: () => Promise.reject(new RangeError("simulator bug")),
      ...instant(),
    });
    await assert.rejects(
      api.getJson("/x"),
      (error: unknown) => error instanceof RangeError && error.message === "simulator bug",
    );
    const coded = new HttpClient({
      baseUrl: "http://sim.test",
      fetch: () => Promise.reject(Object.assign(new TypeError("bad argument"), { code: "ERR_INVALID_ARG_TYPE" })),
      ...instant(),
    });
    await assert.rejects(coded.getJson("/x"), /bad argument/);
    assert.equal(coded.stats.retries, 0);
  });

  it("an injected fetch that throws a coded error is a network failure", async () => {
    let calls = 0;
    const api = new HttpClient({
      baseUrl: "http://sim.test",
      retry: { maxAttempts: 2 },
      fetch: () => {
        calls++;
        return Promise.reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      },
      ...instant(),
    });
    const error = await failure(api.getJson("/x"));
    assert.equal(error.kind, "unavailable");
    assert.equal(
      error.message,
      "GET /x failed: connection closed by sim.test:80 (ECONNRESET) (gave up after 2 attempts)",
    );
    assert.equal(calls, 2);
  });

  it("returns status, headers, parsed body and final url; 204 gives null", async (t) => {
    const server = await startServer(t, (req, res) => {
      if (req.url === "/api/v1/empty") {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "last-page": "true" }).end('[{"id":"u1"}]');
    });
    const api = client(server.origin, { auth: headerAuth("X-Api-Key", "k-123456") });
    const res = await api.getJson<{ id: string }[]>("/workspaces/w/users", {
      query: { page: 1, "page-size": 5000, status: "ALL" },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, [{ id: "u1" }]);
    assert.equal(res.headers.get("last-page"), "true");
    assert.equal(res.url, `${server.origin}/api/v1/workspaces/w/users?page=1&page-size=5000&status=ALL`);
    assert.equal(server.requests[0]!.url, "/api/v1/workspaces/w/users?page=1&page-size=5000&status=ALL");
    assert.equal(server.requests[0]!.headers["x-api-key"], "k-123456");
    assert.match(server.requests[0]!.headers["user-agent"] ?? "", /^idsync\/\d+\.\d+\.\d+/);
    assert.equal(server.requests[0]!.headers.accept, "application/json");
    assert.equal((await api.getJson("/empty")).body, null);
  });

  it("sends a JSON body", async (t) => {
    const server = await startServer(t, script({ status: 200, body: [] }));
    await client(server.origin).requestJson("post", "/workspaces/w/users/info", {
      body: { roles: ["OWNER"], page: 1 },
    });
    assert.equal(server.requests[0]!.method, "POST");
    assert.equal(server.requests[0]!.body, '{"roles":["OWNER"],"page":1}');
    assert.equal(server.requests[0]!.headers["content-type"], "application/json");
  });

  it("runs against an in-process fetch handler, as simulators provide", async () => {
    const seen: string[] = [];
    const handler = (request: Request): Promise<Response> => {
      seen.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get("x-api-key")}`);
      if (new URL(request.url).pathname === "/api/v1/users")
        return Promise.resolve(new Response(null, { status: 307, headers: { location: "/api/v1/users/" } }));
      return Promise.resolve(Response.json({ data: [{ id: "u1" }], count: 1 }));
    };
    const api = new HttpClient({
      baseUrl: "http://runlayer.sim/api/v1",
      auth: headerAuth("X-Api-Key", "rl_sim_key_1"),
      fetch: (url, init) => handler(new Request(url, init)),
      ...instant(),
    });
    const res = await api.getJson<{ data: unknown[] }>("/users");
    assert.equal(res.body.data.length, 1);
    assert.deepEqual(seen, ["GET /api/v1/users rl_sim_key_1", "GET /api/v1/users/ rl_sim_key_1"]);
  });
});
