import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../errors/index.ts";
import { urlPath } from "./index.ts";
import { _endpointPath, _loggableQuery, _parseBaseUrl, _resolveUrl } from "./url.ts";

describe("_resolveUrl", () => {
  it("joins with exactly one slash whatever either side has", () => {
    for (const base of [
      "https://api.clockify.me/api/v1",
      "https://api.clockify.me/api/v1/",
      "https://api.clockify.me/api/v1//",
    ]) {
      for (const path of ["workspaces", "/workspaces", "//workspaces"]) {
        assert.equal(
          _resolveUrl(_parseBaseUrl(base), path, undefined).href,
          "https://api.clockify.me/api/v1/workspaces",
          `${base} + ${path}`,
        );
      }
    }
    assert.equal(
      _resolveUrl(_parseBaseUrl("https://g.codefresh.io"), "/user", undefined).href,
      "https://g.codefresh.io/user",
    );
  });

  it("keeps a trailing slash on the path, and the base alone for an empty path", () => {
    const base = _parseBaseUrl("https://t.runlayer.com/api/v1");
    assert.equal(_resolveUrl(base, "/users/", undefined).href, "https://t.runlayer.com/api/v1/users/");
    assert.equal(_resolveUrl(base, "", undefined).href, "https://t.runlayer.com/api/v1");
  });

  it("merges a query in the path with query parameters; arrays repeat, undefined is dropped", () => {
    const url = _resolveUrl(_parseBaseUrl("https://x.test/"), "/users?sort=id", {
      page: 2,
      status: "ALL",
      roles: ["OWNER", "WORKSPACE_ADMIN"],
      name: undefined,
      active: true,
    });
    assert.equal(
      url.href,
      "https://x.test/users?sort=id&page=2&status=ALL&roles=OWNER&roles=WORKSPACE_ADMIN&active=true",
    );
  });

  it("accepts absolute URLs on the base origin only", () => {
    const base = _parseBaseUrl("https://api.env0.com/");
    assert.equal(
      _resolveUrl(base, "https://api.env0.com/teams?offset=abc", undefined).href,
      "https://api.env0.com/teams?offset=abc",
    );
    assert.throws(
      () => _resolveUrl(base, "https://evil.test/teams", undefined),
      /only talks to https:\/\/api\.env0\.com/,
    );
  });
});

describe("_parseBaseUrl", () => {
  it("refuses unusable base URLs with a ConfigError", () => {
    for (const bad of ["api.clockify.me", "ftp://x.test", "https://x.test/?a=1", "https://user:pw@x.test/"]) {
      assert.throws(() => _parseBaseUrl(bad), ConfigError, bad);
    }
  });
});

describe("_endpointPath and _loggableQuery", () => {
  it("give the path without the query, and the query with credentials masked", () => {
    assert.equal(_endpointPath("workspaces/1/users?page=2"), "/workspaces/1/users");
    assert.equal(_endpointPath("https://x.test/a/b?c"), "/a/b");
    assert.equal(
      _loggableQuery(new URL("https://x.test/?page=1&api_key=abc&apiKey=def&access_token=t&pageToken=p")),
      "page=1&api_key=[REDACTED]&apiKey=[REDACTED]&access_token=[REDACTED]&pageToken=p",
    );
    assert.equal(_loggableQuery(new URL("https://x.test/a")), undefined);
  });
});

describe("urlPath", () => {
  it("encodes each interpolated value as one segment", () => {
    assert.equal(urlPath`/workspaces/${"64a6"}/users`, "/workspaces/64a6/users");
    assert.equal(urlPath`/users/${"a/b?c#d"}/roles/${7}`, "/users/a%2Fb%3Fc%23d/roles/7");
    assert.equal(urlPath`/team/${"google-oauth2|123"}`, "/team/google-oauth2%7C123");
  });
});
