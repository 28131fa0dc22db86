import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Code } from "@connectrpc/connect";

import { TaskSchema } from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import {
  authorizedClient,
  batonClient,
  fakeForTest,
  helloRequest,
  HOST_ID,
  postTokenHttp1,
  rejectsWith,
  tokenForm,
} from "./_test-support.ts";
import { GrpcCode, TASK_ID_PATTERN, TASK_TYPES, TOKEN_EXPIRY_LEEWAY_MS, type FakeC1 } from "./index.ts";

describe("fake ConductorOne: authentication of gRPC calls", () => {
  it("serves a call carrying a token it issued, and records it", async (t) => {
    const fake = await fakeForTest(t);
    const { client, token } = await authorizedClient(fake);
    await client.hello(helloRequest());
    assert.deepEqual(fake.violations, []);
    const [call] = fake.calls;
    assert.equal(call!.method, "Hello");
    assert.equal(call!.authorization, `Bearer ${token}`);
    assert.equal(call!.userAgent, "idsync-test idsync-test-client/0");
    assert.equal(call!.code, GrpcCode.OK);
    assert.equal(fake.hellos[0]!.request.connectorMetadata?.displayName, "Clockify");
  });

  it("answers 16 Unauthenticated without a token, with one it never issued, or with another scheme", async (t) => {
    const fake = await fakeForTest(t);
    const { token } = await authorizedClient(fake);
    await rejectsWith(batonClient(fake).hello(helloRequest()), Code.Unauthenticated, /no authorization header/);
    await rejectsWith(
      batonClient(fake, { authorization: "Bearer tok-999" }).hello(helloRequest()),
      Code.Unauthenticated,
      /not carry a token this server issued/,
    );
    await rejectsWith(
      batonClient(fake, { authorization: `DPoP ${token}` }).hello(helloRequest()),
      Code.Unauthenticated,
      /scheme is "DPoP", not "Bearer"/,
    );
    assert.equal(fake.violations.length, 3);
    assert.ok(!fake.violations.join("\n").includes(token), "the token is never quoted");
  });

  it("answers 16 once a token is past its lifetime (plus leeway), on the fake's clock", async (t) => {
    let now = Date.parse("2026-06-01T12:00:00Z");
    const fake = await fakeForTest(t, { now: () => now });
    fake.script.token.expiresIn = 15;
    const { token } = await tokenAt(fake, now);
    const client = batonClient(fake, { authorization: `Bearer ${token}` });
    now += 15_000 + TOKEN_EXPIRY_LEEWAY_MS;
    await client.hello(helloRequest());
    now += 1_000;
    await rejectsWith(client.getTask({ hostId: HOST_ID }), Code.Unauthenticated, /expired 6 s ago/);
  });

  it("accepts 'bearer' tokens sent as 'Bearer', as x/oauth2 normalises them", async (t) => {
    const fake = await fakeForTest(t);
    fake.script.token.tokenType = "bearer";
    const { client } = await authorizedClient(fake);
    await client.hello(helloRequest());
    assert.deepEqual(fake.violations, []);
  });

  it("records a user agent that does not start with the client name, but serves the call", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake, { userAgent: "connect-es/2.3.0" });
    await client.hello(helloRequest());
    assert.deepEqual(fake.violations, ['Hello: user-agent "connect-es/2.3.0" does not start with "idsync-test "']);
  });

  it("answers GetTasks and StartDebugging 12 Unimplemented", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await rejectsWith(client.getTasks({ hostId: HOST_ID, pageSize: 3 }), Code.Unimplemented);
    await rejectsWith(client.startDebugging({}), Code.Unimplemented);
    assert.deepEqual(fake.violations, []);
  });
});

/** A token issued while the fake's clock reads `nowMs`. */
async function tokenAt(fake: FakeC1, nowMs: number): Promise<{ token: string }> {
  const response = await postTokenHttp1(fake, tokenForm(fake, {}, { nowMs }));
  assert.equal(response.status, 200);
  return { token: response.body["access_token"] as string };
}

describe("fake ConductorOne: Hello", () => {
  it("refuses a Hello with an empty OS field or no sync capability: 3 InvalidArgument, recorded", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    const request = helloRequest();
    request.osInfo.kernelArch = "";
    request.connectorMetadata.capabilities.connectorCapabilities = [];
    await rejectsWith(client.hello(request), Code.InvalidArgument, /os_info\.kernelArch is empty/);
    assert.deepEqual(fake.violations, [
      "Hello: os_info.kernelArch is empty; baton-sdk fills every OS field because C1 needs them",
      "Hello: connector_capabilities lacks CAPABILITY_SYNC",
    ]);
    assert.equal(fake.hellos[0]!.code, GrpcCode.InvalidArgument);
  });

  it("refuses a Hello without metadata, or with no resource types", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await rejectsWith(
      client.hello({ ...helloRequest(), connectorMetadata: undefined }),
      Code.InvalidArgument,
      /connector_metadata is required/,
    );
    const bare = helloRequest();
    bare.connectorMetadata.capabilities.resourceTypeCapabilities = [];
    await rejectsWith(client.hello(bare), Code.InvalidArgument, /no resource_type_capabilities/);
  });

  it("wants the expected host id, and the same one in every call", async (t) => {
    const fake = await fakeForTest(t, { expectedHostId: "pod-1" });
    const { client } = await authorizedClient(fake);
    await rejectsWith(
      client.hello(helloRequest()),
      Code.InvalidArgument,
      /host_id "build-agent-7" is not the expected "pod-1"/,
    );
    await client.hello(helloRequest({ hostId: "pod-1" }));
    await rejectsWith(client.getTask({ hostId: "pod-2" }), Code.InvalidArgument, /host_id "pod-2"/);
  });

  it("accepts the task id of a hello task it handed out, and no other", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await client.hello(helloRequest());
    const id = fake.queueTask({ type: "hello" });
    assert.equal((await client.getTask({ hostId: HOST_ID })).task?.taskType.case, "hello");
    await client.hello(helloRequest({ taskId: id }));
    await rejectsWith(
      client.hello(helloRequest({ taskId: "0".repeat(27) })),
      Code.InvalidArgument,
      /not a hello task this server handed out/,
    );
  });

  it("answers scripted failures first: 14 twice, then OK", async (t) => {
    const fake = await fakeForTest(t);
    fake.script.helloFailures.push(GrpcCode.Unavailable, GrpcCode.Unavailable);
    const { client } = await authorizedClient(fake);
    await rejectsWith(client.hello(helloRequest()), Code.Unavailable);
    await rejectsWith(client.hello(helloRequest()), Code.Unavailable);
    await client.hello(helloRequest());
    assert.deepEqual(
      fake.hellos.map((hello) => hello.code),
      [14, 14, 0],
    );
    assert.deepEqual(fake.violations, []);
  });
});

