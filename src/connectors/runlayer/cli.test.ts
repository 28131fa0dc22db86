/**
 * The binary's side: `baton-runlayer` (and `idsync sync runlayer`) against the simulator, for the
 * failures a person meets first — each with its own message, hint and exit code, never the key.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test, type TestContext } from "node:test";
import { runConnectorCommand } from "../../cli/connector-command.ts";
import { runIdsync } from "../../cli/idsync.ts";
import { captureStream } from "../../cli/io.ts";
import { EXIT_CODES } from "../../core/index.ts";
import type { RunlayerTenant } from "../../simulators/runlayer/index.ts";
import { FAST_HTTP, tempDir } from "../../testkit/index.ts";
import { runlayer } from "./index.ts";
import { serveRunlayer } from "./_test-support.ts";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  file: string;
}

async function run(t: TestContext, flags: Record<string, string>): Promise<Outcome> {
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
  const code = await runConnectorCommand(runlayer, args, { stdout, stderr, env: {} }, { deps: { http: FAST_HTTP } });
  return { code, stdout: stdout.text(), stderr: stderr.text(), file };
}

function assertNoKey(outcome: Outcome, tenant: RunlayerTenant, ...others: string[]): void {
  for (const key of [tenant.adminKey, tenant.developerKey, tenant.orgKey, ...others]) {
    assert.ok(!outcome.stdout.includes(key) && !outcome.stderr.includes(key), "no API key in the output");
  }
}

describe("baton-runlayer failures", () => {
  test("a key Runlayer does not know: exit 3, what Runlayer said, which key to use", async (t) => {
    const served = await serveRunlayer(t);
    const refused = "rl_4e6f2073756368206b6579206f6e20746869732069";
    const outcome = await run(t, { ...served.settings, "api-key": refused });
    assert.equal(outcome.code, EXIT_CODES.unauthenticated, outcome.stderr);
    assert.match(
      outcome.stderr,
      /error: GET \/users\/me returned 401 Unauthorized: Runlayer refused the API key \(Runlayer said: Invalid or expired API key\)/,
    );
    assert.match(outcome.stderr, /hint: check --api-key \(BATON_RUNLAYER_API_KEY\): a personal key starting rl_/);
    assert.ok(!existsSync(outcome.file), "no file written");
    assertNoKey(outcome, served.tenant, refused);
  });

  test("a Developer's key: exit 4, naming the user, their roles and the roles needed", async (t) => {
    const served = await serveRunlayer(t);
    const developer = served.tenant.users.find((user) => user.id === served.tenant.fixtures.developerId)!;
    const outcome = await run(t, { ...served.settings, "api-key": served.tenant.developerKey });
    assert.equal(outcome.code, EXIT_CODES.permissionDenied, outcome.stderr);
    assert.match(
      outcome.stderr,
      new RegExp(
        `error: the API key works, but its user ${developer.email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(roles: developer\\) may not read users and roles`,
      ),
    );
    assert.match(outcome.stderr, /Insufficient permissions/);
    assert.match(outcome.stderr, /hint: give that user Super Admin, Security Admin or Helpdesk/);
    assert.ok(!existsSync(outcome.file));
    assertNoKey(outcome, served.tenant);
  });

  test("an organization key: exit 4, told to use a personal key", async (t) => {
    const served = await serveRunlayer(t);
    const outcome = await run(t, { ...served.settings, "api-key": served.tenant.orgKey });
    assert.equal(outcome.code, EXIT_CODES.permissionDenied, outcome.stderr);
    assert.match(
      outcome.stderr,
      /error: Runlayer accepted the API key but refused GET \/users\/me \(403\): the key acts as no user, as organization keys \(rl_org_…\) do/,
    );
    assert.match(
      outcome.stderr,
      /hint: create a personal API key for a user holding Super Admin, Security Admin or Helpdesk/,
    );
    assertNoKey(outcome, served.tenant);
  });

  test("plain http to a real host, or a URL that is not the Management API: exit 2 before any request", async (t) => {
    const served = await serveRunlayer(t);
    const http = await run(t, { ...served.settings, "base-url": "http://acme.runlayer.com/api/v1" });
    assert.equal(http.code, EXIT_CODES.invalidConfig, http.stderr);
    assert.match(
      http.stderr,
      /--base-url \(BATON_RUNLAYER_BASE_URL\) must use https \(plain http is accepted only for loopback addresses/,
    );
    const docs = await run(t, { ...served.settings, "base-url": "https://acme.runlayer.com/docs" });
    assert.equal(docs.code, EXIT_CODES.invalidConfig, docs.stderr);
    assert.match(docs.stderr, /must be the instance's Management API URL, ending in \/api\/v1/);
    const missing = await run(t, { "base-url": served.settings["base-url"]! });
    assert.equal(missing.code, EXIT_CODES.invalidConfig);
    assert.match(missing.stderr, /missing --api-key \(or BATON_RUNLAYER_API_KEY\)/);
    assert.equal(served.simulator.stats().requests, 0, "nothing was sent");
    for (const outcome of [http, docs]) assertNoKey(outcome, served.tenant);
  });

  test("a base URL that reaches something else: exit 5, pointing at --base-url", async (t) => {
    const served = await serveRunlayer(t);
    const outcome = await run(t, {
      ...served.settings,
      "base-url": `${new URL(served.settings["base-url"]!).origin}/runlayer/api/v1`,
    });
    assert.equal(outcome.code, EXIT_CODES.apiFailure, outcome.stderr);
    assert.match(
      outcome.stderr,
      /error: GET \/users\/me returned 404 Not Found: Runlayer has no \/users\/me here \(Runlayer said: Not Found\)/,
    );
    assert.match(
      outcome.stderr,
      /hint: check --base-url: it must be your instance's Management API URL, ending in \/api\/v1/,
    );
    assertNoKey(outcome, served.tenant);
  });

  test("idsync sync runlayer syncs with settings from BATON_RUNLAYER_* and prints one summary line, in text on a terminal", async (t) => {
    const served = await serveRunlayer(t);
    const file = join(tempDir(t), "sync.c1z");
    const stdout = captureStream();
    const stderr = captureStream();
    const env = { BATON_RUNLAYER_BASE_URL: served.settings["base-url"]!, BATON_API_KEY: served.settings["api-key"]! };
    const code = await runIdsync(["sync", "runlayer", "-f", file, "--log-format", "console"], { stdout, stderr, env });
    assert.equal(code, EXIT_CODES.ok, stderr.text());
    const users = served.tenant.users.length;
    assert.match(
      stdout.text(),
      new RegExp(
        `^runlayer: synced 8 roles, ${users} users; 8 entitlements, \\d+ grants into .*sync\\.c1z in \\d+\\.\\ds \\(\\d+ requests, 0 retries\\)\\n$`,
      ),
    );
    assert.ok(existsSync(file));
  });
});
