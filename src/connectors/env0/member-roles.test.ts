/**
 * The members list is read once and not kept: the roles that follow the users listing are served
 * from who-holds-which-role, without a second request and without holding any member object.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";

import { createConnectorKit, silentLogger } from "../../core/index.ts";
import { FAST_HTTP } from "../../testkit/index.ts";
import { Env0Client, type Env0Member } from "./client.ts";
import { serveEnv0 } from "./_test-support.ts";

/** Node's `gc()`, without needing --expose-gc on the test runner's command line. */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/** A client of the served tenant, and the kit that counts its requests. */
function clientOf(settings: Record<string, unknown>): {
  client: Env0Client;
  kit: ReturnType<typeof createConnectorKit>;
} {
  const kit = createConnectorKit({ logger: silentLogger, http: FAST_HTTP });
  const client = new Env0Client({
    baseUrl: settings["base-url"] as string,
    apiKeyId: settings["api-key-id"] as string,
    apiKeySecret: settings["api-key-secret"] as string,
    organizationId: settings["organization-id"] as string,
    kit,
  });
  return { client, kit };
}

test("after the users listing reads the members, none of their objects is kept, and their roles cost no second request", async (t) => {
  const served = await serveEnv0(t, { users: 200 });
  const { client, kit } = clientOf(served.settings);
  const signal = new AbortController().signal;

  // In a function of its own, so no reference to the members outlives it on this stack.
  const readMembers = async (): Promise<{ refs: WeakRef<Env0Member>[]; roles: Map<string, number> }> => {
    const members = await client.listMembers({ map: (member) => member, signal });
    const roles = new Map<string, number>();
    for (const member of members) roles.set(member.role, (roles.get(member.role) ?? 0) + 1);
    return { refs: members.map((member) => new WeakRef(member)), roles };
  };
  const { refs, roles: expected } = await readMembers();
  assert.equal(refs.length, 200);
  const requestsAfterMembers = kit.requestStats().requests;

  const memberRoles = await client.listMemberRoles({ signal });
  assert.equal(
    kit.requestStats().requests,
    requestsAfterMembers,
    "the roles come from the members read, not a second request",
  );
  assert.equal(memberRoles.size, 200);
  assert.deepEqual(
    new Map([...memberRoles.roles()].map((role) => [role, memberRoles.holdersOf(role).length])),
    expected,
  );

  const gc = collector();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const retained = refs.filter((ref) => ref.deref() !== undefined).length;
  assert.equal(retained, 0, `${retained} member objects are still held after the users listing`);
});

test("roles asked before any users listing read the members once and keep only their roles", async (t) => {
  const served = await serveEnv0(t, { users: 50 });
  const { client, kit } = clientOf(served.settings);
  const signal = new AbortController().signal;
  const [first, second] = await Promise.all([client.listMemberRoles({ signal }), client.listMemberRoles({ signal })]);
  assert.equal(first, second);
  assert.equal(first.size, 50);
  assert.equal(kit.requestStats().requests, 1);
});
