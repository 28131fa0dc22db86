/**
 * @module
 * The one-line progress display shown while a sync runs on a terminal. When stderr is not a
 * TTY (cron, CI, a container) nothing is drawn: logs and the final summary line say enough.
 */
import type { ProgressEvent } from "../core/index.ts";
import type { OutputStream } from "./io.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const REDRAW_EVERY_MS = 100;

export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  /** Clears the line so the summary or an error prints cleanly. */
  stop(): void;
}

export function createProgressDisplay(
  label: string,
  stream: OutputStream = process.stderr,
  now: () => number = Date.now,
): ProgressDisplay {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const startedAt = now();
  let lastDraw = 0;
  let frame = 0;
  let latest: ProgressEvent | undefined;
  const draw = () => {
    if (!latest) return;
    const seconds = ((now() - startedAt) / 1000).toFixed(1);
    const line =
      `${FRAMES[frame++ % FRAMES.length]} ${label}  ${latest.phase}` +
      ` · ${latest.resources} resources · ${latest.entitlements} entitlements · ${latest.grants} grants` +
      ` · ${latest.pages} pages · ${seconds}s`;
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : 100;
    stream.write(`\r\x1b[2K${line.slice(0, width)}`);
  };
  const timer = setInterval(draw, REDRAW_EVERY_MS);
  timer.unref();
  return {
    update(event) {
      latest = event;
      if (now() - lastDraw >= REDRAW_EVERY_MS) {
        lastDraw = now();
        draw();
      }
    },
    stop() {
      clearInterval(timer);
      stream.write("\r\x1b[2K");
    },
  };
}
