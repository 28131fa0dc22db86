/**
 * @module
 * `idsync serve --config FILE`: one long-running process that syncs the configured connectors
 * on a schedule and answers `/healthz`, `/readyz`, `/status` and `/metrics`, for containers and
 * Kubernetes. Each sync is `syncToFile`, exactly as `idsync sync <name>` runs it, so the file is
 * saved atomically, an interrupted sync starts over and the lock keeps a second writer out.
 *
 * `--once` runs every connector once and exits with the first failure's exit code, for cron.
 * SIGINT/SIGTERM stop scheduling, let running syncs checkpoint, close the server and exit 0: a
 * requested shutdown is a success for a service (the next start syncs again what was cut short).
 */
import fs from "node:fs";
import path from "node:path";
import {
  C1zReader,
  checkFileToWrite,
  ConfigError,
  createLogger,
  defineSettings,
  EXIT_CODES,
  exitCodeFor,
  redact,
  resolveSettings,
  syncToFile,
  type ConnectorDeps,
  type LogFormat,
  type LogLevel,
  type Logger,
} from "../../core/index.ts";
import { PeopleAcrossApps, adminKeys, reviewCounts, reviewSync, type ReviewCounts } from "../../review/index.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import { portFlag } from "../flags.ts";
import { globalFlags } from "../global-flags.ts";
import type { CliIo } from "../io.ts";
import { summaryLine } from "../report.ts";
import { systemClock, type Clock } from "../serve/clock.ts";
import {
  DEFAULT_CONCURRENCY,
  MIN_EVERY_MS,
  loadServeConfig,
  type ServeConfig,
  type ServeJob,
} from "../serve/config.ts";
import { ENDPOINTS, listen } from "../serve/http.ts";
import { Scheduler, type JobState, type RunSync } from "../serve/scheduler.ts";
import type { AcrossApps } from "../serve/status.ts";
import { DECODE_FLAG, readOptions, type ReadOptions } from "./_reading.ts";

const COMMAND = "idsync serve";
const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 9090;

const FLAGS = {
  config: {
    type: "string",
    short: "c",
    value: "FILE",
    description: `JSON: {"out": DIR, "concurrency": N, "connectors": [{"name", "every", "file"?, "settings"?}]}; every: 30s, 15m, 6h, 1d… (at least ${MIN_EVERY_MS / 1000}s); file: default <name>.c1z in out; settings: non-secret settings by flag name; secrets only from BATON_<CONNECTOR>_<SETTING> (or BATON_<SETTING>); concurrency: connectors syncing at once (default ${DEFAULT_CONCURRENCY}); staleDays: the dormancy line of the review after each sync (default 90)`,
  },
  host: { type: "string", value: "HOST", description: "interface to listen on", default: DEFAULT_HOST },
  port: {
    type: "string",
    value: "N",
    description: "port to listen on; 0 picks a free one, logged at start",
    default: String(DEFAULT_PORT),
  },
  once: { type: "boolean", description: "sync every connector once, print one line each, exit; no HTTP server" },
  // Checked by logSettings when resolved, with the variable.
  "log-level": {
    type: "string",
    value: "LEVEL",
    description: "debug, info, warn or error",
    notes: ["default info"],
    env: "BATON_LOG_LEVEL",
  },
  "log-format": {
    type: "string",
    value: "FORMAT",
    description: "json or console",
    notes: ["default: console on a terminal, json otherwise"],
    env: "BATON_LOG_FORMAT",
  },
  ...DECODE_FLAG,
} as const;

