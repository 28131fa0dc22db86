/**
 * @module
 * Test support for `idsync serve`: a clock that only moves when told — `advance(ms)` fires the
 * timers that come due, in order, so a schedule of hours is tested in microseconds and a slow
 * machine changes nothing — and a strict reader of the metrics text.
 */
import assert from "node:assert/strict";
import type { Clock, Timer } from "./clock.ts";

interface _Pending {
  at: number;
  callback: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  #now: number;
  #timers: _Pending[] = [];

  /** @default 2030-01-01T00:00:00Z */
  constructor(start = Date.UTC(2030, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, ms: number): Timer {
    const pending: _Pending = { at: this.#now + Math.max(0, ms), callback, cancelled: false };
    this.#timers.push(pending);
    return { cancel: () => void (pending.cancelled = true) };
  }

  /** Due times of the timers still pending, earliest first. */
  pending(): number[] {
    return this.#timers
      .filter((t) => !t.cancelled)
      .map((t) => t.at)
      .sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing each timer that comes due at its own moment. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.callback();
    }
    this.#now = target;
  }
}

/** A sample line of the 0.0.4 text format: name, optional labels with escaped values, a float. */
export const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)$/;

/** Checks every line of a metrics text; returns the samples as `name{labels}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  assert.ok(text.endsWith("\n"), "ends with a line feed");
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.slice(0, -1).split("\n")) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        assert.match(meta[3]!, /^(gauge|counter)$/, line);
        typed.add(meta[2]!);
      }
      continue;
    }
    assert.match(line, SAMPLE_LINE);
    const name = line.slice(0, line.search(/[{ ]/));
    assert.ok(typed.has(name), `${name} has a TYPE line before its samples`);
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}
