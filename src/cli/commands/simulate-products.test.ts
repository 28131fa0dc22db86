import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Writable } from "node:stream";
import { describe, it } from "node:test";

import { EXIT_CODES } from "../../core/index.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";
import { run } from "./_test-run.ts";

interface Printed {
  name: string;
  baseUrl: string;
  settings: Record<string, string>;
}

/** Runs `idsync simulate …` until the test stops it; resolves `printed` once `lines` JSON lines came. */
function startSimulate(args: string[], lines: number) {
  const controller = new AbortController();
  let resolvePrinted!: (printed: Printed[]) => void;
  let rejectPrinted!: (error: Error) => void;
  const printed = new Promise<Printed[]>((resolve, reject) => {
    resolvePrinted = resolve;
    rejectPrinted = reject;
  });
  let text = "";
  const complete = () => text.split("\n").length > lines;
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      if (complete())
        resolvePrinted(
          text
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as Printed),
        );
      done();
    },
  });
  const stderr = captureStream();
  const exited = runIdsync(["simulate", ...args], { stdout, stderr, env: {}, signal: controller.signal });
  void exited.then((code) => {
    if (!complete()) rejectPrinted(new Error(`exited ${code}: ${stderr.text()}`));
  });
  return { printed, exited, stop: () => controller.abort() };
}

/** A port some other process holds for the test's length. */
async function takenPort(t: { after(fn: () => Promise<void>): void }): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

describe("idsync simulate <product|all>", () => {
  it("gives each simulator its own free port with --port 0, and prints the ports it got", async (t) => {
    const simulation = startSimulate(["all", "--port", "0"], 4);
    t.after(() => simulation.stop());
    const printed = await simulation.printed;
    assert.deepEqual(
      printed.map((line) => line.name),
      ["clockify", "codefresh", "env0", "runlayer"],
    );
    const ports = printed.map((line) => Number(new URL(line.baseUrl).port));
    assert.equal(new Set(ports).size, 4, `four different ports: ${ports.join(", ")}`);
    // The system hands out free ports from its ephemeral range, far above the privileged ones.
    for (const port of ports) assert.ok(port >= 1024, `port ${port} is a free port the system chose`);
    for (const line of printed) {
      const answer = await fetch(line.baseUrl);
      await answer.body?.cancel();
      assert.ok(answer.status > 0, `${line.name} answers on ${line.baseUrl}`);
    }
    simulation.stop();
    assert.equal(await simulation.exited, EXIT_CODES.ok);
  });

  it("says in one line when its port is taken", async (t) => {
    const port = await takenPort(t);
    const taken = await run(["simulate", "clockify", "--port", String(port)]);
    assert.equal(taken.code, EXIT_CODES.invalidConfig);
    assert.equal(
      taken.stderr,
      `error: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\nhint: choose another --port, or leave it out for any free one\n`,
    );
  });

  it("refuses a first port that leaves no room for every simulator", async () => {
    const result = await run(["simulate", "all", "--port", "65534"]);
    assert.equal(result.code, EXIT_CODES.invalidConfig);
    assert.match(
      result.stderr,
      /^error: --port 65534 leaves no room for 4 simulators, which take 65534 to 65537\nhint: choose a port up to 65532, or 0/,
    );
    const bad = await run(["simulate", "all", "--port", "eighty"]);
    assert.match(bad.stderr, /^error: --port must be a port number from 0 to 65535, got "eighty"$/m);
  });
});
