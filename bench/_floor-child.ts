/**
 * @module
 * The floor: the least a client could do for the same work. It replays the requests a sync made
 * (recorded by the simulator) against a fresh copy of the same tenant, at the sync's peak
 * concurrency and under the documented rate limit, and `JSON.parse`s every body. It has no
 * paging to follow, no retries, no store: whatever our sync takes beyond this is our own cost.
 * Prints a `FloorReport` line.
 *
 * Usage: node bench/_floor-child.ts <requests-file> <origin> <concurrency> <limit> <window-ms>
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

import type { FloorReport, RecordedRequest } from "./_protocol.ts";

/**
 * Added to the rate window: arrivals carry the simulator's ±10% latency jitter, so two starts
 * exactly one window apart may land inside one. 10 ms is 1% of a one-second window.
 */
const WINDOW_MARGIN_MS = 10;

const [file = "", origin = "", concurrencyArg = "4", limitArg = "1", windowArg = "1000"] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, "utf8")) as RecordedRequest[];
const concurrency = Math.max(1, Number(concurrencyArg));
const limit = Number(limitArg);
const windowMs = Number(windowArg) + WINDOW_MARGIN_MS;

/** Start times of the last `limit` requests: a sliding window never lets a fixed one overflow. */
const starts: number[] = [];
async function paced(): Promise<void> {
  for (;;) {
    const now = performance.now();
    if (starts.length < limit) break;
    const oldest = starts[starts.length - limit] as number;
    if (now - oldest >= windowMs) break;
    await sleep(oldest + windowMs - now);
  }
  starts.push(performance.now());
  if (starts.length > 2 * limit) starts.splice(0, starts.length - limit);
}

let next = 0;
let rateLimited = 0;
let bytes = 0;
async function worker(): Promise<void> {
  while (next < requests.length) {
    const request = requests[next++] as RecordedRequest;
    await paced();
    const response = await fetch(`${origin}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await response.text();
    bytes += text.length;
    if (response.status === 429) rateLimited++;
    else if (text.length > 0 && (response.headers.get("content-type") ?? "").includes("json")) JSON.parse(text);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const report: FloorReport = { wallMs: performance.now() - started, requests: requests.length, rateLimited, bytes };
process.stdout.write(`${JSON.stringify(report)}\n`);
