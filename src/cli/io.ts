/**
 * @module
 * What a command needs from the process, passed in so tests can run commands in-process
 * with captured output and a fake environment.
 */
import { Writable } from "node:stream";

/** A writable stream; `isTTY` and `columns` are read when present, as on a terminal. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** A stream that keeps what is written, for tests and for commands run in-process. */
export function captureStream(options: { isTTY?: boolean } = {}): OutputStream & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as OutputStream & { text(): string };
  stream.isTTY = options.isTTY ?? false;
  stream.text = () => chunks.join("");
  return stream;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted when the user interrupts (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, ...(signal ? { signal } : {}) };
}
