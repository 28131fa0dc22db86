/**
 * `idsync serve` end to end against the Clockify and env0 simulators over loopback: the
 * endpoints while syncs run and after, a scheduled second run (on a hand-moved clock), a
 * refused key that stays out of every response, log line and file, `--once`, and a bad config
 * refused before any request.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import path from "node:path";
import { describe, test, type TestContext } from "node:test";
import { C1zReader, envVarName, exitCodeFor, EXIT_CODES, syncToFile } from "../../core/index.ts";
import { findConnector } from "../../connectors/index.ts";
import { PeopleAcrossApps, reviewCounts, reviewSync, type ReviewCounts } from "../../review/index.ts";
import { findSimulator } from "../../simulators/index.ts";
import { FAST_HTTP, serveSimulator, tempDir, type ServedSimulator } from "../../testkit/index.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";
import { printError } from "../report.ts";
import { ManualClock, parseMetrics } from "../serve/_test-support.ts";
import { serveCommand, type ServeDeps } from "./serve.ts";

const HOUR_MS = 3_600_000;
/** Generous: polling ends as soon as the condition holds, so only a stuck run waits this long. */
const POLL_TIMEOUT_MS = 60_000;

type Tenants = Record<"clockify" | "env0", ServedSimulator>;

async function tenants(t: TestContext): Promise<Tenants> {
  return {
    clockify: await serveSimulator(t, findSimulator("clockify")!),
    env0: await serveSimulator(t, findSimulator("env0")!),
  };
}

const isSecret = (connector: string, setting: string): boolean =>
  findConnector(connector)!.settings.fields.find((field) => field.name === setting)?.secret === true;

/** The config file: non-secret settings only. */
function writeConfig(dir: string, served: Tenants, every = "1h"): string {
  const connectors = Object.entries(served).map(([name, tenant]) => ({
    name,
    every,
    settings: Object.fromEntries(Object.entries(tenant.settings).filter(([setting]) => !isSecret(name, setting))),
  }));
  const file = path.join(dir, "serve.json");
  writeFileSync(file, JSON.stringify({ out: path.join(dir, "out"), connectors }, null, 2));
  return file;
}

/** The secrets, as the environment variables a deployment would set. */
function secretEnv(served: Tenants): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, tenant] of Object.entries(served)) {
    for (const [setting, value] of Object.entries(tenant.settings)) {
      if (isSecret(name, setting)) env[envVarName(setting, name)] = value;
    }
  }
  return env;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Running {
  url: string;
  stdout: ReturnType<typeof captureStream>;
  stderr: ReturnType<typeof captureStream>;
  /** Sends the shutdown signal and returns the exit code. */
  stop(): Promise<number>;
}

/** Starts `idsync serve` in-process on a free port, as `runIdsync` would run it. */
async function startServe(
  t: TestContext,
  config: string,
  env: Record<string, string>,
  deps: ServeDeps,
): Promise<Running> {
  const controller = new AbortController();
  const stdout = captureStream();
  const stderr = captureStream();
  const done = serveCommand
    .run(
      ["--config", config, "--port", "0", "--log-format", "json"],
      { stdout, stderr, env, signal: controller.signal },
      deps,
    )
    .catch((error: unknown) => {
      printError(stderr, error);
      return exitCodeFor(error);
    });
  const stop = async () => {
    controller.abort();
    return done;
  };
  t.after(stop);
  const url = await until(() => {
    const line = stderr
      .text()
      .split("\n")
      .find((l) => l.includes('"msg":"listening on '));
    return line ? (JSON.parse(line) as { url: string }).url : undefined;
  }, "the listening log line");
  return { url, stdout, stderr, stop };
}

