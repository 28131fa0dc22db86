/**
 * @module
 * Running a connector in service mode against the fake ConductorOne and a product simulator,
 * both on loopback: in-process (trusting the fake's CA through the test hook, with waits made
 * short and recorded) or as a real `baton-<name>` process trusting it through
 * NODE_EXTRA_CA_CERTS, as a user would.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { runConnectorCommand } from "../../src/cli/connector-command.ts";
import { captureStream } from "../../src/cli/io.ts";
import { findConnector } from "../../src/connectors/index.ts";
import {
  C1zReader,
  entitlementId,
  envVarName,
  grantId,
  InterruptedError,
  resourceKey,
  type Sleep,
  type SyncRun,
} from "../../src/core/index.ts";
import { startFakeC1, type FakeC1, type FakeC1Options, type UploadRecord } from "../../src/simulators/c1/index.ts";
import { findSimulator, type SimulatorOptions } from "../../src/simulators/index.ts";
import { FAST_HTTP, serveSimulator, syncWith, tempDir, type ServedSimulator } from "../../src/testkit/index.ts";

export const CONNECTOR_NAMES = ["clockify", "codefresh", "env0", "runlayer"] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

const BIN = join(import.meta.dirname, "..", "..", "bin");

export async function fakeC1(t: TestContext, options: FakeC1Options = {}): Promise<FakeC1> {
  const fake = await startFakeC1({ tempDir: tempDir(t, "idsync-c1-"), ...options });
  t.after(() => fake.close());
  return fake;
}

/** The connector's settings for a simulated tenant, as the environment a deployment gives it. */
export function productEnv(name: string, served: ServedSimulator): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [setting, value] of Object.entries(served.settings)) {
    env[envVarName(setting, name)] = value;
  }
  return env;
}

/**
 * A sleep that waits a fiftieth of what it is asked and records what it was asked, so pacing
 * is asserted on the waits the connector chose, not on a clock.
 */
export function recordedSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    waits.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms / 50);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };
  return { sleep, waits };
}

export interface RunningConnector {
  served: ServedSimulator;
  /** Ends like SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
  /** The exit code, when the connector stops by itself. */
  exit: Promise<number>;
  /** What it logged so far (JSON lines). */
  log(): string;
  /** The lines on stderr that are not log lines: the one-line error a failure prints. */
  errors(): string;
  waits: number[];
}

/** `baton-<name>` in service mode, in this process, until the test stops it or it exits. */
export async function runInProcess(
  t: TestContext,
  fake: FakeC1,
  options: { name?: ConnectorName; simulator?: SimulatorOptions; argv?: string[]; env?: Record<string, string> } = {},
): Promise<RunningConnector> {
  const name = options.name ?? "clockify";
  const served = await serveSimulator(t, findSimulator(name)!, options.simulator ?? {});
  const { sleep, waits } = recordedSleep();
  const controller = new AbortController();
  const stdout = captureStream();
  const stderr = captureStream();
  const env = {
    ...productEnv(name, served),
    ...fake.env(),
    BATON_C1Z_TEMP_DIR: tempDir(t, "idsync-service-"),
    BATON_HOST_ID: "idsync-test-host",
    ...options.env,
  };
  const exit = runConnectorCommand(
    findConnector(name)!,
    ["--log-format", "json", ...(options.argv ?? [])],
    { stdout, stderr, env, signal: controller.signal },
    { deps: { http: FAST_HTTP, c1: { ca: [fake.caPem], sleep } } },
  );
  const stop = (): Promise<number> => {
    if (!controller.signal.aborted) controller.abort(new InterruptedError("SIGTERM"));
    return exit;
  };
  t.after(stop);
  const errors = (): string =>
    stderr
      .text()
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("{"))
      .join("\n");
  return {
    served,
    stop,
    exit,
    log: () =>
      stderr
        .text()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .join("\n"),
    errors,
    waits,
  };
}

export interface ConnectorProcess {
  child: ChildProcess;
  served: ServedSimulator;
  exit: Promise<number | null>;
  stderr(): string;
}

