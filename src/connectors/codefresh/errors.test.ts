/**
 * What a user sees when a sync cannot run — a refused, restricted or orphaned key, an unreadable
 * answer — and that no secret (the key, an invite link) reaches any output on the way.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { zstdDecompressSync } from "node:zlib";

import { ApiError, EXIT_CODES, isIdsyncError, silentLogger } from "../../core/index.ts";
import { runConnectorCommand } from "../../cli/connector-command.ts";
import { captureStream } from "../../cli/io.ts";
import {
  createCodefreshSimulator,
  createCodefreshTenant,
  type CodefreshSimulatorOptions,
  type CodefreshTenant,
} from "../../simulators/codefresh/index.ts";
import { serve } from "../../simulators/index.ts";
import { FAST_HTTP, settingsFrom, syncWith, tempDir } from "../../testkit/index.ts";
import { codefresh } from "./index.ts";

async function served(t: TestContext, options: CodefreshSimulatorOptions = {}) {
  const simulator = createCodefreshSimulator(options);
  const server = await serve(simulator.handler);
  t.after(() => server.close());
  return { simulator, tenant: simulator.tenant, settings: simulator.settings(server.origin) };
}

/** `baton-codefresh` in-process with these settings as flags; exit code and what it printed. */
async function runBinary(t: TestContext, settings: Record<string, string>, extra: string[] = []) {
  const stdout = captureStream();
  const stderr = captureStream();
  const file = join(tempDir(t), "sync.c1z");
  const flags = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]);
  const code = await runConnectorCommand(
    codefresh,
    [...flags, "-f", file, ...extra],
    { stdout, stderr, env: {} },
    { deps: { http: FAST_HTTP } },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text(), file };
}

/** Every invite link of the tenant, and the token inside each. */
function inviteSecrets(tenant: CodefreshTenant): string[] {
  const urls = [...tenant.users.values()].flatMap((user) => (user.inviteUrl === undefined ? [] : [user.inviteUrl]));
  assert.ok(urls.length >= 2, "the tenant has invites to leak");
  return urls.flatMap((url) => [url, new URL(url).searchParams.get("token") as string]);
}

function assertNoSecret(outputs: Record<string, string>, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const [where, text] of Object.entries(outputs))
      assert.ok(!text.includes(secret), `a secret appeared in ${where}`);
  }
}

