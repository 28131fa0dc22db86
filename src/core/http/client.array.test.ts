/**
 * `getJsonArray`: a list sent as one JSON array is read as a stream, item by item, over a real
 * loopback server; a body cut short fails the listing, and a retry starts the list over.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { HttpClient, type HttpClientOptions } from "./index.ts";
import { failure, instant, script, startServer } from "./_test-support.ts";

function client(origin: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ baseUrl: `${origin}/api`, ...instant(), ...options });
}

const members = Array.from({ length: 50 }, (_, index) => ({
  id: `u${index}`,
  email: `person${index}@example.com`,
  note: "a, b ] } [",
}));

describe("HttpClient.getJsonArray", () => {
  it("maps every item as it is read, in order", async (t) => {
    const server = await startServer(t, (_req, res) => {
      // Written in small pieces, so items arrive across many chunks.
      const text = JSON.stringify(members);
      res.writeHead(200, { "content-type": "application/json" });
      for (let start = 0; start < text.length; start += 97) res.write(text.slice(start, start + 97));
      res.end();
    });
    const seen: number[] = [];
    const { body } = await client(server.origin).getJsonArray("/users", (item, index) => {
      seen.push(index);
      return (item as { id: string }).id;
    });
    assert.deepEqual(
      body,
      members.map((member) => member.id),
    );
    assert.deepEqual(seen, [...members.keys()]);
  });

  it("fails a body that ends before its array does, quoting none of it", async (t) => {
    const text = JSON.stringify(members);
    const server = await startServer(t, script({ status: 200, body: text.slice(0, text.length - 30) }));
    const error = await failure(
      client(server.origin, { retry: { maxAttempts: 1 } }).getJsonArray("/users", (item) => item),
    );
    assert.equal(error.kind, "invalid-response");
    assert.match(
      error.message,
      /^GET \/users returned 200 OK but the body ends before its array does \(cut short after \d+ items\)/,
    );
    assert.ok(!error.message.includes("example.com") && !(error.body ?? "").includes("example.com"), error.message);
  });

  it("fails a body that is not an array", async (t) => {
    const server = await startServer(t, script({ status: 200, body: { users: members } }));
    const error = await failure(
      client(server.origin, { retry: { maxAttempts: 1 } }).getJsonArray("/users", (item) => item),
    );
    assert.equal(error.kind, "invalid-response");
    assert.match(error.message, /is not a JSON array/);
  });

  it("starts the list over when a retry follows a dropped connection: no item twice", async (t) => {
    const server = await startServer(
      t,
      script({ status: 200, body: members, dropMidBody: true }, { status: 200, body: members }),
    );
    const { body } = await client(server.origin).getJsonArray("/users", (item) => (item as { id: string }).id);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(
      body,
      members.map((member) => member.id),
    );
  });

  it("reads an error status as any other request does", async (t) => {
    const server = await startServer(t, script({ status: 403, body: { message: "forbidden" } }));
    const error = await failure(client(server.origin).getJsonArray("/users", (item) => item));
    assert.equal(error.kind, "permission-denied");
  });
});
