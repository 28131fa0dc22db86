/**
 * One slow request must not starve the rest, and what the explorer keeps must not grow with
 * what it is asked. On a 20,000-user file: a search builds the index while small requests are
 * answered, a review is built off the event loop, and any number of `staleDays` keeps a bounded
 * number of reviews. Asserted by the order replies arrive in and by counts, never by time.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { C1zReader, newUserResource, type Resource } from "../core/index.ts";
import { chooseSync } from "../review/index.ts";
import { tempFolder, userType, writeSync, writeTenant } from "../review/_test-tenant.ts";
import { explorerApps, KEPT_HOLDER_LISTS, KEPT_REVIEWS, type ExplorerInput } from "./apps.ts";
import { HOLDERS_ROUTES } from "./holders.ts";
import { startExplorer, type RunningExplorer } from "./server.ts";
import { httpRequest } from "./_test-support.ts";

const USERS = 20_000;
const TOKEN = "test-token-0123456789abcdefghijklmnopqrstuvwxyz";

let file: string;
let reader: C1zReader;
const cleanups: Array<() => void> = [];

before(async () => {
  file = path.join(tempFolder({ after: (cleanUp) => void cleanups.push(cleanUp) }), "big.c1z");
  const users: Resource[] = [];
  for (let n = 0; n < USERS; n++) {
    users.push(
      newUserResource(userType, `u-${n}`, `Person ${n}`, {
        emails: [`person.${n}@big.example`],
        login: `p${n}`,
        lastLogin: new Date(Date.UTC(2024, 0, 1 + (n % 300))),
      }),
    );
  }
  await writeSync(file, { resources: users, grants: [] }, { expand: false });
  reader = await C1zReader.open(file);
});

after(() => {
  reader.close();
  for (const cleanUp of cleanups) cleanUp();
});

function input(source: C1zReader): ExplorerInput {
  return { app: "big", file, reader: source, sync: chooseSync(reader).run };
}

/**
 * The server's reader, telling `onScan` when a listing has read its first row: from then on a
 * scan is under way, and the test can ask for something small behind it.
 */
function watchedReader(onScan: () => void): C1zReader {
  return new Proxy(reader, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property !== "resources") return value.bind(target);
      return function* (...args: Parameters<C1zReader["resources"]>) {
        let first = true;
        for (const resource of target.resources(...args)) {
          if (first) onScan();
          first = false;
          yield resource;
        }
      };
    },
  });
}

async function serve(
  source: C1zReader,
): Promise<{ explorer: RunningExplorer; get: (target: string) => Promise<{ status: number; body: string }> }> {
  const explorer = await startExplorer([input(source)], { token: TOKEN });
  return { explorer, get: (target) => httpRequest(explorer.origin, target, { token: TOKEN }) };
}

test("a small request is answered while a search reads a 20,000-user file", async () => {
  let scanning!: () => void;
  const scanStarted = new Promise<void>((resolve) => (scanning = resolve));
  const { explorer, get } = await serve(watchedReader(() => scanning()));
  try {
    const order: string[] = [];
    const search = get("/api/resources?q=person.19999@").then((reply) => {
      order.push("search");
      return reply;
    });
    await scanStarted;
    const small = get("/api/resource-types").then((reply) => {
      order.push("resource types");
      return reply;
    });
    const [found, types] = await Promise.all([search, small]);
    assert.equal(types.status, 200);
    assert.deepStrictEqual(order, ["resource types", "search"], "the small request waited for the whole scan");
    const body = JSON.parse(found.body) as { total: number; resources: Array<{ id: string }> };
    assert.equal(body.total, 1);
    assert.equal(body.resources[0]!.id, "u-19999");
  } finally {
    await explorer.close();
  }
});

test("many searches at once read the file once, and find what one scan finds", async () => {
  let scans = 0;
  const { explorer, get } = await serve(watchedReader(() => scans++));
  try {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, n) => get(`/api/resources?q=person.${n}9&limit=5`)),
    );
    assert.equal(scans, 1, "one index for every search");
    for (const [n, reply] of replies.entries()) {
      const body = JSON.parse(reply.body) as { total: number; count: number };
      const expected = Array.from({ length: USERS }, (_, i) => `person.${i}@big.example`).filter((email) =>
        email.includes(`person.${n}9`),
      ).length;
      assert.equal(body.total, expected, `person.${n}9`);
      assert.equal(body.count, Math.min(5, expected));
    }
  } finally {
    await explorer.close();
  }
});

