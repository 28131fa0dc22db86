import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createRouter, pathMatcher, route } from "./router.ts";

function build(ignoreTrailingSlash = false) {
  return createRouter<string>(
    [
      route<string>("GET", "/workspaces/:workspaceId/users", (_request, { params, state }) =>
        Response.json({ route: "users", params, state }),
      ),
      route<string>("POST", "/workspaces/:workspaceId/users/info", () => Response.json({ route: "info" })),
      route<string>("GET", "/workspaces/:workspaceId/users/:userId", (_request, { params }) =>
        Response.json({ route: "user", params }),
      ),
      route<string>("PUT", "/groups/:groupId", () => Response.json({ route: "put" })),
      route<string>("DELETE", "/groups/:groupId", () => Response.json({ route: "delete" })),
      route<string>("GET", "/files/*", (_request, { params }) => Response.json({ route: "files", rest: params["*"] })),
    ],
    {
      notFound: (_request, url) => Response.json({ notFound: url.pathname }, { status: 404 }),
      methodNotAllowed: (request, _url, allowed) => Response.json({ method: request.method, allowed }, { status: 405 }),
      ignoreTrailingSlash,
    },
  );
}

async function call(
  method: string,
  path: string,
  ignoreTrailingSlash = false,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await build(ignoreTrailingSlash)(new Request(`http://sim${path}`, { method }), "caller-1");
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("router", () => {
  it("routes with decoded params and passes the state through", async () => {
    const { status, body } = await call("GET", "/workspaces/ws%201/users?page=2");
    assert.equal(status, 200);
    assert.deepEqual(body, { route: "users", params: { workspaceId: "ws 1" }, state: "caller-1" });
  });

  it("prefers literal segments over params", async () => {
    assert.deepEqual((await call("POST", "/workspaces/w/users/info")).body, { route: "info" });
    assert.deepEqual((await call("GET", "/workspaces/w/users/u7")).body, {
      route: "user",
      params: { workspaceId: "w", userId: "u7" },
    });
  });

  it("tells a wrong method (405, with the allowed ones) from an unknown path (404)", async () => {
    assert.deepEqual(await call("GET", "/groups/g1"), {
      status: 405,
      body: { method: "GET", allowed: ["PUT", "DELETE"] },
    });
    assert.deepEqual(await call("GET", "/nowhere"), { status: 404, body: { notFound: "/nowhere" } });
    assert.equal((await call("GET", "/workspaces//users")).status, 404, "an empty segment is no param");
  });

  it("matches a trailing wildcard and, when asked, ignores a trailing slash", async () => {
    assert.deepEqual((await call("GET", "/files/a/b/c")).body, { route: "files", rest: "a/b/c" });
    assert.equal((await call("GET", "/workspaces/w/users/")).status, 404);
    assert.equal((await call("GET", "/workspaces/w/users/", true)).status, 200);
  });

  it("compiles patterns on their own for fault scoping", () => {
    const matches = pathMatcher("/api/v1/workspaces/:id/users");
    assert.deepEqual(matches("/api/v1/workspaces/abc/users"), { id: "abc" });
    assert.equal(matches("/api/v1/workspaces/abc/user-groups"), undefined);
    assert.ok(pathMatcher("/api/*")("/api/v1/anything"));
  });
});
