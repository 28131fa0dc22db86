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
import { C1zFileError, LocalFileError } from "../errors/index.ts";
import { commitTemp, createExclusive, createTempBeside, discardTemp, restateDiskFull } from "../files/index.ts";
import {
  FrameStructureError,
  FrameWalker,
  MAX_FRAME_HEADER_BYTES,
  parseFrameHeader,
  TrailingBytesError,
  type FrameHeader,
} from "./_zstd-frame.ts";

export const C1Z_V1_MAGIC = Buffer.from("C1ZF\0", "latin1");
export const C1Z_V3_MAGIC = Buffer.from("C1Z3\0", "latin1");
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/**
 * Baton's decoder limits (baton-sdk pkg/dotc1z/decoder.go, lines 18-19: `defaultMaxDecodedSize`
 * 10 GiB, `defaultDecoderMaxMemory` 128 MiB): a 128 MiB zstd window, 10 GiB of decoded database.
 */
const MAX_WINDOW_LOG = 27;
export const DEFAULT_MAX_DECODED_BYTES = 10 * 1024 ** 3;
/** zstd level 3 is zstd's (and Go klauspost's SpeedDefault) balance of speed and size. */
const COMPRESSION_LEVEL = 3;
/**
 * The decompressor's output chunk. zlib's default, 16 KiB, sent a 570 MB database through the
 * pipeline (length check, write stream, one write call each) 35,000 times, and that bookkeeping
 * cost more CPU than the decompression itself. With room for 1 MiB, zstd hands over a chunk per
 * 128 KiB block or more: a quarter of the trips, and half the unpack's CPU time.
 */
export const DECODED_CHUNK_BYTES = 1024 ** 2;
/**
 * The compressor's input and output chunk when saving. With the read stream's 64 KiB and zlib's
 * 16 KiB, compressing a 226 MB working database took a median 1.64 s wall; with 1 MiB each, 1.01 s
 * (five runs each): fewer trips through the thread pool and the stream for the same work.
 */
const SAVE_CHUNK_BYTES = 1024 ** 2;
/** How a user raises the limit, named in the error that meets it. */
const LIMIT_HINT =
  "raise the limit with --max-decoded-size (BATON_MAX_DECODED_SIZE) if the file is expected to be this large";

/** Reads at most `length` bytes from `offset` of a file. */
function readHead(file: string, length: number, offset = 0): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(length);
    const read = fs.readSync(fd, head, 0, length, offset);
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

/** The decoded stream's length went wrong: past the limit, or not what the frame declared. */
class DecodedLengthError extends Error {
  readonly problem: "over-limit" | "over-declared" | "under-declared";
  readonly decoded: number;
  constructor(problem: DecodedLengthError["problem"], decoded: number) {
    super(`decoded length: ${problem}`);
    this.problem = problem;
    this.decoded = decoded;
  }
}

/**
 * Counts the decoded bytes: stops the moment they pass `limit` or the frame's declared size
 * (nothing past either reaches the disk), and at the end checks they match the declared size.
 * `watch` sees the running count before each chunk is passed on, and may throw to stop.
 */
class DecodedLength extends Transform {
  #seen = 0;
  readonly #limit: number;
  readonly #declared: () => number | undefined;
  readonly #watch: (decoded: number) => void;