test("a small request is answered while a review of 20,000 users is built", async () => {
  const { explorer, get } = await serve(reader);
  try {
    const order: string[] = [];
    // A century: no one is dormant, so the review is a plain scan of the users.
    const review = get("/api/review?staleDays=36500").then((reply) => {
      order.push("review");
      return reply;
    });
    // Sent once the review is on its way, on a connection of its own.
    await new Promise((resolve) => setImmediate(resolve));
    const small = await get("/api/resource-types");
    order.push("resource types");
    assert.equal(small.status, 200);
    const built = await review;
    assert.equal(built.status, 200, built.body);
    assert.deepStrictEqual(order, ["resource types", "review"]);
    assert.equal((JSON.parse(built.body) as { staleDays: number }).staleDays, 36500);
  } finally {
    await explorer.close();
  }
});

test("any number of staleDays keeps a bounded number of reviews, and the other documents stay", async (t) => {
  const small = path.join(tempFolder(t), "small.c1z");
  await writeTenant(small);
  const smallReader = await C1zReader.open(small);
  t.after(() => smallReader.close());
  const app = explorerApps([{ app: "small", file: small, reader: smallReader, sync: chooseSync(smallReader).run }]).get(
    "small",
  )!;
  try {
    let statsBuilds = 0;
    const stats = () => app.cached("stats", () => ++statsBuilds);
    await stats();
    for (let staleDays = 1; staleDays <= 40; staleDays++) {
      await app.review(staleDays);
      assert.ok(
        app.keptDocuments <= KEPT_REVIEWS + 1,
        `${app.keptDocuments} documents kept after ${staleDays} reviews`,
      );
    }
    await stats();
    assert.equal(statsBuilds, 1, "reviews did not push the stats out");
  } finally {
    await app.close();
  }
});

test("a role's holders are read once for any number of sorts and pages, and a bounded number of roles is kept", async (t) => {
  const small = path.join(tempFolder(t), "small.c1z");
  await writeTenant(small);
  const smallReader = await C1zReader.open(small);
  t.after(() => smallReader.close());
  const apps = explorerApps([{ app: "small", file: small, reader: smallReader, sync: chooseSync(smallReader).run }]);
  const app = apps.get("small")!;
  const readFor: string[] = [];
  const grants = smallReader.grants.bind(smallReader);
  smallReader.grants = (syncId, options) => {
    readFor.push(options?.entitlementId ?? "(all)");
    return grants(syncId, options);
  };
  const holders = (query: string) =>
    HOLDERS_ROUTES["/api/holders"]!({
      apps,
      params: new URLSearchParams(query),
      signal: new AbortController().signal,
    }) as Promise<{ items: Array<{ principal: { id: string } }>; total: number }>;
  try {
    const byName = await holders("entitlement=role:r-dev:assigned&sort=name");
    const byLastSignIn = await holders("entitlement=role:r-dev:assigned&sort=-lastLogin&limit=2&offset=2");
    const filtered = await holders("entitlement=role:r-dev:assigned&q=bob");
    assert.deepStrictEqual(readFor, ["role:r-dev:assigned"], "three views of one role, one read");
    assert.ok(byName.total > 2);
    assert.equal(byLastSignIn.total, byName.total);
    assert.deepStrictEqual(
      filtered.items.map((holder) => holder.principal.id),
      ["u-bob"],
    );
    const roles = [...smallReader.entitlements(app.sync.id)].map((entitlement) => entitlement.id);
    assert.ok(roles.length > KEPT_HOLDER_LISTS, `${roles.length} entitlements to ask for`);
    for (const role of roles) await holders(`entitlement=${encodeURIComponent(role)}`);
    assert.ok(app.keptDocuments <= KEPT_HOLDER_LISTS, `${app.keptDocuments} holder lists kept`);
  } finally {
    await app.close();
  }
});
