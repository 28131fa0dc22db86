/**
 * The service-mode switch on the command line: the help that documents it, the settings checked
 * before any request, and the secret kept out of what the commands print.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runConnectorCommand } from "../../src/cli/connector-command.ts";
import { captureStream } from "../../src/cli/io.ts";
import { findConnector } from "../../src/connectors/index.ts";
import { fakeC1, runInProcess } from "./_harness.ts";

async function run(argv: string[], env: Record<string, string>) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(findConnector("clockify")!, argv, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe("service mode on the command line", () => {
  test("--help lists the service flags and the variables that steer it", async () => {
    const { code, stdout } = await run(["--help"], {});
    assert.equal(code, 0);
    for (const text of [
      "--client-id",
      "--client-secret",
      "--task-concurrency",
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_C1_API_HOST",
      "BATON_HOST_ID",
      "NODE_EXTRA_CA_CERTS",
    ]) {
      assert.ok(stdout.includes(text), `--help names ${text}`);
    }
  });

  test("config and capabilities print no client secret, whatever the environment holds", async (t) => {
    const fake = await fakeC1(t);
    for (const subcommand of ["config", "capabilities"]) {
      const { code, stdout, stderr } = await run([subcommand], fake.env());
      assert.equal(code, 0);
      assert.ok(!`${stdout}${stderr}`.includes(fake.clientSecret), `${subcommand} prints the secret`);
    }
  });

  test("a task concurrency out of 1–100 is exit 2 before any request", async (t) => {
    const fake = await fakeC1(t);
    for (const value of ["0", "101", "two"]) {
      const running = await runInProcess(t, fake, { argv: ["--task-concurrency", value] });
      assert.equal(await running.exit, 2, `--task-concurrency ${value}`);
      assert.match(running.errors(), /task-concurrency/);
    }
    assert.equal(fake.tokenRequests.length, 0);
  });
});
