import assert from "node:assert/strict";
import { test } from "node:test";
import { hostAllowed, isLoopbackHost, newToken, tokenMatches } from "./guard.ts";

test("newToken: 32 random bytes, URL-safe, fresh each time", () => {
  const tokens = new Set(Array.from({ length: 50 }, newToken));
  assert.equal(tokens.size, 50);
  for (const token of tokens) assert.match(token, /^[A-Za-z0-9_-]{43}$/);
});

test("tokenMatches: exactly `Bearer <token>`", () => {
  const token = newToken();
  assert.equal(tokenMatches(`Bearer ${token}`, token), true);
  assert.equal(tokenMatches(`bearer ${token}`, token), true);
  for (const header of [
    undefined,
    "",
    token,
    `Bearer ${token}x`,
    `Bearer ${token.slice(0, -1)}`,
    `Basic ${token}`,
    `Bearer ${token} ${token}`,
    "Bearer ",
  ]) {
    assert.equal(tokenMatches(header, token), false, String(header));
  }
});

test("isLoopbackHost: 127/8, ::1 and localhost; nothing else", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LocalHost"])
    assert.equal(isLoopbackHost(host), true, host);
  for (const host of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.com", "localhost.example.com", "128.0.0.1"])
    assert.equal(isLoopbackHost(host), false, host);
});

test("hostAllowed: localhost, the bound address or a loopback one, with the port", () => {
  const bound = { host: "127.0.0.1", port: 8123 };
  for (const header of ["127.0.0.1:8123", "localhost:8123", "LOCALHOST:8123", "[::1]:8123", " 127.0.0.1:8123 "]) {
    assert.equal(hostAllowed(header, bound), true, header);
  }
  for (const header of [
    undefined,
    "",
    "127.0.0.1",
    "127.0.0.1:8124",
    "evil.example:8123",
    "10.0.0.5:8123",
    "127.0.0.1:8123:1",
    "user@127.0.0.1:8123",
    "127.0.0.1:8123/x",
  ]) {
    assert.equal(hostAllowed(header, bound), false, String(header));
  }
  assert.equal(hostAllowed("127.0.0.1", { host: "127.0.0.1", port: 80 }), true, "port 80 may be left out");
});

test("hostAllowed: bound to every interface, any address (which cannot be rebound) but no other name", () => {
  const bound = { host: "0.0.0.0", port: 9000 };
  for (const header of ["192.168.1.20:9000", "127.0.0.1:9000", "[fe80::1]:9000", "localhost:9000"])
    assert.equal(hostAllowed(header, bound), true, header);
  for (const header of ["evil.example:9000", "192.168.1.20:9001"])
    assert.equal(hostAllowed(header, bound), false, header);
  const named = { host: "review-box.internal", port: 9000 };
  assert.equal(hostAllowed("review-box.internal:9000", named), true);
  assert.equal(hostAllowed("Review-Box.Internal:9000", named), true);
  assert.equal(hostAllowed("10.1.1.1:9000", named), false);
  assert.equal(hostAllowed("[::1]:9000", { host: "::1", port: 9000 }), true);
});
