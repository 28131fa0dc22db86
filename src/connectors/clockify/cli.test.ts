/**
 * The binary's side: `baton-clockify` (and `idsync sync clockify`) against the simulator, for the
 * failures a person meets first — each with its own message, hint and exit code, and never the key.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runConnectorCommand } from "../../cli/connector-command.ts";
import { runIdsync } from "../../cli/idsync.ts";
import { captureStream } from "../../cli/io.ts";
import { EXIT_CODES } from "../../core/index.ts";
import { FAST_HTTP, tempDir } from "../../testkit/index.ts";
import { serveClockify, type ServedClockify } from "./_test-support.ts";
import { clockify } from "./index.ts";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  file: string;
}

async function run(t: Parameters<typeof tempDir>[0], flags: Record<string, string>): Promise<Outcome> {
  const file = join(tempDir(t), "sync.c1z");
  const args = [
    ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    file,
    "--log-format",
    "json",
  ];
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(clockify, args, { stdout, stderr, env: {} }, { deps: { http: FAST_HTTP } });
  return { code, stdout: stdout.text(), stderr: stderr.text(), file };
}

function assertNoKey(outcome: Outcome, served: ServedClockify): void {
  for (const key of [served.tenant.adminKey, served.tenant.memberKey]) {
    assert.ok(!outcome.stdout.includes(key) && !outcome.stderr.includes(key), "no API key in the output");
  }
}

describe("baton-clockify failures", () => {
  test("a key Clockify does not know: exit 3, what Clockify said, how to get a key", async (t) => {
    const served = await serveClockify(t);
    const outcome = await run(t, { ...served.settings, "api-key": "bm8tc3VjaC1rZXktYXQtYWxsLWluLWNsb2NraWZ5" });
    assert.equal(outcome.code, EXIT_CODES.unauthenticated, outcome.stderr);
    assert.match(
      outcome.stderr,
      /error: Clockify refused the API key: GET \/workspaces returned 401 Unauthorized: Api key does not exist \(code 4003\)/,
    );
    assert.match(
      outcome.stderr,
      /hint: check --api-key \(BATON_CLOCKIFY_API_KEY\): generate a key in Clockify.s profile settings/,
    );
    assert.ok(!existsSync(outcome.file), "no file written");
    assert.ok(!outcome.stderr.includes("bm8tc3VjaC1rZXktYXQtYWxsLWluLWNsb2NraWZ5"), "not even the refused key");
    assertNoKey(outcome, served);
  });

  test("a regular member's key: exit 4, named as a missing admin role", async (t) => {
    const served = await serveClockify(t);
    const outcome = await run(t, { ...served.settings, "api-key": served.tenant.memberKey });
    assert.equal(outcome.code, EXIT_CODES.permissionDenied, outcome.stderr);
    assert.match(
      outcome.stderr,
      /error: the API key's user is not an owner or admin of Clockify workspace "Acme Corp" \([0-9a-f]{24}\), so it cannot list the members: .*403 Forbidden: Access Denied/,
    );
    assert.match(outcome.stderr, /hint: .*key of a workspace owner or admin/);
    assert.ok(!existsSync(outcome.file));
    assertNoKey(outcome, served);
  });

  test("a workspace the key's user is not in: exit 5, pointing at --workspace-id and --region", async (t) => {
    const served = await serveClockify(t);
    const outcome = await run(t, { ...served.settings, "workspace-id": "0123456789abcdef01234567" });
    assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
    assert.match(
      outcome.stderr,
      /error: Clockify workspace 0123456789abcdef01234567 is not among the workspaces this API key's user is an active member of\n/,
    );
    // The workspaces the key can see, by name and id, as env0 names its organizations.
    assert.match(
      outcome.stderr,
      /hint: the key's user is in "Acme Corp" \([0-9a-f]{24}\), "[^"]+" \([0-9a-f]{24}\): correct --workspace-id .* --region/,
    );
    assertNoKey(outcome, served);
  });

  test("a malformed workspace id, or both --region and --base-url: exit 2 before any request", async (t) => {
    const served = await serveClockify(t);
    const malformed = await run(t, { ...served.settings, "workspace-id": "acme-corp" });
    assert.equal(malformed.code, EXIT_CODES.invalidConfig, malformed.stderr);
    assert.match(malformed.stderr, /workspace-id.*must be 24 hexadecimal characters/);
    const both = await run(t, { ...served.settings, region: "euc1" });
    assert.equal(both.code, EXIT_CODES.invalidConfig, both.stderr);
    assert.match(both.stderr, /region.*base-url|base-url.*region/);
    assert.equal(served.simulator.stats().requests, 0, "nothing was requested");
    assertNoKey(malformed, served);
    assertNoKey(both, served);
  });

  test("idsync sync clockify prints the summary line", async (t) => {
    const served = await serveClockify(t);
    const file = join(tempDir(t), "sync.c1z");
    const args = Object.entries(served.settings).flatMap(([name, value]) => [`--${name}`, value]);
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runIdsync(["sync", "clockify", ...args, "-f", file, "--log-format", "console"], {
      stdout,
      stderr,
      env: {},
    });
    assert.equal(code, EXIT_CODES.ok, stderr.text());
    assert.match(
      stdout.text(),
      /^clockify: synced 8 groups, 4 roles, 60 users; 20 entitlements, \d+ grants into .*sync\.c1z/,
    );
    assert.ok(existsSync(file));
  });
});
