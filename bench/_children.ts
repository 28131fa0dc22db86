/**
 * @module
 * Child processes of the benchmark: each speaks one JSON line at a time on stdout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const here = import.meta.dirname;

/** A running child script whose stdout lines are read one at a time. */
export interface LineChild {
  process: ChildProcess;
  /** The next stdout line, parsed; rejects if the child exits first. */
  nextLine<T>(): Promise<T>;
  send(line: string): void;
  /** Closes stdin (the simulator's cue to stop) and waits for the exit. */
  stop(): Promise<void>;
}

export function startChild(script: string, args: readonly string[]): LineChild {
  const child = spawn(process.execPath, [join(here, script), ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    process: child,
    async nextLine<T>(): Promise<T> {
      const line = await lines.next();
      if (line.done) throw new Error(`${script} ${args.join(" ")} ended without answering (exit ${child.exitCode})`);
      return JSON.parse(line.value) as T;
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGTERM"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a child script to its end and returns its one JSON line. */
export async function runChild<T>(script: string, args: readonly string[]): Promise<T> {
  const child = startChild(script, args);
  try {
    return await child.nextLine<T>();
  } finally {
    await child.stop();
  }
}