export const serveCommand = defineCommand({
  name: COMMAND,
  summary: "sync connectors on a schedule; serve /healthz, /readyz, /status, /metrics",
  usage: [`--config FILE [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--once]`],
  description: "Sync the connectors listed in FILE on a schedule, and serve their health and status over HTTP.",
  flags: FLAGS,
  footer: [
    `Endpoints: GET ${ENDPOINTS.join(", ")}.`,
    '  /healthz  200 "ok" while the process runs',
    "  /readyz   200 once every connector has synced successfully, else 503 with the reason (JSON)",
    "  /status   each connector's state, last run (with its review findings), last success, next run (JSON)",
    "  /metrics  Prometheus text format, review findings included (idsync_review_*)",
    "",
    "Each connector syncs at start, then every interval after its previous run ended. A run that failed because the API was unavailable, rate limited or timing out is retried after 1, 2, 4… minutes (never later than the interval); other failures wait the interval.",
    "SIGINT/SIGTERM: running syncs checkpoint and stop, the server closes, exit 0.",
    "Exit codes of --once: 0 all synced, else the first failing connector's (as idsync sync gives).",
  ].join("\n"),
  strayArgumentHint: `run \`${COMMAND} --help\``,
  run: ({ values }, io, deps: ServeDeps = {}) => serve(values, io, deps),
});

/** What tests replace; production uses the defaults. */
export interface ServeDeps {
  /** @default the system clock */
  clock?: Clock;
  /** Given to every connector, e.g. HTTP tuning. */
  connector?: Partial<Omit<ConnectorDeps, "logger">>;
  /** @default syncToFile */
  syncToFile?: typeof syncToFile;
}

const logSettings = defineSettings({
  fields: globalFlags.fields.filter((field) => field.name === "log-level" || field.name === "log-format"),
});

/** Creates `out` and each file's folder (0700: they hold who-has-access data), and checks each file can be written. */
function prepareFolders(config: ServeConfig): void {
  for (const folder of new Set([config.out, ...config.jobs.map((job) => path.dirname(job.file))])) {
    try {
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new ConfigError(`cannot create the folder ${folder} (${code})`, {
        setting: "out",
        hint: 'set "out" in the config file to a writable folder',
      });
    }
  }
  // As `idsync sync` checks its --file: before the first request, so a bad path fails the start.
  for (const job of config.jobs)
    checkFileToWrite(job.file, {
      setting: "file",
      label: `"file" of ${job.definition.name} in the config`,
      readsExisting: true,
    });
}

/** Resolves once `signal` aborts; never without one. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/**
 * Reviews the file a run just wrote, for the status page and the metrics (alerts on a new
 * admin, say), and, with `people`, puts its users in for the check across connectors, all
 * from one opening of the file. The sync has succeeded whatever happens here, so a failure is
 * a warning.
 */
async function reviewNewFile(
  job: ServeJob,
  staleDays: number,
  people: PeopleAcrossApps | undefined,
  read: ReadOptions,
  logger: Logger,
): Promise<ReviewCounts | undefined> {
  try {
    const reader = await C1zReader.open(job.file, read);
    try {
      const sync = reader.resolveSync();
      const review = reviewSync(reader, sync, { staleDays });
      people?.replace(reader, sync, job.name, adminKeys(review));
      return reviewCounts(review);
    } finally {
      reader.close();
    }
  } catch (error) {
    logger.warn("could not review the file just synced; its findings are left out of /status and /metrics", {
      file: job.file,
      error,
    });
    return undefined;
  }
}

/**
 * Offboarding gaps across every connector's latest file: someone switched off in one product
 * and still enabled in another. Rechecked after each successful run, since any one file can
 * open or close a gap. `people` holds each connector's users from its last run here; a file
 * left by an earlier process is read once, the first time. Files not written yet are left out.
 */
async function checkAcrossApps(
  jobs: readonly ServeJob[],
  people: PeopleAcrossApps,
  clock: Clock,
  read: ReadOptions,
  logger: Logger,
): Promise<AcrossApps | undefined> {
  try {
    for (const job of jobs) {
      if (people.has(job.name) || !fs.existsSync(job.file)) continue;
      const reader = await C1zReader.open(job.file, read);
      try {
        people.replace(reader, reader.resolveSync(), job.name);
      } finally {
        reader.close();
      }
    }
  } catch (error) {
    logger.warn("could not check the files across connectors; the last check stays in /status and /metrics", { error });
    return undefined;
  }
  const connectors = jobs.filter((job) => people.has(job.name)).map((job) => job.name);
  return { checkedAt: clock.now(), connectors, offboardingGaps: people.gaps().map((gap) => gap.email) };
}

