/**
 * @module
 * The worker thread that builds the explorer's reviews. A review reads every user and what they
 * hold: seconds on a big file, all of it synchronous. On the server's thread that held every
 * other request; here it holds only the next review. The thread opens its own copy of the file
 * once (into the folder the server gives it, which the server removes) and answers jobs in turn.
 */
import { parentPort, workerData } from "node:worker_threads";
import { C1zReader, isIdsyncError } from "../core/index.ts";
import { reviewJson, reviewSync } from "../review/index.ts";

export interface ReviewThreadData {
  /** The file as the command line named it: documents name it the same way. */
  file: string;
  app: string;
  syncId: string;
  /** Where the file is unpacked; the server removes it, whatever becomes of this thread. */
  tempDir: string;
  /** `--max-decoded-size`, as the server's reader had it. */
  maxDecodedBytes?: number;
}

export interface ReviewJob {
  id: number;
  staleDays: number | undefined;
}

export type ReviewAnswer =
  { id: number; document: unknown } | { id: number; error: { kind?: string; message: string; hint?: string } };

const data = workerData as ReviewThreadData;
// The server's reader already checked the file: no second integrity pass.
const reader = await C1zReader.open(data.file, {
  tempDir: data.tempDir,
  verify: false,
  maxDecodedBytes: data.maxDecodedBytes,
});
const sync = reader.resolveSync(data.syncId);

parentPort!.on("message", (job: ReviewJob) => {
  let answer: ReviewAnswer;
  try {
    const found = reviewSync(reader, sync, job.staleDays === undefined ? {} : { staleDays: job.staleDays });
    answer = { id: job.id, document: reviewJson([{ app: data.app, file: data.file, review: found }], found.staleDays) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    answer = {
      id: job.id,
      error: isIdsyncError(error)
        ? { kind: error.kind, message, ...(error.hint ? { hint: error.hint } : {}) }
        : { message },
    };
  }
  parentPort!.postMessage(answer);
});
