/**
 * A SIGINT or SIGTERM is an orderly stop from the process's first moment: one sent while the
 * sources are still loading, before the command has set its handler, still ends in exit 130
 * with the one-line message, not in a process killed by the signal. Asserted on exit codes and
 * messages, never on time.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { EXIT_CODES } from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { tempDir } from "../src/testkit/index.ts";

const CHILD = join(import.meta.dirname, "_launched-child.js");

/** An API that takes requests and never answers: whatever phase the signal lands in, it waits. */
async function silentApi(t: { after(fn: () => void): void }): Promise<string> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function signalOnLaunch(t: { after(fn: () => void): void }, signals: NodeJS.Signals[]) {
  const flags = findSimulator("runlayer")!
    .create()
    .settings(await silentApi(t));
  const args = [
    ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    join(tempDir(t), "sync.c1z"),
    "--log-format",
    "json",
  ];
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once("data", () => {
    for (const signal of signals) child.kill(signal);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("exit", (...end) => resolve(end)),
  );
  return { code, signal, stderr };
}

for (const name of ["SIGINT", "SIGTERM"] as const) {
  test(`a ${name} while the sources load is an orderly stop: exit 130, one line`, async (t) => {
    const outcome = await signalOnLaunch(t, [name]);
    assert.equal(outcome.signal, null, `killed by ${outcome.signal}: the signal came before any handler`);
    assert.equal(outcome.code, EXIT_CODES.interrupted, outcome.stderr);
    assert.match(outcome.stderr, new RegExp(`interrupted by ${name}`));
    assert.doesNotMatch(outcome.stderr, /^\s+at /m, "no stack trace");
  });
}

test("two signals while the sources load still exit 130 at once", async (t) => {
  const outcome = await signalOnLaunch(t, ["SIGTERM", "SIGTERM"]);
  assert.equal(outcome.signal, null);
  assert.equal(outcome.code, EXIT_CODES.interrupted, outcome.stderr);
});
