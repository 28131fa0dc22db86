/**
 * @module
 * The server's side of `_review-thread.ts`: one worker per app, started on the first review and
 * ended with the explorer; jobs go to it one at a time, in order.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { IdsyncError, type ErrorKind } from "../core/index.ts";
import type { ReviewAnswer, ReviewThreadData } from "./_review-thread.ts";

const ENTRY = new URL("./_review-thread.ts", import.meta.url);

interface Pending {
  resolve(document: unknown): void;
  reject(error: unknown): void;
}

export class ReviewThread {
  readonly #data: Omit<ReviewThreadData, "tempDir">;
  #worker: Worker | undefined;
  #tempDir: string | undefined;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #closed = false;

  constructor(data: Omit<ReviewThreadData, "tempDir">) {
    this.#data = data;
  }

  /** `idsync review -o json` of the app's sync, for `staleDays` (the default when undefined). */
  review(staleDays: number | undefined): Promise<unknown> {
    if (this.#closed) return Promise.reject(new IdsyncError("interrupted", "the explorer is shutting down"));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const worker = this.#start();
      // Alive while it has work; idle, it must not keep the process from exiting.
      worker.ref();
      worker.postMessage({ id, staleDays });
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    this.#tempDir = mkdtempSync(path.join(tmpdir(), "idsync-explore-"));
    const worker = new Worker(ENTRY, {
      workerData: { ...this.#data, tempDir: this.#tempDir } satisfies ReviewThreadData,
    });
    worker.on("message", (answer: ReviewAnswer) => {
      const pending = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      if (this.#pending.size === 0) worker.unref();
      if (!pending) return;
      if ("document" in answer) return pending.resolve(answer.document);
      const { kind, message, hint } = answer.error;
      pending.reject(
        kind === undefined
          ? new Error(message)
          : new IdsyncError(kind as ErrorKind, message, hint === undefined ? {} : { hint }),
      );
    });
    const fail = (error: unknown): void => void this.#stop(error);
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the review thread stopped (exit ${code})`)));
    this.#worker = worker;
    return worker;
  }

  /**
   * Fails what is waiting, ends the thread and then removes its copy of the file; the next
   * review starts a new thread.
   */
  #stop(error: unknown): Promise<void> {
    const worker = this.#worker;
    const tempDir = this.#tempDir;
    this.#worker = undefined;
    this.#tempDir = undefined;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    if (!worker) return Promise.resolve();
    worker.removeAllListeners();
    // An error the ending thread still raises has no one left to tell.
    worker.on("error", () => undefined);
    return worker.terminate().then(
      () => rmSync(tempDir!, { recursive: true, force: true }),
      () => rmSync(tempDir!, { recursive: true, force: true }),
    );
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#stop(new IdsyncError("interrupted", "the explorer is shutting down"));
  }
}
