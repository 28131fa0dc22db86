/**
 * @module
 * The structure of the one zstd frame inside a c1z, read without decompressing it (RFC 8878
 * §3.1.1, https://www.rfc-editor.org/rfc/rfc8878#section-3.1.1): the frame header with its
 * declared content size, then blocks whose 3-byte headers give their length, then an optional
 * 4-byte checksum. Walking it tells exactly where the frame ends, so bytes after it are seen
 * (node's decompressor stops at the end of the first frame and ignores whatever follows).
 */
import { Transform, type TransformCallback } from "node:stream";

const ZSTD_MAGIC = 0xfd2fb528;
/** Magic, descriptor, window descriptor, 4-byte dictionary id, 8-byte content size (RFC 8878 §3.1.1.1). */
export const MAX_FRAME_HEADER_BYTES = 18;
const BLOCK_HEADER_BYTES = 3;
const CHECKSUM_BYTES = 4;
const BLOCK_TYPE_RLE = 1;
const BLOCK_TYPE_RESERVED = 3;
/** The smallest window the format can describe: 2^10 bytes (RFC 8878 §3.1.1.1.2). */
const MIN_WINDOW_LOG = 10;
/** The largest exponent a window descriptor holds (5 bits) above MIN_WINDOW_LOG. */
const LARGEST_WINDOW_LOG = MIN_WINDOW_LOG + 31;

export interface FrameHeader {
  /** The header's length in bytes, magic included. */
  length: number;
  /** Frame_Content_Size: the exact length the frame decodes to, when the writer recorded it. */
  contentSize?: number;
  /** The same header with no content size, for a decoder that must not check it itself. */
  withoutContentSize: Buffer;
}

/** Why the bytes are not a well-formed frame; the caller words it for the user. */
export class FrameStructureError extends Error {}

/** Bytes after the frame's end: `frameLength` is where the frame stopped. */
export class TrailingBytesError extends Error {
  readonly frameLength: number;
  constructor(frameLength: number) {
    super(`bytes follow the zstd frame, which ends after ${frameLength} bytes`);
    this.frameLength = frameLength;
  }
}

const DICTIONARY_ID_BYTES = [0, 1, 2, 4] as const;
const CONTENT_SIZE_BYTES = [0, 2, 4, 8] as const;

/**
 * Parses a frame header from the start of `bytes`. Returns undefined when `bytes` is too short
 * to hold all of it; throws FrameStructureError when it is not a zstd frame header.
 */
export function parseFrameHeader(bytes: Buffer): FrameHeader | undefined {
  if (bytes.length < 5) return undefined;
  if (bytes.readUInt32LE(0) !== ZSTD_MAGIC) throw new FrameStructureError("no zstd frame after the C1ZF header");
  const descriptor = bytes[4]!;
  const singleSegment = (descriptor & 0x20) !== 0;
  const windowBytes = singleSegment ? 0 : 1;
  const dictionaryBytes = DICTIONARY_ID_BYTES[descriptor & 0x03]!;
  const sizeFlag = descriptor >> 6;
  // A single-segment frame always records its size, in one byte when the flag says none.
  const sizeBytes = sizeFlag === 0 && singleSegment ? 1 : CONTENT_SIZE_BYTES[sizeFlag]!;
  const length = 5 + windowBytes + dictionaryBytes + sizeBytes;
  if (bytes.length < length) return undefined;

  const sizeAt = 5 + windowBytes + dictionaryBytes;
  let contentSize: number | undefined;
  if (sizeBytes === 1) contentSize = bytes[sizeAt]!;
  else if (sizeBytes === 2)
    contentSize = bytes.readUInt16LE(sizeAt) + 256; // §3.1.1.1.4: the 2-byte form is offset by 256
  else if (sizeBytes === 4) contentSize = bytes.readUInt32LE(sizeAt);
  else if (sizeBytes === 8) contentSize = Number(bytes.readBigUInt64LE(sizeAt));

  // Same descriptor with no size and not single-segment; a single-segment frame's window is
  // its content size, so it gets a window descriptor at least that large.
  const parts = [bytes.subarray(0, 4), Buffer.from([descriptor & 0x1f])];
  if (singleSegment) parts.push(Buffer.from([(windowLogFor(contentSize!) - MIN_WINDOW_LOG) << 3]));
  else parts.push(bytes.subarray(5, 6));
  parts.push(bytes.subarray(5 + windowBytes, sizeAt));
  return { length, ...(contentSize !== undefined ? { contentSize } : {}), withoutContentSize: Buffer.concat(parts) };
}

