/**
 * The explorer's campaign API over real HTTP: reading the campaign, deciding through POST with
 * the token, the page's own origin and JSON, and every refusal on the way; the decisions land
 * in the campaign file as `idsync campaign decide` writes them.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { request } from "node:http";
import { test, type TestContext } from "node:test";
import { closeCampaign, readCampaign, saveCampaign } from "../campaign/index.ts";
import { T0, startOver, tenantForCampaign } from "../campaign/_test-support.ts";
import { C1zReader } from "../core/index.ts";
import { chooseSync } from "../review/index.ts";
import { startExplorer, type RunningExplorer } from "./server.ts";

const TOKEN = "campaign-test-token-0123456789abcdefghijklmnopqrstu";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

/** One request with an optional body; the Origin is the explorer's unless told otherwise. */
function call(
  explorer: RunningExplorer,
  target: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(explorer.origin);
  const headers: Record<string, string> = {
    authorization: `Bearer ${TOKEN}`,
    origin: explorer.origin,
    "content-type": "application/json",
    ...options.headers,
  };
  for (const [name, value] of Object.entries(headers)) if (value === "") delete headers[name];
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: target, method: options.method ?? "GET", headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const post = (explorer: RunningExplorer, body: unknown, headers: Record<string, string> = {}) =>
  call(explorer, "/api/campaign/decide", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers,
  });

async function serve(t: TestContext, withCampaign = true) {
  const files = await tenantForCampaign(t);
  await startOver(files);
  const reader = await C1zReader.open(files.reviewed);
  t.after(() => reader.close());
  const sync = chooseSync(reader).run;
  const explorer = await startExplorer([{ app: "acme", file: files.reviewed, reader, sync }], {
    token: TOKEN,
    ...(withCampaign ? { campaign: { file: files.campaign, reviewer: "ana@example.com", now: () => T0 } } : {}),
  });
  t.after(() => explorer.close());
  return { files, explorer };
}

test("GET /api/campaign: the campaign, its progress and a filtered page of items; 404 without --campaign", async (t) => {
  const { explorer, files } = await serve(t);
  const all = await call(explorer, "/api/campaign");
  assert.equal(all.status, 200);
  assert.equal(all.json.file, files.campaign);
  assert.equal(all.json.reviewer, "ana@example.com");
  assert.equal(all.json.total, 17);
  assert.deepStrictEqual((all.json.progress as { decided: number }).decided, 0);
  const dormant = await call(explorer, "/api/campaign?why=dormant&limit=2");
  assert.deepStrictEqual([dormant.json.total, dormant.json.count], [4, 2]);
  assert.equal((await call(explorer, "/api/campaign?why=bogus")).status, 400);

  const bare = await serve(t, false);
  const none = await call(bare.explorer, "/api/campaign");
  assert.equal(none.status, 404);
  assert.match(String(none.json.error), /start idsync explore with --campaign FILE/);
  assert.equal(
    (await post(bare.explorer, { decision: "keep", filter: { undecided: true } })).status,
    405,
    "no campaign, no POST",
  );
});

test("POST /api/campaign/decide: decides as the CLI does, into the file, with history", async (t) => {
  const { explorer, files } = await serve(t);
  const items = (await call(explorer, "/api/campaign?why=admins")).json.items as Array<{ id: string }>;
  const admin = items[0]!.id;
  const kept = await post(explorer, { decision: "keep", note: "on call", items: [admin] });
  assert.equal(kept.status, 200, JSON.stringify(kept.json));
  assert.deepStrictEqual([kept.json.decision, kept.json.changed, kept.json.reviewer], ["keep", 1, "ana@example.com"]);
  assert.equal((await post(explorer, { decision: "revoke", items: [admin] })).status, 200);
  const bulk = await post(explorer, { decision: "follow-up", filter: { why: "dormant", undecided: true } });
  assert.equal(bulk.json.changed, 4);

  const campaign = readCampaign(files.campaign);
  assert.deepStrictEqual(
    campaign.decisions.map((entry) => [entry.decision, entry.reviewer, entry.at]),
    [
      ["keep", "ana@example.com", T0.toISOString()],
      ["revoke", "ana@example.com", T0.toISOString()],
      ...Array(4).fill(["follow-up", "ana@example.com", T0.toISOString()]),
    ],
  );
  assert.equal(fs.statSync(files.campaign).mode & 0o777, 0o600);
  assert.ok(!fs.readFileSync(files.campaign, "utf8").includes(TOKEN), "the token is never written");
  const shown = (await call(explorer, "/api/campaign?why=admins")).json.items as Array<{
    decision: { decision: string };
    history: unknown[];
  }>;
  assert.deepStrictEqual([shown[0]!.decision.decision, shown[0]!.history.length], ["revoke", 2]);
});

