import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { serve } from "./serve.ts";
import { createToySimulator, serveForTest } from "./_test-support.ts";

const ids = async (response: Response): Promise<string[]> =>
  ((await response.json()) as { id: string }[]).map((item) => item.id);

describe("serve() over real HTTP", () => {
  it("listens on 127.0.0.1 and carries method, query, headers and body both ways", async (t) => {
    const served = await serveForTest(t, async (request) => {
      const url = new URL(request.url);
      return Response.json(
        {
          method: request.method,
          query: url.search,
          header: request.headers.get("x-test"),
          body: await request.text(),
        },
        { status: 201, headers: { "x-answer": "42" } },
      );
    });
    assert.match(served.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${served.origin}/echo?a=1`, {
      method: "POST",
      headers: { "x-test": "yes" },
      body: "payload",
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-answer"), "42");
    assert.deepEqual(await response.json(), { method: "POST", query: "?a=1", header: "yes", body: "payload" });
  });

  it("answers 500 when the handler throws", async (t) => {
    const served = await serveForTest(t, () => Promise.reject(new Error("boom")));
    const response = await fetch(served.origin);
    assert.equal(response.status, 500);
    assert.match(await response.text(), /boom/);
  });

  it("a dropped connection makes fetch reject", async (t) => {
    const toy = createToySimulator({ faults: ["drop"] });
    const served = await serveForTest(t, toy.handler);
    await assert.rejects(fetch(`${served.origin}/items`), TypeError);
    assert.equal((await fetch(`${served.origin}/items`)).status, 200, "the next request is served");
  });

  it("a connection dropped mid-answer delivers the headers, then fails the body", async (t) => {
    const toy = createToySimulator({ faults: [{ kind: "drop", afterBytes: 20 }] });
    const served = await serveForTest(t, toy.handler);
    const response = await fetch(`${served.origin}/items`);
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });

  it("a hanging answer is aborted by the client's timeout, and the server keeps serving", async (t) => {
    const toy = createToySimulator({ faults: ["hang"] });
    const served = await serveForTest(t, toy.handler);
    await assert.rejects(fetch(`${served.origin}/items`, { signal: AbortSignal.timeout(150) }), {
      name: "TimeoutError",
    });
    assert.equal((await fetch(`${served.origin}/items`)).status, 200);
    assert.equal(toy.faults.applied.byKind.hang, 1);
  });

  it("close() ends promptly even with a hanging request open", async () => {
    const toy = createToySimulator({ faults: ["hang"] });
    const served = await serve(toy.handler);
    const hanging = fetch(`${served.origin}/items`).then(
      () => "answered",
      () => "rejected",
    );
    while (toy.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await served.close();
    assert.ok(performance.now() - started < 1000);
    assert.equal(await hanging, "rejected");
  });

  it("malformed JSON reaches the client unparseable", async (t) => {
    const toy = createToySimulator({ faults: ["malformed-json"] });
    const served = await serveForTest(t, toy.handler);
    const response = await fetch(`${served.origin}/items`);
    assert.equal(response.status, 200);
    await assert.rejects(response.json(), SyntaxError);
  });

  it("a repeated page and a changing page are visible to a paging client", async (t) => {
    const toy = createToySimulator({ faults: [{ kind: "repeat-page", path: "/items" }] });
    const served = await serveForTest(t, toy.handler);
    const page1 = await ids(await fetch(`${served.origin}/items?page=1&limit=10`));
    const page2 = await ids(await fetch(`${served.origin}/items?page=2&limit=10`));
    assert.deepEqual(page2, page1);

    toy.faults.add({ kind: "change-page", path: "/items" });
    const changed = await ids(await fetch(`${served.origin}/items?page=1&limit=10`));
    const again = await ids(await fetch(`${served.origin}/items?page=1&limit=10`));
    assert.notDeepEqual(changed, again);
    assert.deepEqual(again, page1);
    assert.equal(toy.faults.applied.total, 2);
  });

  it("429 bursts and 5xx come through with their headers", async (t) => {
    const toy = createToySimulator({
      faults: [
        { kind: "rate-limit", times: 2 },
        { kind: "server-error", status: 503 },
      ],
    });
    const served = await serveForTest(t, toy.handler);
    const statuses = [];
    for (let round = 0; round < 4; round++) statuses.push((await fetch(`${served.origin}/items`)).status);
    assert.deepEqual(statuses, [429, 429, 503, 200]);
  });
});