/** `baton-<name>` as its own process, trusting the fake's CA through NODE_EXTRA_CA_CERTS. */
export async function runProcess(
  t: TestContext,
  fake: FakeC1,
  options: { name?: ConnectorName; simulator?: SimulatorOptions; env?: Record<string, string> } = {},
): Promise<ConnectorProcess> {
  const name = options.name ?? "clockify";
  const served = await serveSimulator(t, findSimulator(name)!, options.simulator ?? {});
  const child = spawn(process.execPath, [join(BIN, `baton-${name}.js`)], {
    env: {
      PATH: process.env["PATH"] ?? "",
      ...productEnv(name, served),
      ...fake.env(),
      BATON_C1Z_TEMP_DIR: tempDir(t, "idsync-service-"),
      BATON_LOG_FORMAT: "json",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return { child, served, exit, stderr: () => stderr };
}

/**
 * Nothing a run printed holds the client secret, a token the fake issued, or the product's API
 * key or token (each setting the connector marks secret).
 */
export function assertNoSecrets(
  fake: FakeC1,
  running: Pick<RunningConnector, "served"> & { log(): string; errors?(): string },
): void {
  const printed = `${running.log()}\n${running.errors?.() ?? ""}`;
  assert.ok(!printed.includes(fake.clientSecret), "the client secret is printed");
  const secretPart = fake.clientSecret.split(":").at(-1)!;
  assert.ok(!printed.includes(secretPart), "the client secret's key is printed");
  assert.doesNotMatch(printed, /\btok-\d+\b/, "a token is printed");
  for (const [setting, value] of Object.entries(running.served.settings)) {
    if (/key|token|secret|password/i.test(setting))
      assert.ok(!printed.includes(value), `the product's ${setting} is printed`);
  }
}

/** The JSON log lines of a run. */
export function logLines(log: string): Array<Record<string, unknown>> {
  return log
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Opens an uploaded c1z for the rest of the test. */
export async function openUpload(t: TestContext, upload: UploadRecord): Promise<C1zReader> {
  const file = join(tempDir(t, "idsync-upload-"), "upload.c1z");
  writeFileSync(file, upload.bytes);
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  return reader;
}

function rowsOf(reader: C1zReader, syncId: string): string[] {
  return [
    ...[...reader.resourceTypes(syncId)].map((r) => JSON.stringify(r)),
    ...[...reader.resources(syncId)].map((r) => JSON.stringify(r)),
    ...[...reader.entitlements(syncId)].map((e) => JSON.stringify(e)),
    ...[...reader.grants(syncId)].map((g) => JSON.stringify(g)),
  ];
}

/**
 * The upload is a c1z v1 holding one finished sync of `type` whose every entitlement and grant
 * points at what the file holds; returns that sync.
 */
export async function assertConformantUpload(
  t: TestContext,
  upload: UploadRecord,
  type: string,
): Promise<{ reader: C1zReader; sync: SyncRun }> {
  assert.equal(upload.accepted, true, `upload refused: ${upload.message}`);
  assert.equal(upload.c1zVersion, "v1");
  assert.equal(upload.checksumOk, true);
  const reader = await openUpload(t, upload);
  const syncs = reader.syncs();
  assert.equal(syncs.length, 1, "one sync per uploaded file");
  const sync = syncs[0]!;
  assert.equal(sync.type, type);
  assert.ok(sync.endedAt, "the sync is finished");
  const resources = new Set([...reader.resources(sync.id)].map((r) => resourceKey(r.id)));
  const entitlements = new Set<string>();
  for (const entitlement of reader.entitlements(sync.id)) {
    assert.equal(entitlement.id, entitlementId(entitlement.resource.id, entitlement.slug));
    assert.ok(resources.has(resourceKey(entitlement.resource.id)), `${entitlement.id} is on a resource of the file`);
    entitlements.add(entitlement.id);
  }
  for (const grant of reader.grants(sync.id)) {
    assert.equal(grant.id, grantId(grant.entitlement.id, grant.principal.id));
    assert.ok(entitlements.has(grant.entitlement.id), `${grant.id} points at an entitlement of the file`);
  }
  return { reader, sync };
}

/** The rows an uploaded sync holds equal those of a one-shot sync of the same tenant. */
export async function assertSameAsOneShot(
  t: TestContext,
  name: ConnectorName,
  served: ServedSimulator,
  reader: C1zReader,
  syncId: string,
): Promise<void> {
  const file = join(tempDir(t, "idsync-oneshot-"), "sync.c1z");
  await syncWith(findConnector(name)!, served.settings, file);
  const oneShot = await C1zReader.open(file);
  t.after(() => oneShot.close());
  const expected = rowsOf(oneShot, oneShot.resolveSyncId());
  assert.ok(expected.length > 10, "the tenant has rows");
  assert.deepEqual(rowsOf(reader, syncId), expected);
}