test("POST /api/campaign/decide refuses what is not the page deciding: token, origin, type, size, body", async (t) => {
  const { explorer, files } = await serve(t);
  const decision = { decision: "keep", filter: { undecided: true } };
  const refusals: Array<[string, Promise<Reply>, number, RegExp]> = [
    ["no token", post(explorer, decision, { authorization: "" }), 401, /token/],
    ["no Origin", post(explorer, decision, { origin: "" }), 403, /own page/],
    ["another origin", post(explorer, decision, { origin: "http://evil.example" }), 403, /own page/],
    ["another port", post(explorer, decision, { origin: "http://127.0.0.1:1" }), 403, /own page/],
    ["a cross-site fetch", post(explorer, decision, { "sec-fetch-site": "cross-site" }), 403, /own page/],
    [
      "a form's type",
      post(explorer, decision, { "content-type": "application/x-www-form-urlencoded" }),
      415,
      /application\/json/,
    ],
    ["too big", post(explorer, { ...decision, note: "x".repeat(70_000) }), 413, /over 64 KiB/],
    ["not JSON", post(explorer, "{"), 400, /not JSON/],
    [
      "no decision",
      post(explorer, { filter: { undecided: true } }),
      400,
      /decision must be one of keep, revoke, follow-up/,
    ],
    ["no selection", post(explorer, { decision: "keep" }), 400, /name the items/],
    ["an empty selection", post(explorer, { decision: "keep", filter: {} }), 400, /no item of the campaign matches/],
    ["a note on two lines", post(explorer, { ...decision, note: "a\nb" }), 400, /one line/],
    ["an unknown item", post(explorer, { decision: "keep", items: ["000000000000"] }), 400, /no item 000000000000/],
  ];
  for (const [what, reply, status, message] of refusals) {
    const { status: got, json } = await reply;
    assert.equal(got, status, `${what}: ${JSON.stringify(json)}`);
    assert.match(String(json.error), message, what);
  }
  assert.equal(readCampaign(files.campaign).decisions.length, 0, "nothing was decided");
  const get = await call(explorer, "/api/campaign/decide");
  assert.deepStrictEqual([get.status, get.headers.allow], [405, "POST"]);
  const other = await call(explorer, "/api/apps", { method: "POST", body: "{}" });
  assert.deepStrictEqual([other.status, other.headers.allow], [405, "GET"]);

  saveCampaign(
    files.campaign,
    closeCampaign(readCampaign(files.campaign), files.campaign, { by: "lead", at: T0, undecided: "keep" }),
  );
  const frozen = await post(explorer, { decision: "revoke", filter: { why: "admins" } });
  assert.equal(frozen.status, 400);
  assert.match(String(frozen.json.error), /closed on .* by lead; its decisions are frozen/);
});

test("GET /api/campaign?account=: one person's or one finding's items, by APP/TYPE:ID, repeatable", async (t) => {
  const { explorer } = await serve(t);
  const every = (await call(explorer, "/api/campaign?limit=100")).json.items as Array<{
    id: string;
    app: string;
    account: { key: string };
  }>;
  const first = every[0]!;
  const other = every.find((item) => item.account.key !== first.account.key)!;
  const idsOf = (keys: string[]) => every.filter((item) => keys.includes(item.account.key)).map((item) => item.id);
  const one = await call(explorer, `/api/campaign?account=${encodeURIComponent(`acme/${first.account.key}`)}`);
  assert.equal(one.status, 200);
  const got = (one.json.items as Array<{ id: string }>).map((item) => item.id);
  assert.deepStrictEqual(got, idsOf([first.account.key]));
  assert.ok(got.length >= 1);
  const two = await call(
    explorer,
    `/api/campaign?account=${encodeURIComponent(`acme/${first.account.key}`)}&account=${encodeURIComponent(`acme/${other.account.key}`)}`,
  );
  assert.deepStrictEqual(
    (two.json.items as Array<{ id: string }>).map((item) => item.id),
    idsOf([first.account.key, other.account.key]),
  );
  assert.equal(
    (await call(explorer, `/api/campaign?account=${encodeURIComponent(`other/${first.account.key}`)}`)).json.total,
    0,
  );
  const wrong = await call(explorer, "/api/campaign?account=nobody");
  assert.equal(wrong.status, 400);
  assert.match(String(wrong.json.error), /account must be APP\/TYPE:ID/);
});
