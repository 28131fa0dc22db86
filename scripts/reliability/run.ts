/**
 * @module
 * Runs one scenario for one connector, for real: the connector's command against its simulator
 * on 127.0.0.1, into a file that already holds a good previous sync, and records what it saw.
 *
 * Most runs call the command in-process, as the tests do, with retries that wait milliseconds
 * instead of seconds (the same attempts, the same deadline), so a failing run ends quickly. Runs
 * that stop mid-sync start `bin/baton-<name>.js` as its own process, with production timings,
 * and signal it.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConnectorCommand } from "../../src/cli/connector-command.ts";
import { captureStream } from "../../src/cli/io.ts";
import { silentLogger, type ConnectorDeps } from "../../src/core/index.ts";
import { DAMAGES } from "../../src/testkit/damage.ts";
import { parseFault, type FaultSpec } from "../../src/simulators/index.ts";
import { FAST_HTTP, settingsFrom } from "../../src/testkit/index.ts";
import { bytesOf, c1zText, hasStackTrace, labelledLine, rowsOf, sameRows, secretsOf } from "./observe.ts";
import type { Scenario, StopSignal } from "./scenarios.ts";
import type { Subject } from "./subjects.ts";
import { watchSimulator, type WatchedApi } from "./watched-api.ts";

type Http = NonNullable<ConnectorDeps["http"]>;

/** Added to every answer while a process is to be stopped, so the signal lands mid-walk. */
const STOP_LATENCY_MS = 30;
const BIN = join(import.meta.dirname, "../../bin");

export interface RunOutcome {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  signal: StopSignal | null;
  /** The error line, with the API's address and the run's folder replaced. */
  message?: string;
  /** The hint line under it, likewise. */
  hint?: string;
  /** Exit 0 only: the file's latest full sync has the rows of a clean sync of the tenant. */
  sameAsClean?: boolean;
}

export interface Observation extends RunOutcome {
  /** The file before the run is byte for byte the file after it. */
  previousKept: boolean;
  /** Faults the simulator actually served; undefined when the scenario arms none. */
  faultsServed?: number;
  /** The run after a stop. */
  rerun?: RunOutcome;
  /** A stack trace in any output. */
  stackTrace: boolean;
  /** A secret value in any output or in the file. */
  secretSeen: boolean;
}

interface Captured {
  code: number | null;
  signal: StopSignal | null;
  stdout: string;
  stderr: string;
}

function argv(settings: Record<string, string>, file: string, flags: Readonly<Record<string, string>> = {}): string[] {
  return [
    ...Object.entries({ ...settings, ...flags }).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    file,
    "--log-format",
    "json",
  ];
}

