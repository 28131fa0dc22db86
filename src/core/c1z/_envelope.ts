/**
 * @module
 * The c1z envelope (`pkg/dotc1z/decoder.go`, `file.go`): the 5 bytes `C1ZF\0`, then one zstd
 * frame holding a whole SQLite database file. Both directions stream, so a file of any size
 * passes through a few megabytes of memory.
 */
import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { C1zFileError } from "../errors/index.ts";
import { commitTemp, createExclusive, createTempBeside, discardTemp, restateDiskFull } from "../files/index.ts";

export const C1Z_V1_MAGIC = Buffer.from("C1ZF\0", "latin1");
export const C1Z_V3_MAGIC = Buffer.from("C1Z3\0", "latin1");
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Baton's decoder limits: a 128 MiB zstd window and 10 GiB of decoded database. */
const MAX_WINDOW_LOG = 27;
export const DEFAULT_MAX_DECODED_BYTES = 10 * 1024 ** 3;
/** zstd level 3 is zstd's (and Go klauspost's SpeedDefault) balance of speed and size. */
const COMPRESSION_LEVEL = 3;

/** Reads at most `length` bytes from the start of a file. */
function readHead(file: string, length: number): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(length);
    const read = fs.readSync(fd, head, 0, length, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** Throws the right C1zFileError unless `c1zPath` starts with the v1 magic. */
function checkMagic(c1zPath: string): void {
  const head = readHead(c1zPath, C1Z_V1_MAGIC.length);
  if (head.equals(C1Z_V1_MAGIC)) return;
  if (head.equals(C1Z_V3_MAGIC)) {
    throw new C1zFileError("unsupported-file", c1zPath, "is a Baton v3 (Pebble) c1z, which idsync does not read", {
      hint: "re-sync it with --storage-engine sqlite",
    });
  }
  throw new C1zFileError("corrupt-file", c1zPath, "is not a c1z file (it does not start with C1ZF)");
}

class DecodedSizeLimit extends Transform {
  #seen = 0;
  readonly #limit: number;

  constructor(limit: number) {
    super();
    this.#limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.#limit) callback(new DecodedTooLargeError(this.#limit));
    else callback(null, chunk);
  }
}

class DecodedTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`decodes to more than ${limit} bytes`);
    this.limit = limit;
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  return `${bytes} bytes`;
}

/**
 * Decompresses the database inside `c1zPath` into a new file `dbPath` (mode 0600).
 * Every failure is a one-line C1zFileError naming `c1zPath`; `dbPath` is removed on failure.
 */
export async function unpackC1z(
  c1zPath: string,
  dbPath: string,
  options: { maxDecodedBytes?: number } = {},
): Promise<void> {
  checkMagic(c1zPath);
  const limit = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
  const output = fs.createWriteStream(dbPath, { fd: createExclusive(dbPath) });
  try {
    await pipeline(
      fs.createReadStream(c1zPath, { start: C1Z_V1_MAGIC.length }),
      zlib.createZstdDecompress({ params: { [zlib.constants.ZSTD_d_windowLogMax]: MAX_WINDOW_LOG } }),
      new DecodedSizeLimit(limit),
      output,
    );
  } catch (error) {
    fs.rmSync(dbPath, { force: true });
    if (error instanceof DecodedTooLargeError) {
      throw new C1zFileError("corrupt-file", c1zPath, `decompresses to more than ${formatBytes(limit)}, idsync's limit`, {
        cause: error,
      });
    }
    if (isZlibError(error)) {
      throw new C1zFileError("corrupt-file", c1zPath, `is truncated or damaged (zstd: ${zstdReason(error)})`, {
        cause: error,
      });
    }
    throw restateDiskFull(error, dbPath);
  }
  if (!readHead(dbPath, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    fs.rmSync(dbPath, { force: true });
    throw new C1zFileError("corrupt-file", c1zPath, "holds a damaged database (the decompressed bytes are not SQLite)");
  }
}

function isZlibError(error: unknown): error is Error & { code?: string } {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("Z_") || code.startsWith("ZSTD_"));
}

function zstdReason(error: Error & { code?: string }): string {
  return error.code === "Z_BUF_ERROR" ? "unexpected end of data" : error.message;
}

/** Test-only fault injection for `packC1z`; each hook may throw to simulate a failure. */
export interface PackHooks {
  /** Called with the running count of compressed bytes as they are written. */
  onCompressedChunk?: (bytesSoFar: number) => void;
  /** Called once the temp file is complete and synced, just before it replaces the target. */
  beforeRename?: () => void | Promise<void>;
}

class ChunkObserver extends Transform {
  #bytes = 0;
  readonly #observe: (bytesSoFar: number) => void;

  constructor(observe: (bytesSoFar: number) => void) {
    super();
    this.#observe = observe;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    try {
      this.#observe(this.#bytes);
      callback(null, chunk);
    } catch (error) {
      callback(error as Error);
    }
  }
}

/**
 * Writes `C1ZF\0` + zstd(`dbPath`) to `targetPath` atomically: a new temp file in the target's
 * folder (`createTempBeside`: exclusive, mode 0600, unpredictable name), fsync, rename, fsync
 * of the folder. On any failure the temp file is removed and `targetPath` is untouched; a full
 * disk is reported with the folder that is full.
 */
export async function packC1z(dbPath: string, targetPath: string, hooks: PackHooks = {}): Promise<void> {
  const folder = path.dirname(targetPath);
  const temp = createTempBeside(targetPath);
  try {
    // `flush` fsyncs the descriptor before the stream closes it.
    const output = fs.createWriteStream(temp.path, { fd: temp.fd, flush: true });
    output.write(C1Z_V1_MAGIC);
    await pipeline(
      fs.createReadStream(dbPath),
      zlib.createZstdCompress({
        params: {
          [zlib.constants.ZSTD_c_compressionLevel]: COMPRESSION_LEVEL,
          [zlib.constants.ZSTD_c_checksumFlag]: 1,
        },
        // Declaring the size lets zstd record it in the frame header, as Baton's writer does.
        pledgedSrcSize: fs.statSync(dbPath).size,
      }),
      new ChunkObserver(hooks.onCompressedChunk ?? (() => {})),
      output,
    );
    await hooks.beforeRename?.();
    commitTemp(temp.path, targetPath);
  } catch (error) {
    discardTemp(temp.path);
    throw restateDiskFull(error, targetPath);
  }
  syncFolder(folder);
}

/** Makes a rename durable. Some platforms cannot open a folder for fsync; the rename still happened. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, "r");
    fs.fsyncSync(fd);
  } catch {
    // Best effort: Windows and some network filesystems refuse to fsync a directory.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
