/**
 * @module
 * The one-line progress display shown while a sync runs on a terminal. When stderr is not a
 * TTY (cron, CI, a container) nothing is drawn: logs and the final summary line say enough.
 *
 * The live line and the log share stderr, so logs must go through `logStream`: it clears the
 * live line before each log line and draws it again below, so the two never run together.
 */
import { Writable } from "node:stream";
import type { ProgressEvent } from "../core/index.ts";
import type { OutputStream } from "./io.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const REDRAW_EVERY_MS = 100;
/** Before this much of a phase has passed its pace says little, so no estimate is shown. */
const ESTIMATE_AFTER_MS = 2_000;
/** Carriage return, then erase the whole line: the cursor ends at the start of an empty line. */
const CLEAR_LINE = "\r\x1b[2K";

const numbers = new Intl.NumberFormat("en-US");

export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  /** Where log lines go while the display runs; the plain stream when nothing is drawn. */
  readonly logStream: OutputStream;
  /** Clears the line so the summary or an error prints cleanly. */
  stop(): void;
}

export interface ProgressOptions {
  /** @default Date.now */
  now?: () => number;
  /**
   * Calls `redraw` every so often so the spinner turns while nothing happens, and returns how
   * to stop. Tests pass one that never calls, and drive the display with `update` alone.
   * @default an unref'd setInterval of 100 ms
   */
  every?: (redraw: () => void) => () => void;
}

function everyInterval(redraw: () => void): () => void {
  const timer = setInterval(redraw, REDRAW_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** "12s", "3m 20s", "1h 05m": an estimate, so no finer than it can be. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** What the phase has done of its known size, with a share and, once its pace is clear, the time left. */
function positionText(event: ProgressEvent, phaseMs: number): string | undefined {
  if (!event.of) return undefined;
  const { done, total } = event.of;
  // In the resources phase the size counts resources listed; later phases walk the stored ones.
  const unit = event.phase === "resources" ? "" : "resource ";
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  let text = `${unit}${numbers.format(done)} of ${numbers.format(total)} (${percent}%)`;
  if (done > 0 && done < total && phaseMs >= ESTIMATE_AFTER_MS) {
    text += ` · about ${formatDuration((phaseMs / done) * (total - done))} left`;
  }
  return text;
}

/** The live line's text, without the spinner frame. */
export function progressText(label: string, event: ProgressEvent, elapsedMs: number, phaseMs: number): string {
  const parts = [`${label}  ${event.phase}`];
  const position = positionText(event, phaseMs);
  if (position) parts.push(position);
  // Most telling first: a narrow terminal cuts the end of the line.
  parts.push(
    `${numbers.format(event.requests)} ${event.requests === 1 ? "request" : "requests"}`,
    `${numbers.format(event.resources)} resources`,
    `${numbers.format(event.entitlements)} entitlements`,
    `${numbers.format(event.grants)} grants`,
    `${(elapsedMs / 1000).toFixed(1)}s`,
  );
  return parts.join(" · ");
}

export function createProgressDisplay(
  label: string,
  stream: OutputStream = process.stderr,
  options: ProgressOptions = {},
): ProgressDisplay {
  if (!stream.isTTY) return { update() {}, stop() {}, logStream: stream };
  const now = options.now ?? Date.now;
  const startedAt = now();
  let phase: string | undefined;
  let phaseStartedAt = startedAt;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let frame = 0;
  let latest: ProgressEvent | undefined;
  let shown = false;
  let stopped = false;

  const draw = () => {
    if (!latest || stopped) return;
    const at = now();
    const line = `${FRAMES[frame++ % FRAMES.length]} ${progressText(label, latest, at - startedAt, at - phaseStartedAt)}`;
    // One character short of the width, so the line never wraps: a wrapped line would leave
    // its first half behind when the clear sequence erases only the cursor's row.
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : 100;
    stream.write(`${CLEAR_LINE}${line.slice(0, width)}`);
    shown = true;
  };
  const clear = () => {
    if (!shown) return;
    stream.write(CLEAR_LINE);
    shown = false;
  };
  const stopTicking = (options.every ?? everyInterval)(draw);

  const logStream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      clear();
      stream.write(chunk);
      // Redrawn only after a whole line: the live line must not sit in the middle of one.
      if (chunk.toString().endsWith("\n")) draw();
      done();
    },
  }) as unknown as OutputStream;

  return {
    logStream,
    update(event) {
      latest = event;
      if (event.phase !== phase) {
        phase = event.phase;
        phaseStartedAt = now();
      }
      if (now() - lastDraw >= REDRAW_EVERY_MS) {
        lastDraw = now();
        draw();
      }
    },
    stop() {
      stopTicking();
      clear();
      stopped = true;
    },
  };
}
