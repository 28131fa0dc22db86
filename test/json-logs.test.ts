/**
 * `--log-format json`, as a log shipper reads it: every line on stdout and stderr is one JSON
 * object; the run opens with the same start line whatever the connector (connector, version,
 * mode, file, where each setting came from); and the sync ends with one summary line on stdout
 * (counts per resource type, duration in ms, the file, the exit status), also when it fails.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { captureStream } from "../src/cli/io.ts";
import { CONNECTORS } from "../src/connectors/index.ts";
import { EXIT_CODES } from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { FAST_HTTP, openC1z, serveSimulator, tempDir } from "../src/testkit/index.ts";

type Json = Record<string, unknown>;

function jsonLines(text: string, where: string): Json[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Json;
      } catch {
        assert.fail(`a line on ${where} is not JSON: ${line}`);
      }
    });
}

const flagsOf = (settings: Record<string, string>): string[] =>
  Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]);

describe("--log-format json", () => {
  const startKeys: string[][] = [];
  const summaryKeys: string[][] = [];

  for (const definition of CONNECTORS) {
    test(`${definition.name}: every line is JSON, with the shared start line and one summary line`, async (t) => {
      const served = await serveSimulator(t, findSimulator(definition.name)!);
      const file = join(tempDir(t), "sync.c1z");
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await runConnectorCommand(
        definition,
        [...flagsOf(served.settings), "-f", file, "--log-format", "json"],
        { stdout, stderr, env: {} },
        { deps: { http: FAST_HTTP } },
      );
      assert.equal(code, EXIT_CODES.ok, stderr.text());

      const logs = jsonLines(stderr.text(), "stderr");
      const start = logs[0]!;
      assert.equal(start["msg"], "connector starting");
      assert.equal(start["connector"], definition.name);
      assert.equal(start["mode"], "sync");
      assert.equal(start["file"], file);
      assert.match(String(start["version"]), /^\d+\.\d+\.\d+/);
      const origins = start["settings"] as Record<string, string[]>;
      assert.deepEqual(
        [...(origins["flag"] ?? [])].sort(),
        Object.keys(served.settings).sort(),
        `each given setting, by name: ${JSON.stringify(start)}`,
      );
      for (const value of Object.values(served.settings))
        assert.ok(!JSON.stringify(start).includes(value), "no setting's value");
      startKeys.push(Object.keys(start).sort());

      const [summary, ...rest] = jsonLines(stdout.text(), "stdout");
      assert.deepEqual(rest, [], "one summary line");
      assert.equal(summary!["msg"], "sync finished");
      summaryKeys.push(Object.keys(summary!));
      assert.equal(summary!["status"], "ok");
      assert.equal(summary!["exitCode"], 0);
      assert.equal(summary!["file"], file);
      assert.equal(typeof summary!["durationMs"], "number");
      const { reader, syncId } = await openC1z(t, file);
      const stats = reader.statsFor(syncId);
      assert.deepEqual(summary!["resources"], stats.resourcesByType);
      assert.deepEqual(summary!["grants"], stats.grantsByType);
      assert.deepEqual(summary!["entitlements"], stats.entitlementsByType);
      assert.equal((summary!["totals"] as Json)["grants"], stats.grants);
    });
  }

  test("all four connectors open with the same start line", () => {
    assert.equal(startKeys.length, CONNECTORS.length);
    for (const keys of startKeys) assert.deepEqual(keys, startKeys[0]);
  });

  test("a failed sync still ends with one JSON summary line on stdout, with its exit status", async (t) => {
    const definition = CONNECTORS.find((connector) => connector.name === "clockify")!;
    const served = await serveSimulator(t, findSimulator("clockify")!);
    const file = join(tempDir(t), "sync.c1z");
    const stdout = captureStream();
    const stderr = captureStream();
    const bad = { ...served.settings, "api-key": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw" };
    const code = await runConnectorCommand(
      definition,
      [...flagsOf(bad), "-f", file, "--log-format", "json"],
      { stdout, stderr, env: {} },
      { deps: { http: FAST_HTTP } },
    );
    assert.equal(code, EXIT_CODES.unauthenticated, stderr.text());
    const [summary, ...rest] = jsonLines(stdout.text(), "stdout");
    assert.deepEqual(rest, []);
    assert.equal(summary!["status"], "failed");
    assert.equal(summary!["exitCode"], EXIT_CODES.unauthenticated);
    assert.equal(summary!["file"], file);
    assert.equal((summary!["error"] as Json)["kind"], "unauthenticated");
    assert.deepEqual(Object.keys(summary!), summaryKeys[0], "the same keys as a sync that finished, in the same order");
    assert.equal(summary!["resources"], null);
    assert.ok(!stdout.text().includes(bad["api-key"]), "the refused key is not in the summary");
    // The documented one-line error stays on stderr for the person reading it.
    assert.match(stderr.text(), /^error: /m);
  });

  test("a sync refused before it starts (bad settings) also ends with the JSON summary on stdout", async (t) => {
    const definition = CONNECTORS.find((connector) => connector.name === "env0")!;
    const file = join(tempDir(t), "sync.c1z");
    for (const [args, env] of [
      [["-f", file, "--log-format", "json", "--api-key-id", "id", "--api-key-secret", "secret"], {}],
      [["--file=" + file, "--api-key-id", "id", "--api-key-secret", "secret"], { BATON_LOG_FORMAT: "json" }],
    ] as const) {
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await runConnectorCommand(
        definition,
        [...args],
        { stdout, stderr, env },
        { deps: { http: FAST_HTTP } },
      );
      assert.equal(code, EXIT_CODES.invalidConfig, stderr.text());
      const [summary, ...rest] = jsonLines(stdout.text(), "stdout");
      assert.deepEqual(rest, []);
      assert.equal(summary!["status"], "failed");
      assert.equal(summary!["exitCode"], EXIT_CODES.invalidConfig);
      assert.equal(summary!["file"], file);
      assert.equal((summary!["error"] as Json)["kind"], "invalid-config");
      assert.deepEqual(Object.keys(summary!), summaryKeys[0]);
      assert.ok(!stdout.text().includes('secret"'), "no setting's value in the summary");
      assert.match(stderr.text(), /^error: missing --organization-id/m);
    }
  });
});
