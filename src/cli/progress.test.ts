/**
 * The live progress line, driven with a fake terminal (a stream with isTTY and columns that
 * records what is written) and a fake clock.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger, type ProgressEvent } from "../core/index.ts";
import type { OutputStream } from "./io.ts";
import { createProgressDisplay, formatDuration } from "./progress.ts";

const CLEAR = "\r\x1b[2K";

/** A terminal that understands what the display writes: text, "\n", and "\r\x1b[2K" (clear the row). */
function fakeTerminal(columns = 200) {
  const rows: string[] = [];
  let current = "";
  const writes: string[] = [];
  const stream = {
    isTTY: true,
    columns,
    write(chunk: string | Buffer): boolean {
      const text = chunk.toString();
      writes.push(text);
      for (const [index, cleared] of text.split(CLEAR).entries()) {
        if (index > 0) current = "";
        const lines = cleared.split("\n");
        current += lines[0]!;
        for (const line of lines.slice(1)) {
          rows.push(current);
          current = line;
        }
      }
      return true;
    },
  };
  return { stream: stream as unknown as OutputStream, rows, writes, current: () => current };
}

function fakeClock(start = 1_000_000) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

const never = () => () => {};

const event = (over: Partial<ProgressEvent> = {}): ProgressEvent => ({
  phase: "resources",
  resources: 0,
  entitlements: 0,
  grants: 0,
  pages: 0,
  requests: 0,
  ...over,
});

test("a log line never shares a row with the live line: it is cleared before, drawn again after", () => {
  const terminal = fakeTerminal();
  const clock = fakeClock();
  const progress = createProgressDisplay("clockify", terminal.stream, { now: clock.now, every: never });
  const logger = createLogger({ level: "info", format: "console", stream: progress.logStream, now: clock.now });
  progress.update(event({ resources: 500, requests: 3 }));
  assert.match(terminal.current(), /clockify {2}resources · 3 requests · 500 resources/);
  logger.warn("refused account status", { status: "LIMITED" });
  clock.advance(200);
  progress.update(event({ resources: 1_000, requests: 4 }));
  logger.info("second line");
  progress.stop();

  assert.equal(terminal.rows.length, 2, "one row per log line, nothing else left behind");
  assert.match(terminal.rows[0]!, /^\S+ WARN {2}refused account status status=LIMITED$/);
  assert.match(terminal.rows[1]!, /^\S+ INFO {2}second line$/);
  for (const row of terminal.rows) assert.doesNotMatch(row, /resources|⠋|⠙/, "no spinner text in a log row");
  assert.equal(terminal.current(), "", "stop leaves an empty row for the summary");
  // After a log line, the live line is back on the row below it.
  const afterWarn = terminal.writes.slice(terminal.writes.findIndex((w) => w.includes("WARN")) + 1);
  assert.ok(afterWarn[0]!.startsWith(CLEAR), "the redraw clears the row first");
  assert.match(afterWarn[0]!.slice(CLEAR.length), /^. clockify {2}resources · 3 requests · 500 resources/);
});

test("it counts requests, with thousands separators, and shows the phase's size and the time left", () => {
  const terminal = fakeTerminal();
  const clock = fakeClock();
  const progress = createProgressDisplay("env0", terminal.stream, { now: clock.now, every: never });
  progress.update(
    event({
      phase: "grants",
      resources: 12_345,
      entitlements: 2_500,
      grants: 1_000_000,
      pages: 100_067,
      requests: 54,
      of: { done: 0, total: 12_345 },
    }),
  );
  assert.equal(
    terminal.current(),
    "⠋ env0  grants · resource 0 of 12,345 (0%) · 54 requests · 12,345 resources · 2,500 entitlements · 1,000,000 grants · 0.0s",
  );
  assert.doesNotMatch(terminal.current(), /pages|100,067/, "engine pages are not shown as if they were requests");

  clock.advance(4_000);
  progress.update(
    event({
      phase: "grants",
      resources: 12_345,
      entitlements: 2_500,
      grants: 1_200_000,
      pages: 101_301,
      requests: 1_054,
      of: { done: 1_234, total: 12_345 },
    }),
  );
  // 1,234 resources in 4 s: the 11,111 left take about 36 s.
  assert.equal(
    terminal.current(),
    "⠙ env0  grants · resource 1,234 of 12,345 (9%) · about 36s left · 1,054 requests · 12,345 resources · 2,500 entitlements · 1,200,000 grants · 4.0s",
  );
  progress.stop();
});

test("the time left is measured from the start of the phase, and only once its pace is clear", () => {
  const terminal = fakeTerminal();
  const clock = fakeClock();
  const progress = createProgressDisplay("runlayer", terminal.stream, { now: clock.now, every: never });
  progress.update(event({ phase: "resource-types" }));
  clock.advance(60_000);
  progress.update(event({ phase: "resources", resources: 100, requests: 2, of: { done: 100, total: 1_000 } }));
  clock.advance(1_000);
  progress.update(event({ phase: "resources", resources: 200, requests: 3, of: { done: 200, total: 1_000 } }));
  assert.doesNotMatch(terminal.current(), /left/, "after one second of the phase, no estimate");
  assert.match(terminal.current(), /runlayer {2}resources · 200 of 1,000 \(20%\) · 3 requests · 200 resources/);
  clock.advance(1_000);
  progress.update(event({ phase: "resources", resources: 400, requests: 5, of: { done: 400, total: 1_000 } }));
  // 400 in the phase's 2 s (not the minute before it): the 600 left take 3 s.
  assert.match(terminal.current(), /400 of 1,000 \(40%\) · about 3s left · 5 requests · 400 resources/);
  progress.stop();
});

test("without a known size there is no share and no estimate", () => {
  const terminal = fakeTerminal();
  const clock = fakeClock();
  const progress = createProgressDisplay("clockify", terminal.stream, { now: clock.now, every: never });
  clock.advance(10_000);
  progress.update(event({ resources: 3_000, requests: 1 }));
  assert.equal(
    terminal.current(),
    "⠋ clockify  resources · 1 request · 3,000 resources · 0 entitlements · 0 grants · 10.0s",
  );
  progress.stop();
});

test("the live line never wraps, whatever the terminal's width", () => {
  const terminal = fakeTerminal(40);
  const clock = fakeClock();
  const progress = createProgressDisplay("codefresh", terminal.stream, { now: clock.now, every: never });
  progress.update(event({ resources: 123_456, requests: 7 }));
  assert.equal(terminal.current().length, 39);
  progress.stop();
});

test("off a terminal nothing is drawn and logs go straight to the stream", () => {
  const writes: string[] = [];
  const stream = { isTTY: false, write: (chunk: string) => writes.push(chunk) > 0 } as unknown as OutputStream;
  const progress = createProgressDisplay("clockify", stream, { every: never });
  assert.equal(progress.logStream, stream);
  progress.update(event({ resources: 10 }));
  progress.stop();
  assert.deepEqual(writes, []);
});

test("estimates read as whole seconds, minutes or hours", () => {
  assert.equal(formatDuration(400), "1s");
  assert.equal(formatDuration(36_030), "36s");
  assert.equal(formatDuration(200_000), "3m 20s");
  assert.equal(formatDuration(3_900_000), "1h 05m");
});
