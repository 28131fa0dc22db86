/**
 * Each connector keeps its rate in every window, not only on average: the arrival times of its
 * requests at a loopback simulator are counted over a sliding window of the connector's limit.
 *
 * The clock is a fake one that moves only when idsync waits, and the simulator reads it as each
 * request arrives. So a request that was let through at one moment but reached the server after
 * the clock moved on (it queued behind other work, as a request does behind a big page's commit)
 * is counted where it landed, as a real API's limiter would count it. No assertion depends on
 * how fast the machine is.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { createLogger, RateLimiterPool, syncToFile, type ConnectorDefinition } from "../src/core/index.ts";
import { captureStream } from "../src/cli/io.ts";
import { clockify } from "../src/connectors/clockify/index.ts";
import { REQUESTS_PER_SECOND as CLOCKIFY_PER_SECOND } from "../src/connectors/clockify/client.ts";
import { codefresh } from "../src/connectors/codefresh/index.ts";
import { REQUESTS_PER_SECOND as CODEFRESH_PER_SECOND } from "../src/connectors/codefresh/client.ts";
import { env0 } from "../src/connectors/env0/index.ts";
import { REQUESTS_PER_MINUTE as ENV0_PER_MINUTE } from "../src/connectors/env0/client.ts";
import { createRunlayerConnector, runlayer } from "../src/connectors/runlayer/index.ts";
import { REQUESTS_PER_SECOND as RUNLAYER_PER_SECOND } from "../src/connectors/runlayer/client.ts";
import { findSimulator, serve, type SimulatorOptions } from "../src/simulators/index.ts";
import { settingsFrom, tempDir } from "../src/testkit/index.ts";

/** A clock that only moves when something sleeps on it. */
function fakeClock() {
  let now = 0;
  return {
    now: (): number => now,
    sleep: async (ms: number, signal?: AbortSignal): Promise<void> => {
      signal?.throwIfAborted();
      now += Math.max(0, ms);
      await Promise.resolve();
    },
  };
}

/** The most arrivals in any half-open window [t, t + spanMs). */
function busiestWindow(arrivals: readonly number[], spanMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let best = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= spanMs) first++;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

/** Serves `name`'s simulator (its own rate limit off: we count instead) and records arrivals. */
async function countedSimulator(
  t: { after(fn: () => Promise<void>): void },
  name: string,
  clock: ReturnType<typeof fakeClock>,
  options: SimulatorOptions = {},
) {
  const simulator = findSimulator(name)!.create({ rateLimit: false, ...options });
  const arrivals: number[] = [];
  const served = await serve((request) => {
    arrivals.push(clock.now());
    return simulator.handler(request);
  });
  t.after(() => served.close());
  return { arrivals, settings: simulator.settings(served.origin) };
}

function deps(clock: ReturnType<typeof fakeClock>, limiters?: RateLimiterPool) {
  return {
    logger: createLogger({ level: "error", format: "json", stream: captureStream() }),
    http: {
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      timeoutMs: 10_000,
      ...(limiters ? { limiters } : {}),
    },
  };
}

const LIMITS: ReadonlyArray<{ definition: ConnectorDefinition; limit: number; spanMs: number }> = [
  { definition: clockify, limit: CLOCKIFY_PER_SECOND, spanMs: 1000 },
  { definition: codefresh, limit: CODEFRESH_PER_SECOND, spanMs: 1000 },
  { definition: env0, limit: ENV0_PER_MINUTE, spanMs: 60_000 },
  { definition: runlayer, limit: RUNLAYER_PER_SECOND, spanMs: 1000 },
];

for (const { definition, limit, spanMs } of LIMITS) {
  test(`${definition.name}: at most ${limit} requests arrive in any ${spanMs / 1000} s, with connectors sharing the API's limiter`, async (t) => {
    const clock = fakeClock();
    const { arrivals, settings } = await countedSimulator(t, definition.name, clock, { users: 20 });
    // Service mode's tasks share one limiter per API: many connectors validating at once is the
    // busiest that limiter gets. Sixteen run at a time, each with its own client and sockets.
    const limiters = new RateLimiterPool();
    const worker = async () => {
      while (arrivals.length <= 1.5 * limit) {
        const connector = definition.create(settingsFrom(definition, settings), deps(clock, limiters));
        await connector.validate({ signal: new AbortController().signal, logger: deps(clock).logger });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.ok(
      busiestWindow(arrivals, spanMs) <= limit,
      `${busiestWindow(arrivals, spanMs)} requests arrived in one window; the limit is ${limit}`,
    );
  });
}

test(`runlayer: one sync of many small pages keeps to ${RUNLAYER_PER_SECOND} requests in any second`, async (t) => {
  const clock = fakeClock();
  const { arrivals, settings } = await countedSimulator(t, "runlayer", clock, { users: 1500 });
  const connector = createRunlayerConnector(settingsFrom(runlayer, settings), deps(clock), { limit: 10 });
  await syncToFile({ connector, file: join(tempDir(t), "runlayer.c1z") });
  assert.ok(arrivals.length > 2 * RUNLAYER_PER_SECOND, `enough requests to fill the window twice (${arrivals.length})`);
  assert.ok(
    busiestWindow(arrivals, 1000) <= RUNLAYER_PER_SECOND,
    `${busiestWindow(arrivals, 1000)} requests arrived in one second`,
  );
});
