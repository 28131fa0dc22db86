/**
 * Each simulator answers a page with work proportional to the page, not the tenant: lookups are
 * built once per tenant state. Measured without clocks, by the items the answers touch
 * (`stats().itemsTouched`): after a first request has built the indexes, the same pages cost the
 * same at 1,000 and at 10,000 users. A per-request scan, sort or index rebuild grows tenfold.
 */

import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";

import { startClockify } from "./clockify/_test-client.ts";
import { startCodefresh } from "./codefresh/_test-client.ts";
import { json, startEnv0 } from "./env0/_test-client.ts";
import { startRunlayer } from "./runlayer/_test-client.ts";
import type { Simulator } from "./index.ts";

const SIZES = [1_000, 10_000] as const;

interface Served {
  simulator: Simulator;
  /** The requests of one listing, each awaited and checked by the caller. */
  pages(): Promise<Response>[] | Promise<Promise<Response>[]>;
}

/** Items touched by the second round of the same pages, when every index already exists. */
async function workOfPages(serve: () => Promise<Served>): Promise<number> {
  const served = await serve();
  for (const response of await served.pages()) assert.equal((await response).status, 200);
  const before = served.simulator.stats().itemsTouched;
  for (const response of await served.pages()) assert.equal((await response).status, 200);
  return served.simulator.stats().itemsTouched - before;
}

async function assertFlat(t: TestContext, serve: (users: number) => Promise<Served>, pageItems: number): Promise<void> {
  const [small, large] = [await workOfPages(() => serve(SIZES[0])), await workOfPages(() => serve(SIZES[1]))];
  t.diagnostic(`items touched: ${small} at ${SIZES[0]} users, ${large} at ${SIZES[1]}`);
  assert.equal(large, small, "the same pages cost the same whatever the tenant's size");
  assert.ok(large <= pageItems, `${large} items touched for pages of ${pageItems} items`);
}

test("Clockify pages of users and groups cost their own items", async (t) => {
  await assertFlat(
    t,
    async (users) => {
      const client = await startClockify(t, { users, groups: 40, rateLimit: false });
      const path = client.workspacePath;
      return {
        simulator: client.simulator,
        pages: () => [
          client.call(`${path}/users?page=3&page-size=100&status=ALL`),
          client.call(`${path}/user-groups?page=2&page-size=10`),
        ],
      };
    },
    110,
  );
});

test("env0 pages of teams cost their own items", async (t) => {
  await assertFlat(
    t,
    async (users) => {
      const client = await startEnv0(t, { users, groups: 40, rateLimit: false });
      const first = await json<{ nextPageKey?: string }>(
        await client.call(`/teams/organizations/${client.tenant.organizationId}?limit=10`),
      );
      assert.ok(first.nextPageKey);
      return {
        simulator: client.simulator,
        pages: () => [
          client.call(`/teams/organizations/${client.tenant.organizationId}?limit=10&offset=${first.nextPageKey}`),
        ],
      };
    },
    10,
  );
});

test("Runlayer pages of users and assignments cost their own items", async (t) => {
  await assertFlat(
    t,
    async (users) => {
      const client = await startRunlayer(t, { users, rateLimit: false });
      return {
        simulator: client.simulator,
        pages: () => [
          client.call("/users?skip=200&limit=100"),
          client.call("/roles/assignments?skip=100&limit=100"),
          client.call("/roles/assignments?role=helpdesk&limit=20"),
        ],
      };
    },
    220,
  );
});

test("Codefresh finds the caller's account without scanning its members", async (t) => {
  await assertFlat(
    t,
    async (users) => {
      const client = await startCodefresh(t, { users, rateLimit: false });
      return { simulator: client.simulator, pages: () => [client.call("/user")] };
    },
    0,
  );
});