describe("Codefresh failures", () => {
  it("a refused key fails before the file is touched, with Codefresh's reason and what to do", async (t) => {
    const { settings } = await served(t);
    const bad = { ...settings, "api-key": "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef" };
    const run = await runBinary(t, bad);
    assert.equal(run.code, EXIT_CODES.unauthenticated);
    assert.match(
      run.stderr,
      /^error: GET \/user returned 401 Unauthorized: Unauthorized \(UNAUTHORIZED_ERROR 2401\)\nhint: Codefresh refused the API key.*User Settings → API Keys/m,
    );
    assert.ok(!run.stderr.includes(bad["api-key"]));
    assert.equal(existsSync(run.file), false);
  });

  it("a key whose active account is not in its account list says which account and what to do", async (t) => {
    const { tenant, settings } = await served(t);
    const run = await runBinary(t, { ...settings, "api-key": tenant.orphanKey });
    assert.equal(run.code, EXIT_CODES.apiFailure);
    assert.match(
      run.stderr,
      /error: the API key's active account "acme-legacy" is not among the accounts GET \/user lists for its user \(acme-labs\)/,
    );
    assert.match(run.stderr, /hint: .*switch to the account to sync.*create a new key/);
  });

  it("a key without the scope for members is permission-denied, with a hint naming what it could not read", async (t) => {
    const { tenant, settings } = await served(t);
    const run = await runBinary(t, { ...settings, "api-key": tenant.restrictedKey });
    assert.equal(run.code, EXIT_CODES.permissionDenied);
    assert.match(run.stderr, /403 Forbidden: .*FORBIDDEN_ERROR 2400/);
    assert.match(run.stderr, /hint: the API key may not read the account's (members|teams).*every scope/);
  });

  it("a key restricted for unusual activity fails at once, with its own message and hint, not retried as a throttle", async (t) => {
    const { tenant, simulator, settings } = await served(t);
    // Retries allowed, as in production: a restriction must not use them.
    const connector = codefresh.create(settingsFrom(codefresh, { ...settings, "api-key": tenant.blockedKey }), {
      logger: silentLogger,
      http: { ...FAST_HTTP, retry: { ...FAST_HTTP.retry, maxAttempts: 8 } },
    });
    await assert.rejects(
      connector.validate({ signal: new AbortController().signal, logger: silentLogger }),
      (error: unknown) => {
        assert.ok(isIdsyncError(error) && error.kind === "permission-denied", String(error));
        assert.match(
          error.message,
          /^GET \/user returned 403 Forbidden: Codefresh has restricted this API key for unusual activity/,
        );
        assert.match(error.hint ?? "", /not a rate limit/);
        return true;
      },
    );
    assert.equal(simulator.stats().requests, 1, "one request, no retry");

    const run = await runBinary(t, { ...settings, "api-key": tenant.blockedKey });
    assert.equal(run.code, EXIT_CODES.permissionDenied);
    assert.match(
      run.stderr,
      /^error: GET \/user returned 403 Forbidden: Codefresh has restricted this API key for unusual activity.*retrying will not lift it\nhint: this is a restriction, not a rate limit/m,
    );
    assert.ok(!run.stderr.includes(tenant.blockedKey));
    assert.equal(existsSync(run.file), false);
  });

  it("an unreadable member list is reported without quoting it: it holds invite links", async (t) => {
    // A seed whose first member is an invite, so the part of the body a message would quote holds a link.
    const seed = [...Array(200).keys()].find(
      (candidate) => createCodefreshTenant(candidate, { users: 8 }).members[0]?.status === "pending",
    );
    assert.ok(seed !== undefined);
    const { tenant, settings } = await served(t, {
      seed,
      users: 8,
      faults: ["malformed-json*1@/api/accounts/:id/users"],
    });
    const secrets = inviteSecrets(tenant);
    await assert.rejects(syncWith(codefresh, settings, join(tempDir(t), "x.c1z")), (error: unknown) => {
      assert.ok(error instanceof ApiError && error.kind === "invalid-response", String(error));
      assert.match(error.message, /not JSON \(not quoted: it holds invite links/);
      assertNoSecret(
        { message: error.message, hint: error.hint ?? "", body: error.body ?? "", cause: String(error.cause) },
        secrets,
      );
      return true;
    });
    const run = await runBinary(t, settings, ["--log-level", "debug", "--log-format", "json"]);
    assert.equal(run.code, EXIT_CODES.ok, "the fault was used up; the next run syncs");
  });
});

describe("Codefresh secrets", () => {
  it("no API key or invite link in debug logs, errors, stdout or the c1z bytes", async (t) => {
    const { tenant, settings } = await served(t, {
      faults: ["server-error:503*1@/api/accounts/:id/users", "rate-limit*1@/api/team"],
    });
    const secrets = [settings["api-key"] as string, ...inviteSecrets(tenant)];
    const run = await runBinary(t, settings, ["--log-level", "debug", "--log-format", "json"]);
    assert.equal(run.code, EXIT_CODES.ok, run.stderr);
    assert.match(
      run.stderr,
      /"level":"debug".*"path":"\/api\/accounts\/[0-9a-f]{24}\/users"/,
      "requests were logged at debug level",
    );
    assert.match(run.stderr, /"msg":"retrying request"/, "retries were logged");
    const c1z = zstdDecompressSync(readFileSync(run.file).subarray(5)).toString("latin1");
    assert.ok(
      c1z.includes(tenant.users.get(tenant.fixtures.pendingInviteId)?.email as string),
      "the invitee is in the file",
    );
    assertNoSecret({ stdout: run.stdout, stderr: run.stderr, c1z }, secrets);

    const refused = await runBinary(t, { ...settings, "api-key": tenant.restrictedKey }, ["--log-level", "debug"]);
    assert.equal(refused.code, EXIT_CODES.permissionDenied);
    assertNoSecret({ stderr: refused.stderr }, [tenant.restrictedKey]);
  });
});
