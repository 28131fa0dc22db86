/**
 * Service mode before and between tasks: credentials, the token, Hello and its retries, polling
 * and its pacing, against the fake ConductorOne over TLS (c1-service-mode.md §7.3, scenarios 2–5,
 * 12 and 15).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GrpcCode } from "../../src/simulators/c1/index.ts";
import { assertNoSecrets, fakeC1, logLines, runInProcess } from "./_harness.ts";

describe("service mode: credentials", () => {
  test("a token endpoint refusing the credentials ends the connector with exit 3 after one token request", async (t) => {
    const fake = await fakeC1(t);
    fake.script.token.failStatuses.push(401, 401, 401);
    const running = await runInProcess(t, fake);
    assert.equal(await running.exit, 3);
    assert.equal(fake.tokenRequests.length, 1, "a refusal is final: no second try");
    assert.equal(fake.calls.length, 0, "no Hello without a token");
    const [line, hint, ...more] = running.errors().trim().split("\n");
    assert.deepEqual(more, [], "one error line and its hint");
    assert.match(
      line!,
      /^error: ConductorOne refused the connector's client credentials \(POST https:\/\/localhost:\d+\/auth\/v1\/token returned 401\)$/,
    );
    assert.match(hint!, /^hint: check BATON_CLIENT_ID and BATON_CLIENT_SECRET/);
    assertNoSecrets(fake, running);
  });

  test("a client id or secret that cannot be one is exit 2 before any request", async (t) => {
    const fake = await fakeC1(t);
    const badId = await runInProcess(t, fake, { env: { BATON_CLIENT_ID: "not-a-client-id" } });
    assert.equal(await badId.exit, 2);
    assert.match(badId.errors(), /client-id/);
    const badSecret = await runInProcess(t, fake, {
      env: { BATON_CLIENT_SECRET: "secret-token:conductorone.com:v1:not-base64!" },
    });
    assert.equal(await badSecret.exit, 2);
    assert.match(badSecret.errors(), /client-secret/);
    assert.doesNotMatch(badSecret.errors(), /not-base64/, "the value is never echoed");
    const noSecret = await runInProcess(t, fake, { env: { BATON_CLIENT_SECRET: "" } });
    assert.equal(await noSecret.exit, 2);
    assert.match(noSecret.errors(), /client-secret is required in service mode/);
    assert.equal(fake.tokenRequests.length, 0);
    assert.equal(fake.calls.length, 0);
  });

  test("a secret without an id is exit 2, not a one-shot sync", async (t) => {
    const fake = await fakeC1(t);
    const running = await runInProcess(t, fake, { env: { BATON_CLIENT_ID: "" } });
    assert.equal(await running.exit, 2);
    assert.match(running.errors(), /client-id/);
    assert.equal(fake.tokenRequests.length, 0);
  });

  test("with no lifetime on the token, every call asks for a new one (as Go does)", async (t) => {
    const fake = await fakeC1(t);
    fake.script.token.expiresIn = 0;
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.calls.filter((c) => c.method === "GetTask").length >= 3, { what: "three polls" });
    assert.equal(await running.stop(), 0);
    const ended = fake.calls.filter((c) => c.code !== undefined).length;
    assert.ok(fake.tokenRequests.length >= ended, `${fake.tokenRequests.length} token requests for ${ended} calls`);
    assert.deepEqual(fake.violations, []);
  });

  test("a token lasting an hour is asked for once", async (t) => {
    const fake = await fakeC1(t);
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.calls.filter((c) => c.method === "GetTask").length >= 3, { what: "three polls" });
    assert.equal(await running.stop(), 0);
    assert.equal(fake.tokenRequests.length, 1);
    assert.ok(
      fake.calls.every((call) => call.authorization === fake.calls[0]!.authorization),
      "the same Bearer token on every call",
    );
  });
});

describe("service mode: Hello", () => {
  test("Unavailable twice, then OK: retried after 1 s and 2 s, each retry logged", async (t) => {
    const fake = await fakeC1(t);
    fake.script.helloFailures.push(GrpcCode.Unavailable, GrpcCode.Unavailable);
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.calls.some((c) => c.method === "GetTask"), { what: "polling to start" });
    assert.equal(await running.stop(), 0);
    assert.deepEqual(
      fake.hellos.map((h) => h.code),
      [GrpcCode.Unavailable, GrpcCode.Unavailable, GrpcCode.OK],
    );
    assert.deepEqual(running.waits.slice(0, 2), [1000, 2000]);
    const retries = logLines(running.log()).filter(
      (line) => line["msg"] === "ConductorOne did not answer the Hello; trying again",
    );
    assert.deepEqual(
      retries.map((line) => line["waitMs"]),
      [1000, 2000],
    );
  });

  test("an unreachable ConductorOne is retried, not given up on, and says so", async (t) => {
    const fake = await fakeC1(t);
    const running = await runInProcess(t, fake, { env: { BATON_C1_API_HOST: "127.0.0.1:9" } });
    await waitUntil(() => running.waits.length >= 2);
    assert.equal(await running.stop(), 0);
    const retry = logLines(running.log()).find(
      (line) => line["msg"] === "ConductorOne did not answer the Hello; trying again",
    );
    // The override moves the token endpoint too (baton-sdk c1_credential_provider.go:114-117).
    assert.match(
      String(retry?.["error"]),
      /cannot reach ConductorOne at POST https:\/\/127\.0\.0\.1:9\/auth\/v1\/token: nothing accepts connections there/,
    );
  });

  test("a Hello refused as invalid is final: exit 5 naming the call, without retrying", async (t) => {
    const fake = await fakeC1(t);
    fake.script.helloFailures.push(GrpcCode.InvalidArgument);
    const running = await runInProcess(t, fake);
    assert.equal(await running.exit, 5);
    assert.equal(fake.hellos.length, 1);
    assert.match(running.errors(), /Hello at https:\/\/localhost:\d+ failed: InvalidArgument/);
  });
});

describe("service mode: polling", () => {
  test("GetTask failing three times waits 1 s, 4 s, 9 s, then polls at next_poll again", async (t) => {
    const fake = await fakeC1(t);
    fake.script.getTaskFailures.push(GrpcCode.Unavailable, GrpcCode.Unavailable, GrpcCode.Unavailable);
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.calls.filter((c) => c.method === "GetTask" && c.code === GrpcCode.OK).length >= 3, {
      what: "polling to recover",
    });
    assert.equal(await running.stop(), 0);
    // The first wait (0) is before the first poll.
    assert.deepEqual(running.waits.slice(0, 6), [0, 1000, 4000, 9000, 1000, 1000]);
    assert.deepEqual(fake.violations, []);
  });

  test("next_poll paces the polls, a 10 min one is clamped to 5 min, none is idle", async (t) => {
    const fake = await fakeC1(t);
    fake.script.nextPollMs = 2000;
    fake.queueTask({ type: "none" });
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.calls.filter((c) => c.method === "GetTask").length >= 3, { what: "three polls" });
    fake.script.nextPollMs = 10 * 60_000;
    await waitUntil(() => running.waits.includes(5 * 60_000));
    assert.equal(await running.stop(), 0, "a stop ends a long wait at once");
    assert.deepEqual(running.waits.slice(0, 3), [0, 2000, 2000]);
    assert.ok(!running.waits.some((wait) => wait > 5 * 60_000));
    assert.equal(fake.finishes.length, 0, "a none task needs no answer");
    assert.ok(!logLines(running.log()).some((line) => line["msg"] === "task started"), "and is not a task run");
    assert.deepEqual(fake.violations, []);
  });

  test("a token refused after start-up is retried with the poll back-off, not the end", async (t) => {
    const fake = await fakeC1(t);
    fake.script.token.expiresIn = 0;
    const running = await runInProcess(t, fake);
    await fake.waitFor(() => fake.calls.some((c) => c.method === "GetTask" && c.code === GrpcCode.OK), {
      what: "a first poll",
    });
    fake.script.token.failStatuses.push(401);
    await fake.waitFor(() => fake.tokenRequests.some((r) => r.status === 401), { what: "the refusal" });
    await fake.waitFor(() => fake.tokenRequests.at(-1)!.status === 200 && fake.calls.at(-1)!.code === GrpcCode.OK, {
      what: "polling to go on",
    });
    assert.equal(await running.stop(), 0);
    const warning = logLines(running.log()).find((line) => line["msg"] === "asking ConductorOne for a task failed");
    assert.match(String(warning?.["error"]), /refused the connector's client credentials/);
  });
});

/** For conditions the fake cannot announce (the connector's own waits): checked every few ms. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), "the condition never held");
}
