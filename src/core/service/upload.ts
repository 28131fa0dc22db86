/**
 * @module
 * Sending a sync's c1z to ConductorOne as baton-sdk does (`pkg/tasks/c1api/service_client.go:167-291`):
 * one UploadAsset stream of metadata, 512 KiB data chunks and an EOF carrying the SHA-256 of the
 * whole file; up to three attempts, each a new stream from the first byte, waiting 0 s and then
 * 1 s between them.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { Logger } from "../log/index.ts";
import type { Sleep } from "../http/index.ts";
import type { BatonConnection } from "./connection.ts";
import { isTransient } from "./outcome.ts";

/** `fileChunkSize = 1*1024*512` (service_client.go:26). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const UPLOAD_ATTEMPTS = 3;

/** The file in chunks of exactly `UPLOAD_CHUNK_BYTES`, the last holding the rest. */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(UPLOAD_CHUNK_BYTES);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === 0) return;
      yield buffer.subarray(0, filled);
      if (filled < buffer.length) return;
    }
  } finally {
    await file.close();
  }
}

async function sha256Of(path: string): Promise<Uint8Array> {
  const hash = createHash("sha256");
  for await (const chunk of fileChunks(path)) hash.update(chunk);
  return hash.digest();
}

export async function uploadC1z(options: {
  connection: BatonConnection;
  taskId: string;
  path: string;
  logger: Logger;
  sleep: Sleep;
  signal: AbortSignal;
}): Promise<void> {
  const { connection, taskId, path, logger, signal } = options;
  const sha256 = await sha256Of(path);
  for (let attempt = 1; ; attempt++) {
    try {
      await connection.uploadAsset(taskId, () => fileChunks(path), sha256, signal);
      return;
    } catch (error) {
      if (signal.aborted || attempt >= UPLOAD_ATTEMPTS || !isTransient(error)) throw error;
      const waitMs = (attempt - 1) * 1000;
      logger.warn("upload failed, trying again", {
        attempt,
        maxAttempts: UPLOAD_ATTEMPTS,
        waitMs,
        error: (error as Error).message,
      });
      await options.sleep(waitMs, signal);
    }
  }
}
