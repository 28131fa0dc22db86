/**
 * The connector against answers shaped as Codefresh's own clients and documentation record them
 * (the files in recorded/, each naming its sources), not as our simulator renders them: the two
 * were written from one fact sheet, and these shapes are the independent check. Served over
 * loopback HTTP, synced into a real c1z, read back.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";

import { isIdsyncError, silentLogger } from "../../core/index.ts";
import { serve } from "../../simulators/index.ts";
import { FAST_HTTP, openC1z, settingsFrom, syncWith, tempDir } from "../../testkit/index.ts";
import { codefresh } from "./index.ts";

interface Recorded {
  origin: string;
  request: string;
  status?: number;
  body: unknown;
}

const FILES = [
  "current-user.json",
  "account-users.json",
  "service-users.json",
  "teams.json",
  "unusual-activity-403.json",
] as const;
const recorded = (name: (typeof FILES)[number]): Recorded =>
  JSON.parse(readFileSync(new URL(`recorded/${name}`, import.meta.url), "utf8")) as Recorded;

const KEY = "6a1b2c3d4e5f6012345678ff.0123456789abcdef0123456789abcdef";
const [RHEA, TOMAS] = ["6a1b2c3d4e5f601234567801", "6a1b2c3d4e5f601234567802"];
const [DEPLOY_BOT, CI_BOT] = ["6a1b2c3d4e5f60123456bb01", "6a1b2c3d4e5f60123456bb02"];
const [USERS_TEAM, ADMINS_TEAM, PLATFORM_TEAM] = [
  "6a1b2c3d4e5f60123456cc01",
  "6a1b2c3d4e5f60123456cc02",
  "6a1b2c3d4e5f60123456cc03",
];

interface Variant {
  /** Answer `GET /service-users` with a 404, as an installation without the endpoint would. */
  noServiceUsers?: boolean;
  /** Answer every request with the recorded 403 for a key restricted for unusual activity. */
  restricted?: boolean;
}

/** Serves the recorded answers; `requests` counts what was asked. */
async function serveRecorded(t: TestContext, variant: Variant = {}) {
  const byPath: Record<string, Recorded> = {
    "/api/user": recorded("current-user.json"),
    "/api/accounts/6a1b2c3d4e5f60123456aa01/users": recorded("account-users.json"),
    "/api/service-users": recorded("service-users.json"),
    "/api/team": recorded("teams.json"),
  };
  const counter = { requests: 0 };
  const server = await serve((request) => {
    counter.requests += 1;
    const path = new URL(request.url).pathname;
    if (request.headers.get("authorization") !== KEY)
      return Promise.resolve(
        Response.json(
          { status: 401, code: "2401", name: "UNAUTHORIZED_ERROR", message: "Unauthorized", context: {} },
          { status: 401 },
        ),
      );
    if (variant.restricted) {
      const blocked = recorded("unusual-activity-403.json");
      return Promise.resolve(Response.json(blocked.body, { status: blocked.status ?? 403 }));
    }
    const answer = variant.noServiceUsers && path === "/api/service-users" ? undefined : byPath[path];
    if (!answer)
      return Promise.resolve(
        Response.json(
          { status: 404, code: "2404", name: "NOT_FOUND_ERROR", message: `Cannot GET ${path}`, context: {} },
          { status: 404 },
        ),
      );
    return Promise.resolve(Response.json(answer.body));
  });
  t.after(() => server.close());
  return { settings: { "api-key": KEY, "base-url": `${server.origin}/api` }, counter };
}

async function syncRecorded(t: TestContext, variant: Variant = {}) {
  const { settings } = await serveRecorded(t, variant);
  const file = join(tempDir(t), "sync.c1z");
  const run = await syncWith(codefresh, settings, file);
  const opened = await openC1z(t, file);
  const holders = (entitlementId: string): string[] =>
    [...opened.reader.grants(opened.syncId, { entitlementId })].map((grant) => grant.principal.id.resource).sort();
  return { run, ...opened, holders };
}

describe("Codefresh connector on recorded answers", () => {
  it("every recorded file names where its shape comes from", () => {
    for (const name of FILES)
      assert.match(recorded(name).origin, /(terraform-provider-codefresh|docs\.codefresh\.io)/, name);
  });

  it("service accounts become users of account type service, and a service account whose roles hold Admin is an Admin", async (t) => {
    const { reader, syncId, holders } = await syncRecorded(t);
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), 4);
    for (const id of [DEPLOY_BOT, CI_BOT])
      assert.equal(
        reader.getResource(syncId, { resourceType: "user", resource: id })?.user?.accountType,
        "service",
        id,
      );
    assert.equal(reader.getResource(syncId, { resourceType: "user", resource: RHEA })?.user?.accountType, "human");
    assert.equal(reader.getResource(syncId, { resourceType: "user", resource: DEPLOY_BOT })?.displayName, "deploy-bot");
    assert.deepEqual(holders("role:admin:assigned"), [RHEA, DEPLOY_BOT].sort());
    assert.deepEqual(holders("role:user:assigned"), [TOMAS, CI_BOT].sort());
  });

  it("a service account keeps its teams, whether the team's own list names it or only its teams list does", async (t) => {
    const { holders } = await syncRecorded(t);
    assert.deepEqual(holders(`team:${USERS_TEAM}:member`), [RHEA, TOMAS, CI_BOT].sort());
    assert.deepEqual(holders(`team:${ADMINS_TEAM}:member`), [RHEA, DEPLOY_BOT].sort());
    assert.deepEqual(
      holders(`team:${PLATFORM_TEAM}:member`),
      [TOMAS, CI_BOT].sort(),
      "ci-bot is in platform only by its own teams list",
    );
  });

  it("an installation without GET /service-users (404) syncs its members and teams, and says service accounts are missing", async (t) => {
    const { reader, syncId, run, holders } = await syncRecorded(t, { noServiceUsers: true });
    assert.equal(reader.countResources(syncId, { resourceType: "user" }), 2);
    assert.match(run.log, /has no GET \/service-users \(404\): no service accounts are synced/);
    // The team lists name service accounts the file does not hold: left out, and said so.
    assert.deepEqual(holders(`team:${USERS_TEAM}:member`), [RHEA, TOMAS].sort());
    assert.match(run.log, /a team lists users who are not account members/);
  });

  it("the recorded 403 for unusual activity fails at once, with its own message, and is not retried", async (t) => {
    const { settings, counter } = await serveRecorded(t, { restricted: true });
    const connector = codefresh.create(settingsFrom(codefresh, settings), {
      logger: silentLogger,
      http: { ...FAST_HTTP, retry: { ...FAST_HTTP.retry, maxAttempts: 8 } },
    });
    await assert.rejects(
      connector.validate({ signal: new AbortController().signal, logger: silentLogger }),
      (error: unknown) => {
        assert.ok(isIdsyncError(error) && error.kind === "permission-denied", String(error));
        assert.match(error.message, /restricted this API key for unusual activity/);
        assert.match(error.hint ?? "", /not a rate limit/);
        return true;
      },
    );
    assert.equal(counter.requests, 1);
  });
});