async function get(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

interface StatusRun {
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  outcome: "ok" | "failed";
  error: { kind: string; message: string; hint: string | null } | null;
  syncId: string | null;
  resumed: boolean | null;
  counts: {
    resourceTypes: number;
    resources: number;
    entitlements: number;
    grants: number;
    resourcesByType: Record<string, number>;
  } | null;
  review: ReviewCounts | null;
}

interface StatusConnector {
  name: string;
  file: string;
  every: string;
  everySeconds: number;
  state: "idle" | "running";
  runningSince: string | null;
  lastRun: StatusRun | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  runs: { ok: number; failed: number };
  consecutiveFailures: number;
}

async function status(url: string): Promise<{ ready: boolean; connectors: StatusConnector[] }> {
  const reply = await get(`${url}/status`);
  assert.equal(reply.status, 200);
  return JSON.parse(reply.text) as { ready: boolean; connectors: StatusConnector[] };
}

const byName = (connectors: StatusConnector[], name: string): StatusConnector =>
  connectors.find((c) => c.name === name)!;

/** Every file under `dir`, as bytes read as latin1 so any ASCII secret shows. */
function filesText(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "latin1"))
    .join("\n");
}

describe("idsync serve", () => {
  test("syncs two connectors, answers health, readiness, status and metrics, runs again on schedule, stops on the signal", async (t) => {
    const served = await tenants(t);
    const dir = tempDir(t);
    const config = writeConfig(dir, served);
    const clock = new ManualClock();
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const deps: ServeDeps = {
      clock,
      connector: { http: FAST_HTTP },
      // The first runs wait for the test, so "not ready yet" is observed on any machine.
      syncToFile: async (options) => {
        await gate;
        return syncToFile(options);
      },
    };
    const serve = await startServe(t, config, secretEnv(served), deps);

    const health = await get(`${serve.url}/healthz`);
    assert.deepEqual([health.status, health.text], [200, "ok\n"]);
    const notReady = await get(`${serve.url}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(notReady.type ?? "", /^application\/json/);
    assert.deepEqual(JSON.parse(notReady.text), {
      ready: false,
      reason: "no successful sync yet for clockify, env0",
      waitingFor: ["clockify", "env0"],
    });
    const during = await status(serve.url);
    assert.deepEqual(
      during.connectors.map((c) => [c.name, c.state, c.lastRun]),
      [
        ["clockify", "running", null],
        ["env0", "running", null],
      ],
    );
    assert.equal(
      parseMetrics((await get(`${serve.url}/metrics`)).text).get('idsync_sync_running{connector="env0"}'),
      1,
    );

    openGate();
    const ready = await until(async () => {
      const reply = await get(`${serve.url}/readyz`);
      return reply.status === 200 ? reply : undefined;
    }, "readyz 200");
    assert.deepEqual(JSON.parse(ready.text), { ready: true, reason: null, waitingFor: [] });

    const first = await status(serve.url);
    assert.equal(first.ready, true);
    for (const name of ["clockify", "env0"]) {
      const connector = byName(first.connectors, name);
      assert.equal(connector.file, path.join(dir, "out", `${name}.c1z`));
      assert.deepEqual([connector.every, connector.everySeconds, connector.state], ["1h", 3600, "idle"]);
      const run = connector.lastRun!;
      assert.equal(run.outcome, "ok");
      assert.equal(run.error, null);
      assert.equal(connector.lastSuccessAt, run.endedAt);
      assert.equal(
        Date.parse(connector.nextRunAt!),
        Date.parse(run.endedAt) + HOUR_MS,
        "every hour after the run ended",
      );
      assert.deepEqual(connector.runs, { ok: 1, failed: 0 });
      const reader = await C1zReader.open(connector.file);
      try {
        assert.equal(reader.resolveSyncId(), run.syncId);
        const counts = run.counts!;
        assert.equal(counts.resources, reader.countResources(run.syncId!));
        assert.equal(counts.entitlements, reader.countEntitlements(run.syncId!));
        assert.equal(counts.grants, reader.countGrants(run.syncId!));
        for (const [type, count] of Object.entries(counts.resourcesByType)) {
          assert.equal(count, reader.countResources(run.syncId!, { resourceType: type }), `${name} ${type}`);
        }
        assert.ok(counts.resourcesByType["user"]! > 0);
        // The review after the sync: what `idsync review` finds in the same file.
        const sync = reader.syncs().find((candidate) => candidate.id === run.syncId)!;
        assert.deepStrictEqual(run.review, reviewCounts(reviewSync(reader, sync)));
        assert.ok(run.review!.admins > 0, `${name} has admins`);
        assert.deepStrictEqual(
          [run.review!.adminsAdded, run.review!.adminsRemoved],
          [null, null],
          "no earlier sync to compare with",
        );
      } finally {
        reader.close();
      }
    }

    const metrics = await get(`${serve.url}/metrics`);
    assert.equal(metrics.type, "text/plain; version=0.0.4; charset=utf-8");
    const samples = parseMetrics(metrics.text);
    const clockifyUsers = byName(first.connectors, "clockify").lastRun!.counts!.resourcesByType["user"];
    assert.equal(samples.get('idsync_resources{connector="clockify",resource_type="user"}'), clockifyUsers);
    assert.equal(samples.get('idsync_sync_runs_total{connector="env0",outcome="ok"}'), 1);
    assert.equal(samples.get('idsync_sync_running{connector="env0"}'), 0);
    assert.equal(
      samples.get('idsync_sync_last_success_timestamp_seconds{connector="env0"}'),
      Date.parse(byName(first.connectors, "env0").lastSuccessAt!) / 1000,
    );
    assert.equal(
      samples.get('idsync_review_admins{connector="env0"}'),
      byName(first.connectors, "env0").lastRun!.review!.admins,
    );
    assert.equal(
      samples.get('idsync_review_dormant{connector="env0"}'),
      byName(first.connectors, "env0").lastRun!.review!.dormant,
    );
    assert.equal(
      samples.has('idsync_review_dormant{connector="clockify"}'),
      false,
      "Clockify records no logins: unknown, not 0",
    );
    assert.equal(samples.has('idsync_review_admins_added{connector="env0"}'), false, "no previous sync yet");

    // Across the two connectors' files: the offboarding gaps review finds in them.
    const across = (
      JSON.parse((await get(`${serve.url}/status`)).text) as {
        acrossApps: { checkedAt: string; connectors: string[]; offboardingGaps: string[] };
      }
    ).acrossApps;
    assert.deepStrictEqual(across.connectors, ["clockify", "env0"]);
    const people = new PeopleAcrossApps();
    for (const connector of first.connectors) {
      const reader = await C1zReader.open(connector.file);
      try {
        people.add(reader, reader.resolveSync(), connector.name);
      } finally {
        reader.close();
      }
    }
    assert.deepStrictEqual(
      across.offboardingGaps,
      people.gaps().map((gap) => gap.email),
    );
    assert.ok(across.offboardingGaps.length > 0, "the simulated company has people switched off in one app only");
    assert.equal(samples.get("idsync_review_offboarding_gaps"), across.offboardingGaps.length);

    assert.equal((await get(`${serve.url}/nowhere`)).status, 404);
    const post = await fetch(`${serve.url}/status`, { method: "POST" });
    assert.deepEqual([post.status, post.headers.get("allow")], [405, "GET"]);
    await post.body?.cancel();

    clock.advance(HOUR_MS);
    const second = await until(async () => {
      const now = await status(serve.url);
      return now.connectors.every((c) => c.runs.ok === 2 && c.state === "idle") ? now : undefined;
    }, "the second scheduled runs");
    for (const connector of second.connectors) {
      assert.notEqual(connector.lastRun!.syncId, byName(first.connectors, connector.name).lastRun!.syncId);
      assert.deepStrictEqual(
        [connector.lastRun!.review!.adminsAdded, connector.lastRun!.review!.adminsRemoved],
        [0, 0],
        "the same tenant: no admin changes",
      );
      const reader = await C1zReader.open(connector.file);
      try {
        assert.equal(
          reader.syncs().filter((sync) => sync.type === "full" && sync.endedAt !== null).length,
          2,
          "the file keeps both syncs",
        );
      } finally {
        reader.close();
      }
    }

    assert.equal(await serve.stop(), EXIT_CODES.ok);
    await assert.rejects(fetch(`${serve.url}/healthz`), "the server is closed");
    const messages = serve.stderr
      .text()
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    assert.equal(messages.filter((m) => m === "sync run started").length, 4);
    assert.equal(messages.filter((m) => m === "sync run finished").length, 4);
    assert.deepEqual(messages.slice(-2), ["shutting down: running syncs checkpoint and stop", "stopped"]);
    assert.equal(serve.stdout.text(), "");
  });

  test("a refused key: failed with kind unauthenticated, nowhere in any response, log or file; the other connector syncs; never ready", async (t) => {
    const served = await tenants(t);
    const dir = tempDir(t);
    const config = writeConfig(dir, served);
    const badKey = "bad-key-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA";
    const env: Record<string, string> = { ...secretEnv(served), BATON_CLOCKIFY_API_KEY: badKey };
    const serve = await startServe(t, config, env, { clock: new ManualClock(), connector: { http: FAST_HTTP } });

    const after = await until(async () => {
      const now = await status(serve.url);
      return now.connectors.every((c) => c.lastRun !== null) ? now : undefined;
    }, "both first runs");
    const clockify = byName(after.connectors, "clockify");
    assert.equal(clockify.lastRun!.outcome, "failed");
    assert.equal(clockify.lastRun!.error!.kind, "unauthenticated");
    assert.match(clockify.lastRun!.error!.message, /Clockify refused the API key/);
    assert.equal(clockify.lastRun!.counts, null);
    assert.equal(clockify.lastSuccessAt, null);
    assert.equal(clockify.consecutiveFailures, 1);
    assert.equal(
      Date.parse(clockify.nextRunAt!),
      Date.parse(clockify.lastRun!.endedAt) + HOUR_MS,
      "a refused key waits the whole interval",
    );
    assert.equal(byName(after.connectors, "env0").lastRun!.outcome, "ok");
    assert.ok(!existsSync(clockify.file), "no file for the failed connector");

    const replies = await Promise.all(
      ["/healthz", "/readyz", "/status", "/metrics", "/other"].map((p) => get(`${serve.url}${p}`)),
    );
    const readyz = replies[1]!;
    assert.equal(readyz.status, 503);
    assert.deepEqual(JSON.parse(readyz.text).waitingFor, ["clockify"]);
    const samples = parseMetrics(replies[3]!.text);
    assert.equal(samples.get('idsync_sync_runs_total{connector="clockify",outcome="failed"}'), 1);
    assert.equal(samples.has('idsync_sync_last_success_timestamp_seconds{connector="clockify"}'), false);

    assert.equal(await serve.stop(), EXIT_CODES.ok);
    const everything = [...replies.map((r) => r.text), serve.stdout.text(), serve.stderr.text(), filesText(dir)].join(
      "\n",
    );
    assert.match(
      serve.stderr.text(),
      /"msg":"sync run failed","connector":"clockify","outcome":"failed","kind":"unauthenticated"/,
    );
    for (const secret of [badKey, env["BATON_ENV0_API_KEY_SECRET"]!]) {
      assert.ok(!everything.includes(secret), "no key in any response, log line or file");
    }
  });

  test("--once: one line per connector, exit 0 when all synced, else the first failure's exit code; no server", async (t) => {
    const served = await tenants(t);
    const dir = tempDir(t);
    const config = writeConfig(dir, served);
    const run = async (env: Record<string, string>) => {
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await runIdsync(["serve", "--config", config, "--once", "--log-format", "json"], {
        stdout,
        stderr,
        env,
      });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    };

    const ok = await run(secretEnv(served));
    assert.equal(ok.code, EXIT_CODES.ok, ok.stderr);
    const lines = ok.stdout.trim().split("\n");
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      /^clockify: synced \d+ groups, \d+ roles, \d+ users; \d+ entitlements, \d+ grants into .*clockify\.c1z in /,
    );
    assert.match(lines[1]!, /^env0: synced .* into .*env0\.c1z in /);
    assert.ok(!ok.stderr.includes("listening"), "no HTTP server");

    const badKey = "once-bad-key-cXVpdGUgd3Jvbmc";
    const failed = await run({ ...secretEnv(served), BATON_CLOCKIFY_API_KEY: badKey });
    assert.equal(failed.code, EXIT_CODES.unauthenticated, failed.stderr);
    const [clockifyLine, env0Line] = failed.stdout.trim().split("\n");
    assert.match(clockifyLine!, /^clockify: failed \(unauthenticated\): Clockify refused the API key/);
    assert.match(env0Line!, /^env0: synced /);
    assert.ok(!failed.stdout.includes(badKey) && !failed.stderr.includes(badKey));
  });

  test("a bad config: every problem in one error, exit 2, before any request or folder", async (t) => {
    const served = await tenants(t);
    const dir = tempDir(t);
    const secret = served.clockify.settings["api-key"]!;
    const config = path.join(dir, "serve.json");
    writeFileSync(
      config,
      JSON.stringify({
        out: path.join(dir, "out"),
        connectors: [
          { name: "clockify", every: "5s", settings: { ...served.clockify.settings } },
          { name: "env0", every: "1h", settings: { "base-url": served.env0.settings["base-url"] } },
          { name: "github", every: "1d" },
          { name: "env0", every: "1h", file: "clockify.c1z" },
        ],
      }),
    );
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await runIdsync(["serve", "--config", config], {
      stdout,
      stderr,
      env: { BATON_ENV0_API_KEY_SECRET: "an-env0-secret-from-env" },
    });
    assert.equal(code, EXIT_CODES.invalidConfig);
    const [error, hint] = stderr.text().trim().split("\n");
    for (const pattern of [
      /"every" must be at least 10s, got "5s"/,
      /connectors\[0\] \(clockify\): "api-key" is a secret and is not read from the config file; set BATON_CLOCKIFY_API_KEY in the environment instead/,
      /connectors\[1\] \(env0\): missing "api-key-id" in "settings" \(or BATON_ENV0_API_KEY_ID in the environment\)/,
      /connectors\[1\] \(env0\): missing "organization-id"/,
      /connectors\[2\]: no connector named "github"/,
      /connectors\[3\] \(env0\): env0 is listed more than once/,
      /connectors\[3\] \(env0\): connectors\[0\] \(clockify\) writes .*clockify\.c1z already/,
    ]) {
      assert.match(error!, pattern);
    }
    assert.match(hint!, /^hint: /);
    assert.ok(!stderr.text().includes(secret), "the secret in the file is not echoed");
    assert.equal(
      served.clockify.simulator.stats().requests + served.env0.simulator.stats().requests,
      0,
      "nothing was requested",
    );
    assert.equal(existsSync(path.join(dir, "out")), false);
    assert.equal(stdout.text(), "");
  });

  test("a port in use, or no --config: exit 2 with what to do", async (t) => {
    const served = await tenants(t);
    const dir = tempDir(t);
    const config = writeConfig(dir, served);
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    t.after(() => blocker.close());
    const port = (blocker.address() as AddressInfo).port;
    const stderr = captureStream();
    const code = await runIdsync(["serve", "--config", config, "--port", String(port)], {
      stdout: captureStream(),
      stderr,
      env: secretEnv(served),
    });
    assert.equal(code, EXIT_CODES.invalidConfig);
    assert.match(
      stderr.text(),
      new RegExp(`error: cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)\\nhint: .*--port`),
    );
    assert.equal(served.clockify.simulator.stats().requests, 0);

    const missing = captureStream();
    assert.equal(
      await runIdsync(["serve"], { stdout: captureStream(), stderr: missing, env: {} }),
      EXIT_CODES.invalidConfig,
    );
    assert.match(missing.text(), /error: missing --config FILE/);
  });
});
