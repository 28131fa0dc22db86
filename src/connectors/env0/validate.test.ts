/**
 * The check before a sync, through `baton-env0` as a user runs it: a wrong key, an organization
 * the key cannot see, a key without permission and a malformed organization id each fail with
 * their own message, hint and exit code, and never echo the secret.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { runConnectorCommand } from "../../cli/connector-command.ts";
import { captureStream } from "../../cli/io.ts";
import { EXIT_CODES, isIdsyncError, silentLogger } from "../../core/index.ts";
import { FAST_HTTP, settingsFrom, tempDir } from "../../testkit/index.ts";
import { env0 } from "./index.ts";
import { serveEnv0, withKey, type Env0Served } from "./_test-support.ts";

async function run(
  t: Parameters<typeof tempDir>[0],
  settings: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  const stderr = captureStream();
  const flags = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]);
  const code = await runConnectorCommand(
    env0,
    [...flags, "-f", join(tempDir(t), "sync.c1z"), "--log-format", "json"],
    { stdout: captureStream(), stderr, env: {} },
    { deps: { http: FAST_HTTP } },
  );
  return { code, stderr: stderr.text() };
}

const lines = (stderr: string) =>
  stderr.split("\n").filter((line) => line.startsWith("error:") || line.startsWith("hint:"));

describe("env0 validation", () => {
  test("a wrong secret: exit 3, quoting neither half of the key, with a hint where keys are made", async (t) => {
    const served = await serveEnv0(t);
    const secret = "wrong-secret-for-this-key-0000000";
    const { code, stderr } = await run(t, { ...served.settings, "api-key-secret": secret });
    assert.equal(code, EXIT_CODES.unauthenticated);
    const [error, hint] = lines(stderr);
    assert.match(
      error ?? "",
      /^error: env0 refused the API key: the key id or secret is wrong, or the key was deleted \(.*401 Unauthorized/,
    );
    assert.match(hint ?? "", /--api-key-id and --api-key-secret.*Organization Settings → API Keys/);
    assert.ok(!stderr.includes(secret) && !stderr.includes(served.tenant.adminKey.secret));
    assert.ok(!stderr.includes(served.tenant.adminKey.apiKeyId), "the key id is not quoted either");
  });

  test("an organization the key cannot see: exit 5, listing what it sees", async (t) => {
    const served = await serveEnv0(t);
    const { tenant } = served;
    const { code, stderr } = await run(t, withKey(served, tenant.outsiderKey));
    assert.equal(code, EXIT_CODES.apiFailure);
    const [error, hint] = lines(stderr);
    assert.equal(
      error,
      `error: env0 organization ${tenant.organizationId} is not among the organizations the API key can see`,
    );
    assert.match(
      hint ?? "",
      new RegExp(`the key sees "Acme Labs" \\(${tenant.organizations[1]?.id}\\): correct --organization-id`),
    );

    const unknown = await run(t, { ...served.settings, "organization-id": "00000000-0000-4000-8000-000000000000" });
    assert.equal(unknown.code, EXIT_CODES.apiFailure);
    assert.match(lines(unknown.stderr)[1] ?? "", /"Acme Corp".*"Acme Labs"/);
  });

  test("a key that sees the organization but may not read members: exit 4, saying which role it needs", async (t) => {
    const served = await serveEnv0(t);
    const { code, stderr } = await run(t, withKey(served, served.tenant.memberKey));
    assert.equal(code, EXIT_CODES.permissionDenied);
    const [error, hint] = lines(stderr);
    assert.match(
      error ?? "",
      /can see organization "Acme Corp" as User but may not list its members and API keys.*403 Forbidden/,
    );
    assert.match(hint ?? "", /Admin role/);
  });

  test("the admin's key validates for the main organization in any case, not for the second where it is a User", async (t) => {
    const served = await serveEnv0(t);
    const ctx = { signal: new AbortController().signal, logger: silentLogger };
    await env0.create(settingsFrom(env0, served.settings), { logger: silentLogger, http: FAST_HTTP }).validate(ctx);
    const second = { ...served.settings, "organization-id": served.tenant.organizations[1]?.id ?? "" };
    // The admin is a plain User there: visible, but not readable.
    await assert.rejects(
      env0.create(settingsFrom(env0, second), { logger: silentLogger, http: FAST_HTTP }).validate(ctx),
      (error: unknown) => isIdsyncError(error) && error.kind === "permission-denied",
    );
    const upper = { ...served.settings, "organization-id": served.tenant.organizationId.toUpperCase() };
    await env0.create(settingsFrom(env0, upper), { logger: silentLogger, http: FAST_HTTP }).validate(ctx);
  });

  test("a malformed organization id or a missing secret: exit 2 before any request", async (t) => {
    const served: Env0Served = await serveEnv0(t);
    const before = served.simulator.stats().requests;
    const malformed = await run(t, { ...served.settings, "organization-id": "acme-corp" });
    assert.equal(malformed.code, EXIT_CODES.invalidConfig);
    assert.match(malformed.stderr, /organization-id.*a UUID/);
    const { "api-key-secret": _secret, ...withoutSecret } = served.settings;
    const missing = await run(t, withoutSecret);
    assert.equal(missing.code, EXIT_CODES.invalidConfig);
    assert.match(missing.stderr, /api-key-secret/);
    assert.equal(served.simulator.stats().requests, before);
  });

  test("a base URL that is not the env0 API: a clear 404", async (t) => {
    const served = await serveEnv0(t);
    const { code, stderr } = await run(t, { ...served.settings, "base-url": `${served.origin}/api/v2` });
    assert.equal(code, EXIT_CODES.apiFailure);
    assert.match(lines(stderr)[0] ?? "", /GET \/organizations returned 404 Not Found: Not Found/);
    assert.match(lines(stderr)[1] ?? "", /--organization-id and --base-url/);
  });
});