function windowLogFor(size: number): number {
  let log = MIN_WINDOW_LOG;
  while (log < LARGEST_WINDOW_LOG && 2 ** log < size) log++;
  return log;
}

type State = "header" | "block-header" | "block-body" | "checksum" | "done";

/**
 * Passes one zstd frame through, its header replaced by `withoutContentSize` (so the
 * decoder's length is checked by the caller, who can say what is wrong), and fails with
 * TrailingBytesError on any byte after the frame, FrameStructureError on a cut-short frame.
 */
export class FrameWalker extends Transform {
  /** Parsed as soon as the whole header has gone through. */
  header: FrameHeader | undefined;
  #state: State = "header";
  #pending = Buffer.alloc(0);
  #remaining = 0;
  #lastBlock = false;
  #hasChecksum = false;
  #consumed = 0;

  /**
   * Whether the frame carries a content checksum (XXH64 of the decoded bytes, RFC 8878
   * §3.1.1.1.1.5). zstd checks it when it reaches the end, and fails the decode when it differs.
   */
  get hasChecksum(): boolean {
    return this.#hasChecksum;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#walk(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.#state === "done" ? null : new FrameStructureError("unexpected end of data"));
  }

  #walk(chunk: Buffer): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.#state === "done") throw new TrailingBytesError(this.#consumed);
      if (this.#state === "header" || this.#state === "block-header") {
        const used = this.#state === "header" ? this.#readHeader(data) : this.#readBlockHeader(data);
        if (used === 0) {
          this.#pending = Buffer.from(data);
          return;
        }
        data = data.subarray(used);
        continue;
      }
      const take = Math.min(this.#remaining, data.length);
      this.push(data.subarray(0, take));
      this.#consumed += take;
      this.#remaining -= take;
      data = data.subarray(take);
      if (this.#remaining === 0) this.#endOfPart();
    }
  }

  /** Consumes the frame header if all of it is in `data`; returns the bytes used (0: wait for more). */
  #readHeader(data: Buffer): number {
    const header = parseFrameHeader(data.subarray(0, MAX_FRAME_HEADER_BYTES));
    if (!header) return 0;
    this.header = header;
    this.#hasChecksum = (data[4]! & 0x04) !== 0;
    this.push(header.withoutContentSize);
    this.#consumed += header.length;
    this.#state = "block-header";
    return header.length;
  }

  #readBlockHeader(data: Buffer): number {
    if (data.length < BLOCK_HEADER_BYTES) return 0;
    const value = data[0]! | (data[1]! << 8) | (data[2]! << 16);
    const type = (value >> 1) & 0x03;
    if (type === BLOCK_TYPE_RESERVED) throw new FrameStructureError("a block of the reserved type");
    this.#lastBlock = (value & 1) === 1;
    // An RLE block holds one byte, repeated Block_Size times when decoded (§3.1.1.2.2).
    this.#remaining = type === BLOCK_TYPE_RLE ? 1 : value >>> 3;
    this.push(data.subarray(0, BLOCK_HEADER_BYTES));
    this.#consumed += BLOCK_HEADER_BYTES;
    this.#state = "block-body";
    if (this.#remaining === 0) this.#endOfPart();
    return BLOCK_HEADER_BYTES;
  }

  #endOfPart(): void {
    if (this.#state === "block-body" && !this.#lastBlock) {
      this.#state = "block-header";
    } else if (this.#state === "block-body" && this.#hasChecksum) {
      this.#state = "checksum";
      this.#remaining = CHECKSUM_BYTES;
    } else {
      this.#state = "done";
    }
  }
}
