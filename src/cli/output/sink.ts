/**
 * @module
 * Buffered writing to a stream that respects backpressure, so a command streaming a million
 * rows to a slow pipe waits for it instead of queueing the rows in memory. A reader that
 * goes away (`idsync grants | head`) ends the output quietly. Each flush also gives the event
 * loop a turn — a terminal takes writes synchronously, and without that turn Ctrl-C would
 * never be heard — and stops the output once `signal` is aborted.
 */
import { IdsyncError, isIdsyncError } from "../../core/index.ts";
import type { OutputStream } from "../io.ts";

const FLUSH_AT = 64 * 1024;

/** Thrown by `Sink.write` once the reader has gone: producers stop, and the command ends normally. */
export class OutputClosedError extends Error {
  constructor() {
    super("the output was closed by its reader");
    this.name = "OutputClosedError";
  }
}

const isBrokenPipe = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";

/** Resolves when `stream` drains or closes; rejects on its error. Leaves no listener behind. */
function drained(stream: OutputStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown): void => {
      stream.off("drain", onDrain);
      stream.off("close", onDrain);
      stream.off("error", onError);
      if (error === undefined) resolve();
      else reject(error as Error);
    };
    const onDrain = (): void => settle();
    const onError = (error: unknown): void => settle(error);
    stream.on("drain", onDrain);
    stream.on("close", onDrain);
    stream.on("error", onError);
  });
}

/** The error a reading command stops with when interrupted: exit code 130, one line. */
export function interruption(signal: AbortSignal): IdsyncError {
  const reason: unknown = signal.reason;
  const name = isIdsyncError(reason) && "signal" in reason ? String(reason.signal) : "a signal";
  return new IdsyncError("interrupted", `stopped by ${name}; the output is incomplete`);
}

export class Sink {
  readonly #stream: OutputStream;
  readonly #signal: AbortSignal | undefined;
  #buffer: string[] = [];
  #buffered = 0;
  #closed = false;
  readonly #onError = (error: NodeJS.ErrnoException): void => {
    if (error.code === "EPIPE") this.#closed = true;
  };

  constructor(stream: OutputStream, signal?: AbortSignal) {
    this.#stream = stream;
    this.#signal = signal;
    stream.on("error", this.#onError);
  }

  /** True once the reading end has closed: callers may stop producing. */
  get closed(): boolean {
    return this.#closed;
  }

  async write(text: string): Promise<void> {
    if (this.add(text)) await this.flush();
  }

  /**
   * Buffers `text` without waiting; true when a flush is due, which the caller then awaits.
   * For producers of many small pieces: `write` costs a promise per piece.
   */
  add(text: string): boolean {
    if (this.#closed) throw new OutputClosedError();
    this.#buffer.push(text);
    this.#buffered += text.length;
    return this.#buffered >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.#buffered === 0 || this.#closed) {
      this.#buffer = [];
      this.#buffered = 0;
      return;
    }
    const chunk = this.#buffer.join("");
    this.#buffer = [];
    this.#buffered = 0;
    try {
      if (!this.#stream.write(chunk)) await drained(this.#stream);
    } catch (error) {
      if (!isBrokenPipe(error)) throw error;
      this.#closed = true;
    }
    if (this.#closed) throw new OutputClosedError();
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#signal?.aborted) throw interruption(this.#signal);
  }

  /** Flushes and stops listening to the stream; a reader that went away is not an error. */
  async end(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      if (!(error instanceof OutputClosedError)) throw error;
    } finally {
      this.#stream.off("error", this.#onError);
    }
  }
}
