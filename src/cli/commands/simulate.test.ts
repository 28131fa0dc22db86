import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, it } from "node:test";

import { EXIT_CODES } from "../../core/index.ts";
import { authorizedClient, HOST_ID, helloRequest, type FakeEndpoint } from "../../simulators/c1/_test-support.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";
import { run } from "./_test-run.ts";

interface Printed {
  name: string;
  apiHost: string;
  clientId: string;
  clientSecret: string;
  caFile: string;
  env: Record<string, string>;
}

/** Runs `idsync simulate c1 …` until the test aborts it; resolves `printed` with its JSON line. */
function startSimulateC1(args: string[]) {
  const controller = new AbortController();
  let resolvePrinted!: (printed: Printed) => void;
  let rejectPrinted!: (error: Error) => void;
  const printed = new Promise<Printed>((resolve, reject) => {
    resolvePrinted = resolve;
    rejectPrinted = reject;
  });
  let text = "";
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      if (text.includes("\n")) resolvePrinted(JSON.parse(text.slice(0, text.indexOf("\n"))) as Printed);
      done();
    },
  });
  const stderr = captureStream();
  const exited = runIdsync(["simulate", "c1", ...args], { stdout, stderr, env: {}, signal: controller.signal });
  // A failed start prints no line: let the test see the exit instead of waiting for it.
  void exited.then((code) => {
    if (!text.includes("\n")) rejectPrinted(new Error(`exited ${code}: ${stderr.text()}`));
  });
  return { printed, exited, stop: () => controller.abort(), stderr, stdout: () => text };
}

function endpoint(printed: Printed): FakeEndpoint {
  return {
    clientId: printed.clientId,
    clientSecret: printed.clientSecret,
    clientName: printed.clientId.slice(0, printed.clientId.indexOf("@")),
    port: Number(printed.apiHost.split(":")[1]),
    caPem: readFileSync(printed.caFile, "utf8"),
  };
}

describe("idsync simulate c1", () => {
  it("prints one line with the credentials, CA file and env, serves the tasks in order, and stops on abort", async (t) => {
    const out = mkdtempSync(path.join(tmpdir(), "simulate-c1-out-"));
    t.after(() => rmSync(out, { recursive: true, force: true }));
    const simulation = startSimulateC1([
      "--task",
      "sync_full",
      "--task",
      "grant",
      "--out",
      out,
      "--next-poll-ms",
      "250",
    ]);
    t.after(() => simulation.stop());
    const printed = await simulation.printed;

    assert.equal(printed.name, "c1");
    assert.match(printed.apiHost, /^localhost:\d+$/);
    assert.equal(printed.clientId, `idsync-test@${printed.apiHost}/pcc`);
    assert.deepEqual(printed.env, {
      BATON_CLIENT_ID: printed.clientId,
      BATON_CLIENT_SECRET: printed.clientSecret,
      NODE_EXTRA_CA_CERTS: printed.caFile,
    });
    assert.equal(statSync(printed.caFile).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(printed.caFile)).mode & 0o777, 0o700);

    const fake = endpoint(printed);
    const { client, token } = await authorizedClient(fake);
    await client.hello(helloRequest());
    const first = await client.getTask({ hostId: HOST_ID });
    const second = await client.getTask({ hostId: HOST_ID });
    const third = await client.getTask({ hostId: HOST_ID });
    assert.deepEqual(
      [first.task?.taskType.case, second.task?.taskType.case, third.task],
      ["syncFull", "grant", undefined],
    );
    assert.equal(first.nextPoll?.nanos, 250_000_000);

    const taskId = first.task!.id;
    const bytes = Buffer.from("C1ZF\x00 a small file", "latin1");
    async function* upload() {
      yield { msg: { case: "metadata" as const, value: { hostId: HOST_ID, taskId } } };
      yield { msg: { case: "data" as const, value: { data: bytes } } };
      yield { msg: { case: "eof" as const, value: { sha256Checksum: createHash("sha256").update(bytes).digest() } } };
    }
    await client.uploadAsset(upload());
    const saved = path.join(out, `${taskId}.c1z`);
    assert.ok(readFileSync(saved).equals(bytes));
    assert.equal(statSync(saved).mode & 0o777, 0o600);

    simulation.stop();
    assert.equal(await simulation.exited, EXIT_CODES.ok);
    assert.equal(existsSync(path.dirname(printed.caFile)), false, "the CA folder is removed on stop");
    const log = simulation.stderr.text();
    assert.match(log, /^c1: token issued/m);
    assert.match(log, new RegExp(`^c1: GetTask task=${taskId} sync_full$`, "m"));
    assert.match(log, new RegExp(`^c1: UploadAsset task=${taskId} ${bytes.length} bytes in 1 chunk ok$`, "m"));
    assert.ok(!log.includes(token), "no token in the log");
    assert.ok(!log.includes(printed.clientSecret), "no secret in the log");
    assert.equal(simulation.stdout().split("\n").filter(Boolean).length, 1, "one line on stdout");
  });

  it("refuses flags that belong to the other kind of simulator, and unknown task types", async () => {
    const seed = await run(["simulate", "c1", "--seed", "3"]);
    assert.equal(seed.code, EXIT_CODES.invalidConfig);
    assert.match(seed.stderr, /^error: --seed does not apply to the fake ConductorOne$/m);
    const task = await run(["simulate", "clockify", "--task", "grant"]);
    assert.equal(task.code, EXIT_CODES.invalidConfig);
    assert.match(task.stderr, /^error: --task does not apply to the product simulators$/m);
    const unknown = await run(["simulate", "c1", "--task", "sync"]);
    assert.equal(unknown.code, EXIT_CODES.invalidConfig);
    assert.match(unknown.stderr, /^error: --task sync is not a task type\nhint: use one of none, hello, sync_full/m);
    const poll = await run(["simulate", "c1", "--next-poll-ms", "soon"]);
    assert.match(poll.stderr, /^error: --next-poll-ms must be a whole number of milliseconds, got "soon"$/m);
  });

  it("says in one line when its port is taken", async (t) => {
    const first = startSimulateC1([]);
    t.after(() => first.stop());
    const printed = await first.printed;
    const second = await run(["simulate", "c1", "--port", printed.apiHost.split(":")[1]!]);
    assert.equal(second.code, EXIT_CODES.invalidConfig);
    assert.match(
      second.stderr,
      /^error: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)\nhint: choose another --port/,
    );
    first.stop();
    assert.equal(await first.exited, EXIT_CODES.ok);
  });
});