  constructor(limit: number, declared: () => number | undefined, watch: (decoded: number) => void) {
    super();
    this.#limit = limit;
    this.#declared = declared;
    this.#watch = watch;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    const declared = this.#declared();
    if (declared !== undefined && this.#seen > declared)
      return callback(new DecodedLengthError("over-declared", this.#seen));
    if (this.#seen > this.#limit) return callback(new DecodedLengthError("over-limit", this.#seen));
    try {
      this.#watch(this.#seen);
    } catch (error) {
      return callback(error as Error);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const declared = this.#declared();
    callback(
      declared !== undefined && this.#seen !== declared ? new DecodedLengthError("under-declared", this.#seen) : null,
    );
  }
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ["TiB", 1024 ** 4],
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

const exactBytes = (bytes: number): string => `${bytes.toLocaleString("en-US")} bytes`;

export interface UnpackOptions {
  /** @default DEFAULT_MAX_DECODED_BYTES */
  maxDecodedBytes?: number;
  /** Free bytes in a folder; a test seam for `fs.statfs`. */
  freeSpace?: (folder: string) => number;
  /** Sees the length of each decoded chunk on its way to disk; a test seam. */
  onDecodedChunk?: (bytes: number) => void;
}

/** While a frame of no declared size decodes, free space is looked at after every this many bytes. */
const SPACE_CHECK_BYTES = 16 * 1024 ** 2;
/** Decoding stops before the folder has less than this left, so it never fills the disk. */
const MIN_FREE_BYTES = 64 * 1024 ** 2;
const SPACE_HINT =
  "free space there, or decompress elsewhere: TMPDIR for the reading commands, --c1z-temp-dir for a sync";

function statfsFreeSpace(folder: string): number {
  const stats = fs.statfsSync(folder);
  return stats.bavail * stats.bsize;
}

/**
 * Refuses, before anything is written, a file whose frame declares more than `limit` or more
 * than `folder` has free (baton-sdk pkg/dotc1z/decoder.go refuses the first the same way).
 */
function checkDeclaredSize(
  c1zPath: string,
  folder: string,
  limit: number,
  freeSpace: (folder: string) => number,
): void {
  let header: FrameHeader | undefined;
  try {
    header = parseFrameHeader(readHead(c1zPath, MAX_FRAME_HEADER_BYTES, C1Z_V1_MAGIC.length));
  } catch {
    return; // Not a frame header: the decoding below says what is wrong.
  }
  const size = header?.contentSize;
  if (size === undefined) return;
  if (size > limit) {
    throw new C1zFileError(
      "unsupported-file",
      c1zPath,
      `decompresses to ${formatBytes(size)} (its zstd frame says so), more than the ${formatBytes(limit)} limit`,
      {
        hint: LIMIT_HINT,
      },
    );
  }
  const free = freeSpace(folder);
  if (size > free) {
    throw new LocalFileError(
      folder,
      `${c1zPath}: decompresses to ${formatBytes(size)}, more than the ${formatBytes(free)} free in ${folder}`,
      {
        hint: SPACE_HINT,
      },
    );
  }
}

/**
 * For a frame that declares no size (Baton's writer has not always recorded it): a check,
 * every SPACE_CHECK_BYTES decoded, that `folder` keeps MIN_FREE_BYTES free.
 */
function spaceWatch(
  c1zPath: string,
  folder: string,
  freeSpace: (folder: string) => number,
  declared: () => number | undefined,
): (decoded: number) => void {
  let nextCheck = 0;
  return (decoded) => {
    if (declared() !== undefined || decoded < nextCheck) return;
    nextCheck = decoded + SPACE_CHECK_BYTES;
    const free = freeSpace(folder);
    if (free >= MIN_FREE_BYTES) return;
    throw new LocalFileError(
      folder,
      `${c1zPath}: stopped decompressing after ${formatBytes(decoded)}, with only ${formatBytes(free)} left free in ${folder}`,
      {
        hint: SPACE_HINT,
      },
    );
  };
}

/** What the decoding proved about the database it wrote. */
export interface Unpacked {
  /**
   * The frame carried a content checksum and zstd found the decoded bytes match it: the
   * database is byte for byte the one its writer compressed. idsync's writer sets it (see
   * `packC1z`), and so does Baton's: the files its Go SDK wrote in test/fixtures/baton-sdk
   * carry it (frame descriptor bit 2).
   */
  checksummed: boolean;
}

/**
 * Decompresses the database inside `c1zPath` into a new file `dbPath` (mode 0600), refusing a
 * file that decodes to more than the limit, to more than the free space, or to anything but
 * exactly one frame of exactly its declared size (and checksum, when it carries one). Every
 * failure is one line naming `c1zPath`; `dbPath` is removed on failure.
 */
export async function unpackC1z(c1zPath: string, dbPath: string, options: UnpackOptions = {}): Promise<Unpacked> {
  checkMagic(c1zPath);
  const limit = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
  const folder = path.dirname(dbPath);
  const freeSpace = options.freeSpace ?? statfsFreeSpace;
  checkDeclaredSize(c1zPath, folder, limit, freeSpace);
  const frame = new FrameWalker();
  const declared = (): number | undefined => frame.header?.contentSize;
  const watchSpace = spaceWatch(c1zPath, folder, freeSpace, declared);
  let previous = 0;
  const watch = (decoded: number): void => {
    options.onDecodedChunk?.(decoded - previous);
    previous = decoded;
    watchSpace(decoded);
  };
  const output = fs.createWriteStream(dbPath, { fd: createExclusive(dbPath) });
  try {
    await pipeline(
      fs.createReadStream(c1zPath, { start: C1Z_V1_MAGIC.length }),
      frame,
      zlib.createZstdDecompress({
        chunkSize: DECODED_CHUNK_BYTES,
        params: { [zlib.constants.ZSTD_d_windowLogMax]: MAX_WINDOW_LOG },
      }),
      new DecodedLength(limit, declared, watch),
      output,
    );
  } catch (error) {
    fs.rmSync(dbPath, { force: true });
    throw unpackError(error, c1zPath, dbPath, limit, frame.header?.contentSize);
  }
  if (!readHead(dbPath, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    fs.rmSync(dbPath, { force: true });
    throw new C1zFileError("corrupt-file", c1zPath, "holds a damaged database (the decompressed bytes are not SQLite)");
  }
  return { checksummed: frame.hasChecksum };
}

/** The one-line error for a failed decode. */
function unpackError(
  error: unknown,
  c1zPath: string,
  dbPath: string,
  limit: number,
  declared: number | undefined,
): unknown {
  if (error instanceof DecodedLengthError) {
    if (error.problem === "over-limit") {
      return new C1zFileError(
        "unsupported-file",
        c1zPath,
        `decompresses to more than ${formatBytes(limit)}, the limit`,
        { cause: error, hint: LIMIT_HINT },
      );
    }
    const found = error.problem === "over-declared" ? "more" : exactBytes(error.decoded);
    return new C1zFileError(
      "corrupt-file",
      c1zPath,
      `is damaged: its zstd frame declares ${exactBytes(declared!)} but decompresses to ${found}`,
      { cause: error },
    );
  }
  if (error instanceof TrailingBytesError) {
    const extra = fs.statSync(c1zPath).size - C1Z_V1_MAGIC.length - error.frameLength;
    return new C1zFileError(
      "corrupt-file",
      c1zPath,
      `is damaged: ${exactBytes(extra)} follow its zstd frame (a c1z holds one frame and nothing after it)`,
      { cause: error },
    );
  }
  if (error instanceof FrameStructureError) {
    return new C1zFileError("corrupt-file", c1zPath, `is truncated or damaged (zstd: ${error.message})`, {
      cause: error,
    });
  }
  const full = restateDiskFull(error, dbPath, SPACE_HINT);
  if (full !== error) return full;
  if (isZlibError(error)) {
    return new C1zFileError("corrupt-file", c1zPath, `is truncated or damaged (zstd: ${zstdReason(error)})`, {
      cause: error,
    });
  }
  return error;
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
      fs.createReadStream(dbPath, { highWaterMark: SAVE_CHUNK_BYTES }),
      zlib.createZstdCompress({
        chunkSize: SAVE_CHUNK_BYTES,
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