function onceLine(state: JobState): string {
  const run = state.lastRun;
  if (run?.summary) return summaryLine(run.summary);
  if (run?.error) return redact(`${state.job.name}: failed (${run.error.kind}): ${run.error.message}`);
  return `${state.job.name}: not run`;
}

async function serve(values: FlagValues<typeof FLAGS>, io: CliIo, deps: ServeDeps): Promise<number> {
  if (!values.config)
    throw new ConfigError("missing --config FILE", {
      setting: "config",
      hint: `run \`${COMMAND} --help\` for the file's shape`,
    });
  const host = values.host?.trim() || DEFAULT_HOST;
  const port = portFlag(values.port, DEFAULT_PORT);
  const logging = resolveSettings(logSettings, { connector: "idsync", flags: values, env: io.env });
  const read = readOptions(values, io);

  // Settings first (every secret registered for redaction), then anything that can log.
  const config = loadServeConfig(values.config, io.env);
  prepareFolders(config);
  const logger = createLogger({
    level: logging.logLevel as LogLevel,
    format: (logging.logFormat as LogFormat | undefined) ?? (io.stderr.isTTY ? "console" : "json"),
    stream: io.stderr,
  });
  const clock = deps.clock ?? systemClock;
  const sync = deps.syncToFile ?? syncToFile;
  // Each connector's users from its latest file, for the offboarding check across them.
  const people = config.jobs.length > 1 ? new PeopleAcrossApps() : undefined;
  let acrossApps: AcrossApps | undefined;
  const runSync: RunSync = async (job, signal, jobLogger) => {
    const connector = job.definition.create(job.settings, { ...deps.connector, logger: jobLogger });
    const summary = await sync({ connector, file: job.file, logger: jobLogger, signal, ...read });
    const review = await reviewNewFile(job, config.staleDays, people, read, jobLogger);
    if (people) acrossApps = (await checkAcrossApps(config.jobs, people, clock, read, jobLogger)) ?? acrossApps;
    return review ? { ...summary, review } : summary;
  };
  const scheduler = new Scheduler({
    jobs: config.jobs,
    concurrency: config.concurrency,
    runSync,
    clock,
    logger,
    once: values.once === true,
  });

  if (values.once) {
    const stopOnSignal = () => void scheduler.stop(io.signal?.reason);
    io.signal?.addEventListener("abort", stopOnSignal, { once: true });
    try {
      if (!io.signal?.aborted) {
        scheduler.start();
        await scheduler.settled();
      }
    } finally {
      io.signal?.removeEventListener("abort", stopOnSignal);
    }
    const states = scheduler.states();
    for (const state of states) io.stdout.write(`${onceLine(state)}\n`);
    if (io.signal?.aborted) return EXIT_CODES.interrupted;
    const failed = states.find((state) => state.lastRun?.outcome !== "ok");
    return failed ? exitCodeFor(failed.lastRun?.cause) : EXIT_CODES.ok;
  }

  let stopping = false;
  const server = await listen(
    host,
    port,
    {
      states: () => scheduler.states(),
      stopping: () => stopping,
      startedAt: clock.now(),
      now: () => clock.now(),
      acrossApps: () => acrossApps,
    },
    (error) => logger.error("http server error", { error }),
  );
  logger.info(`listening on ${server.url}`, {
    url: server.url,
    endpoints: [...ENDPOINTS],
    connectors: config.jobs.map((job) => `${job.name} every ${job.every} → ${job.file}`),
  });
  scheduler.start();
  await aborted(io.signal);
  stopping = true;
  logger.info("shutting down: running syncs checkpoint and stop");
  await scheduler.stop(io.signal?.reason);
  await server.close();
  logger.info("stopped");
  return EXIT_CODES.ok;
}