describe("fake ConductorOne: GetTask", () => {
  it("wants a Hello first: 9 FailedPrecondition", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await rejectsWith(client.getTask({ hostId: HOST_ID }), Code.FailedPrecondition, /no Hello was accepted first/);
  });

  it("hands out queued tasks first in, first out, with KSUID-like ids, then no task", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await client.hello(helloRequest());
    const ids = [
      fake.queueTask({ type: "sync_full", skipEntitlementsAndGrants: true, syncResourceTypeIds: ["user"] }),
      fake.queueTask({ type: "grant" }),
      fake.queueTask({ type: "revoke" }),
    ];
    const answers = [];
    for (let index = 0; index < 4; index++) answers.push(await client.getTask({ hostId: HOST_ID }));
    assert.deepEqual(
      answers.map((answer) => answer.task?.id),
      [...ids, undefined],
    );
    for (const id of ids) assert.match(id, TASK_ID_PATTERN);
    assert.equal(new Set(ids).size, 3);
    const sync = answers[0]!.task!.taskType;
    assert.equal(sync.case, "syncFull");
    assert.equal(sync.case === "syncFull" && sync.value.skipEntitlementsAndGrants, true);
    assert.deepEqual(sync.case === "syncFull" && sync.value.syncResourceTypeIds, ["user"]);
    const grant = answers[1]!.task!.taskType;
    assert.equal(grant.case === "grant" && grant.value.entitlement?.id, "role:admin:assigned");
    assert.equal(grant.case === "grant" && grant.value.principal?.id?.resourceType, "user");
    const revoke = answers[2]!.task!.taskType;
    assert.equal(revoke.case === "revoke" && revoke.value.grant?.id, "role:admin:assigned:user:u-ada");
    assert.deepEqual([answers[3]!.nextPoll?.seconds, answers[3]!.nextHeartbeat?.seconds], [1n, 1n]);
  });

  it("sends the scripted next_poll and next_heartbeat, and scripted failures", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await client.hello(helloRequest());
    fake.script.nextPollMs = 2500;
    fake.script.nextHeartbeatMs = 0;
    fake.script.getTaskFailures.push(GrpcCode.Unauthenticated);
    await rejectsWith(client.getTask({ hostId: HOST_ID }), Code.Unauthenticated);
    const answer = await client.getTask({ hostId: HOST_ID });
    assert.deepEqual(
      [answer.nextPoll?.seconds, answer.nextPoll?.nanos, answer.nextHeartbeat?.seconds],
      [2n, 500_000_000, 0n],
    );
  });

  it("can send every task type of the proto, and one the proto does not know, which decodes as no case", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await authorizedClient(fake);
    await client.hello(helloRequest());
    assert.deepEqual(
      TASK_TYPES,
      TaskSchema.oneofs[0]!.fields.map((field) => field.name),
    );
    for (const type of TASK_TYPES) fake.queueTask({ type });
    const unknown = fake.queueTask({ type: "unknown", fieldNumber: 150 });
    for (const type of TASK_TYPES) {
      const task = (await client.getTask({ hostId: HOST_ID })).task!;
      assert.equal(TaskSchema.oneofs[0]!.fields.find((field) => field.localName === task.taskType.case)?.name, type);
    }
    const task = (await client.getTask({ hostId: HOST_ID })).task!;
    assert.equal(task.id, unknown);
    assert.equal(task.taskType.case, undefined);
    assert.deepEqual(
      task.$unknown?.map((field) => field.no),
      [150],
    );
    assert.throws(() => fake.queueTask({ type: "unknown", fieldNumber: 102 }), /field 102 is one Task defines/);
    assert.throws(() => fake.queueTask({ type: "nope" as "grant" }), /no task type "nope"/);
  });

  it("records a GetTask made while the client's task limit is taken", async (t) => {
    const fake = await fakeForTest(t, { taskConcurrency: 1 });
    const { client } = await authorizedClient(fake);
    await client.hello(helloRequest());
    fake.queueTask({ type: "sync_full" });
    await client.getTask({ hostId: HOST_ID });
    await client.getTask({ hostId: HOST_ID });
    assert.deepEqual(fake.violations, ["GetTask: 1 tasks are running, the client's limit is 1"]);
  });
});
