/**
 * @module
 * A benchmark's simulator, in its own process so that its work never counts as the sync's. It
 * serves one product's tenant with latency and the documented rate limit, prints
 * `{"origin":…,"settings":…,"rateLimit":…}` on stdout, and records every request answered with something
 * other than a 429: the work a floor client must repeat. Commands arrive on stdin, one a line:
 * `report <file>` writes the recorded requests there and prints the counters; the process exits
 * when its stdin closes.
 *
 * Usage: node bench/_simulator-child.ts <connector> <users> <groups> <latency-ms>
 */
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

import { findSimulator, serve } from "../src/simulators/index.ts";
import type { RecordedRequest, SimulatorReport } from "./_protocol.ts";

const [name = "", users = "1000", groups = "20", latencyMs = "25"] = process.argv.slice(2);
const definition = findSimulator(name);
if (!definition) throw new Error(`no simulator named ${name}`);
const simulator = definition.create({ users: Number(users), groups: Number(groups), latencyMs: Number(latencyMs) });

/** Headers the transport sets by itself; the rest (auth, content type) are replayed. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "keep-alive",
  "transfer-encoding",
  "accept-encoding",
  "user-agent",
]);
const recorded: RecordedRequest[] = [];
let inFlight = 0;
let peakInFlight = 0;
let busySince = process.cpuUsage();

const served = await serve(async (request) => {
  inFlight++;
  peakInFlight = Math.max(peakInFlight, inFlight);
  try {
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.clone().text();
    const response = await simulator.handler(request);
    if (response.status !== 429) {
      const url = new URL(request.url);
      const headers = [...request.headers].filter(([header]) => !TRANSPORT_HEADERS.has(header));
      recorded.push({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    }
    return response;
  } finally {
    inFlight--;
  }
});

// The documented limit, read back from the product's 429 rule, for the floor and the rate bound.
const { RATE_LIMIT } = (await import(`../src/simulators/${name}/index.ts`)) as {
  RATE_LIMIT: { limit: number; windowMs: number };
};
process.stdout.write(
  `${JSON.stringify({ origin: served.origin, settings: simulator.settings(served.origin), rateLimit: RATE_LIMIT })}\n`,
);
busySince = process.cpuUsage();

for await (const line of createInterface({ input: process.stdin })) {
  const [command, file] = line.split(" ");
  if (command !== "report" || !file) continue;
  writeFileSync(file, JSON.stringify(recorded));
  const cpu = process.cpuUsage(busySince);
  const stats = simulator.stats();
  const report: SimulatorReport = {
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    recorded: recorded.length,
    peakInFlight,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
await served.close();