async function inProcess(subject: Subject, args: string[], http: Http): Promise<Captured> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(
    subject.definition,
    args,
    { stdout, stderr, env: {} },
    { command: `baton-${subject.definition.name}`, deps: { http } },
  );
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the connector's binary and sends it `signal` as the request after the next `afterRequests` arrives. */
function stoppedProcess(
  subject: Subject,
  args: string[],
  api: WatchedApi,
  signal: StopSignal,
  afterRequests: number,
): Promise<Captured> {
  const child = spawn(process.execPath, [join(BIN, `baton-${subject.definition.name}.js`), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {},
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  api.delayMs = STOP_LATENCY_MS;
  api.at(afterRequests, () => child.kill(signal));
  return new Promise((resolve) =>
    child.on("close", (code, exitSignal) => {
      api.delayMs = 0;
      resolve({ code, signal: exitSignal as StopSignal | null, stdout, stderr });
    }),
  );
}

/** How many requests validation makes: faults are armed, and signals sent, after them. */
async function validationRequests(
  subject: Subject,
  settings: Record<string, string>,
  api: WatchedApi,
  http: Http,
): Promise<number> {
  const before = api.requests;
  const connector = subject.definition.create(settingsFrom(subject.definition, settings), {
    logger: silentLogger,
    http,
  });
  await connector.validate({ signal: new AbortController().signal, logger: silentLogger });
  return api.requests - before;
}

/** A fault with its `{list}` or `{paged-list}` made the subject's route. */
function aimed(fault: FaultSpec | string, subject: Subject): FaultSpec {
  const spec = typeof fault === "string" ? parseFault(fault) : fault;
  return spec.path === undefined
    ? spec
    : { ...spec, path: spec.path.replace("{list}", subject.listPath).replace("{paged-list}", subject.pagedListPath) };
}

/** The file the scenario starts from: a copy of a clean sync, damaged if the scenario says. */
function previousFile(scenario: Scenario, clean: string, file: string): void {
  if (!scenario.damagePrevious) return copyFileSync(clean, file);
  const damage = DAMAGES.find((candidate) => candidate.name === scenario.damagePrevious);
  if (!damage) throw new Error(`no damage named ${scenario.damagePrevious}`);
  damage.apply(clean, file, 1);
}

export async function runScenario(subject: Subject, scenario: Scenario): Promise<Observation> {
  const tenant = scenario.paged ? subject.pagedTenant : subject.tenant;
  const api = await watchSimulator(subject.simulator.create(tenant));
  // Production's own timeout per attempt unless the scenario is about it; retries wait milliseconds.
  const http: Http = { ...FAST_HTTP, timeoutMs: scenario.attemptTimeoutMs ?? 60_000 };
  const dir = mkdtempSync(join(tmpdir(), "idsync-reliability-"));
  const sync = (settings: Record<string, string>, file: string, flags?: Readonly<Record<string, string>>) =>
    inProcess(subject, argv(settings, file, flags), http);
  try {
    const settings = api.simulator.settings(api.origin);
    const clean = join(dir, "clean.c1z");
    const reference = await sync(settings, clean);
    if (reference.code !== 0) throw new Error(`${subject.definition.name}: the clean sync failed: ${reference.stderr}`);
    const validation = await validationRequests(subject, settings, api, http);

    // A fresh simulator of the same tenant: the run meets no page served before it.
    const simulator = (api.simulator = subject.simulator.create(tenant));
    const file = join(dir, "sync.c1z");
    previousFile(scenario, clean, file);
    const before = bytesOf(file);
    const runSettings = scenario.refusedKey ? subject.refusedKey(settings) : settings;
    const args = argv(runSettings, file, scenario.flags);
    // Parsed now, so that a mistyped fault fails the run here rather than inside the server.
    const faults = (scenario.faults ?? []).map((fault) => aimed(fault, subject));
    if (faults.length > 0) api.at(validation, () => faults.forEach((fault) => simulator.faults.add(fault)));
    const run = scenario.stop
      ? await stoppedProcess(subject, args, api, scenario.stop.signal, validation)
      : await inProcess(subject, args, http);
    const faultsServed = scenario.faults ? simulator.faults.applied.total : undefined;
    simulator.faults.clear();
    const after = bytesOf(file);
    const outputs = [run.stdout, run.stderr];

    const replacements = [
      [api.origin, "<api>"],
      [dir, "<dir>"],
    ] as const;
    const outcome = async (captured: Captured, expected: readonly string[]): Promise<RunOutcome> => {
      const message = labelledLine(captured.stderr, "error", replacements);
      const hint = labelledLine(captured.stderr, "hint", replacements);
      return {
        code: captured.code,
        signal: captured.signal,
        ...(message !== undefined ? { message } : {}),
        ...(hint !== undefined ? { hint } : {}),
        ...(captured.code === 0 ? { sameAsClean: sameRows(await rowsOf(file), expected) } : {}),
      };
    };
    const first = await outcome(run, await rowsOf(clean));

    let rerun: RunOutcome | undefined;
    if (scenario.stop) {
      if (scenario.stop.tenantChanges) simulator.mutate();
      const again = await sync(settings, file);
      outputs.push(again.stdout, again.stderr);
      const now = join(dir, "now.c1z");
      await sync(settings, now);
      rerun = await outcome(again, await rowsOf(now));
    }

    const secrets = secretsOf(subject.definition, runSettings);
    const final = bytesOf(file);
    const searched = [...outputs, ...(final ? [c1zText(final)] : [])];
    return {
      ...first,
      previousKept: before !== undefined && after !== undefined && before.equals(after),
      ...(faultsServed !== undefined ? { faultsServed } : {}),
      ...(rerun ? { rerun } : {}),
      stackTrace: outputs.some(hasStackTrace),
      secretSeen: secrets.some((secret) => searched.some((text) => text.includes(secret))),
    };
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
