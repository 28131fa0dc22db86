/**
 * The answer checks through `syncToFile`: a tenant held in memory (no API: what is under test is
 * what the engine does with a whole answer), written into real c1z files.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, it, type TestContext } from "node:test";
import { tempDir } from "../../testkit/index.ts";
import { AnswerRefusedError, EXIT_CODES, exitCodeFor } from "../errors/index.ts";
import { createLogger } from "../log/index.ts";
import { defineResourceType, newEntitlement, newGrant, newGroupResource, newUserResource } from "../model/index.ts";
import { findShrinkage, SHRINK_FLOOR, shrankTooMuch } from "./answer-checks.ts";
import type { Connector, ExpectedCaller } from "./connector.ts";
import { syncToFile } from "./run.ts";

const userType = defineResourceType({
  id: "user",
  displayName: "User",
  traits: ["user"],
  skipEntitlements: true,
  skipGrants: true,
});
const teamType = defineResourceType({ id: "team", displayName: "Team", traits: ["group"] });

interface Tenant {
  users: number;
  /** Members of each team, by team id: the first `n` users. */
  teams: Record<string, number>;
  caller?: ExpectedCaller;
}

const userId = (n: number): string => `u${n}`;

function connectorFor(tenant: Tenant): Connector {
  return {
    name: "memory",
    displayName: "Memory",
    syncers: [
      {
        resourceType: userType,
        list: () =>
          Promise.resolve({
            items: Array.from({ length: tenant.users }, (_, n) =>
              newUserResource(userType, userId(n), `User ${n}`, {}),
            ),
          }),
        entitlements: () => Promise.resolve({ items: [] }),
        grants: () => Promise.resolve({ items: [] }),
      },
      {
        resourceType: teamType,
        list: () =>
          Promise.resolve({
            items: Object.keys(tenant.teams).map((id) => newGroupResource(teamType, id, `Team ${id}`, {})),
          }),
        entitlements: (_ctx, team) =>
          Promise.resolve({ items: [newEntitlement(team, "member", { grantableTo: [userType] })] }),
        grants: (_ctx, team) =>
          Promise.resolve({
            items: Array.from({ length: tenant.teams[team.id.resource] ?? 0 }, (_, n) =>
              newGrant(team, "member", { resourceType: "user", resource: userId(n) }),
            ),
          }),
      },
    ],
    validate: () => Promise.resolve(tenant.caller ? { caller: tenant.caller } : {}),
  };
}

async function sync(file: string, tenant: Tenant, options: { allowShrink?: boolean } = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: "info", format: "json", stream });
  try {
    const summary = await syncToFile({ connector: connectorFor(tenant), file, logger, ...options });
    return { summary, log: lines.join("") };
  } catch (error) {
    return { error, log: lines.join("") };
  }
}

function fileIn(t: TestContext): string {
  return join(tempDir(t), "sync.c1z");
}

/** Syncs `before`, then `after`, and says what the second run did to the file. */
async function twice(t: TestContext, before: Tenant, after: Tenant, options: { allowShrink?: boolean } = {}) {
  const file = fileIn(t);
  const first = await sync(file, before);
  assert.ok(first.summary, String(first.error));
  const bytes = readFileSync(file);
  const second = await sync(file, after, options);
  const leftovers = readdirSync(join(file, "..")).filter((name) => name.includes("idsync-wip"));
  return { ...second, file, unchanged: readFileSync(file).equals(bytes), leftovers };
}

describe("the shrink rule", () => {
  it("refuses an empty count that was not, and a drop under half from the floor up", () => {
    assert.equal(shrankTooMuch(1, 0), true);
    assert.equal(shrankTooMuch(SHRINK_FLOOR, SHRINK_FLOOR / 2 - 1), true);
    assert.equal(shrankTooMuch(SHRINK_FLOOR, SHRINK_FLOOR / 2), false, "exactly half is not under half");
    assert.equal(shrankTooMuch(SHRINK_FLOOR - 1, 1), false, "under the floor, only empty counts");
    assert.equal(shrankTooMuch(0, 0), false);
    assert.deepEqual(
      findShrinkage({ user: 40, team: 3 }, { team: 3 }, ["user", "team", "role"], (type) => type),
      [{ what: "user", before: 40, now: 0 }],
    );
  });
});

describe("a sync whose answer shrank against the previous full sync", () => {
  const good: Tenant = { users: 40, teams: { t1: 20, t2: 3 } };

  it("fails on an empty user listing and leaves the file byte for byte, with no working copy", async (t) => {
    const outcome = await twice(t, good, { users: 0, teams: { t1: 0, t2: 0 } });
    assert.ok(outcome.error instanceof AnswerRefusedError, String(outcome.error));
    assert.equal(exitCodeFor(outcome.error), EXIT_CODES.syncFailed);
    assert.equal(
      outcome.error.message,
      `the answer shrank sharply against the previous full sync in ${outcome.file}: user down to 0 from 40; the file was left as it was`,
    );
    assert.match(outcome.error.hint ?? "", /--allow-shrink \(BATON_ALLOW_SHRINK=true\)/);
    assert.ok(outcome.unchanged);
    assert.deepEqual(outcome.leftovers, [], "the next run reads the tenant afresh");
  });

  it("fails when a listing falls under half, and lets a smaller drop through", async (t) => {
    const halved = await twice(t, good, { ...good, users: 19 });
    assert.ok(halved.error instanceof AnswerRefusedError);
    assert.match(halved.error.message, /: user down to 19 from 40;/);
    assert.ok(halved.unchanged);
    const fewer = await twice(t, good, { ...good, users: 20 });
    assert.ok(fewer.summary, String(fewer.error));
  });

  it("fails when a team that still exists lost all of its many members", async (t) => {
    const outcome = await twice(t, good, { ...good, teams: { t1: 0, t2: 3 } });
    assert.ok(outcome.error instanceof AnswerRefusedError, String(outcome.error));
    assert.match(
      outcome.error.message,
      /: grants on team down to 3 from 23; team:t1 \("Team t1"\) down to 0 grants from 20;/,
    );
    assert.ok(outcome.unchanged);
    // A team deleted, or a small one emptied, is ordinary.
    assert.ok((await twice(t, good, { ...good, teams: { t1: 20 } })).summary);
    assert.ok((await twice(t, good, { ...good, teams: { t1: 20, t2: 0 } })).summary);
  });

  it("saves it with --allow-shrink, and says so in a warning", async (t) => {
    const outcome = await twice(t, good, { users: 0, teams: {} }, { allowShrink: true });
    assert.ok(outcome.summary, String(outcome.error));
    assert.deepEqual(outcome.summary.stats.resourcesByType, { team: 0, user: 0 });
    const warning = outcome.log.split("\n").find((line) => line.includes("--allow-shrink"));
    assert.ok(warning, outcome.log);
    assert.equal(JSON.parse(warning).level, "warn");
    assert.match(warning, /user down to 0 from 40; team down to 0 from 2/);
  });

  it("compares nothing on a first sync, however small", async (t) => {
    const file = fileIn(t);
    const first = await sync(file, { users: 1, teams: {} });
    assert.ok(first.summary, String(first.error));
  });
});

describe("a user listing without the caller validation saw", () => {
  const caller: ExpectedCaller = {
    id: { resourceType: "user", resource: userId(7) },
    description: "the API key's own user",
    source: "GET /me",
  };

  it("fails, even with --allow-shrink and no previous sync", async (t) => {
    const file = fileIn(t);
    const outcome = await sync(file, { users: 5, teams: {}, caller }, { allowShrink: true });
    assert.ok(outcome.error instanceof AnswerRefusedError, String(outcome.error));
    assert.equal(exitCodeFor(outcome.error), EXIT_CODES.syncFailed);
    assert.equal(
      outcome.error.message,
      `the user listing lacks user:u7, the API key's own user (GET /me), so the answer contradicts what validation saw; ${file} was left as it was`,
    );
    assert.ok(!existsSync(file));
    assert.deepEqual(
      readdirSync(join(file, "..")).filter((name) => name.includes("idsync-wip")),
      [],
    );
  });

  it("passes when the caller is listed", async (t) => {
    assert.ok((await sync(fileIn(t), { users: 8, teams: {}, caller })).summary);
  });
});
