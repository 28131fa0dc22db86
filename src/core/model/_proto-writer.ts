/**
 * @module
 * A minimal protobuf wire writer, for the hand-written encoders of the hot messages
 * (`_fast-encode.ts`). It writes the same bytes as @bufbuild/protobuf's `BinaryWriter` for the
 * field kinds those messages use: varints, doubles, strings, bytes and length-delimited
 * sub-messages.
 *
 * A sub-message's length is not known until it is written, so `fork()` reserves one byte for
 * it and `join()` shifts the payload right when the length needs more (payloads of 128 bytes
 * or more: one `copyWithin`, a memmove inside the buffer, cheaper than walking every message
 * twice to size it first).
 *
 * Messages are written one after the other into a shared chunk, and each is returned as a view
 * of its own bytes there, as Node's `Buffer.allocUnsafe` hands out slices of a pool: giving
 * every row of 100 bytes or more its own ArrayBuffer costs about a microsecond (V8 allocates
 * such a backing store outside the heap and tracks it for the collector), more than encoding
 * most of the row. A view never overlaps another; a kept one keeps its chunk alive.
 */

/** The size of a chunk: room for a few hundred typical rows. */
const CHUNK_BYTES = 64 * 1024;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;

export class ProtoWriter {
  // Bytes are written through a plain Uint8Array; the Buffer over the same memory is only for
  // its native UTF-8 `write`.
  #bytes = new Uint8Array(CHUNK_BYTES);
  #buffer = Buffer.from(this.#bytes.buffer);
  #view = new DataView(this.#bytes.buffer);
  /** Where the message being written starts in the chunk; what lies before belongs to views handed out. */
  #start = 0;
  #position = 0;
  /** Where each open sub-message's reserved length byte is. */
  readonly #forks: number[] = [];

  /** Starts a new message, dropping whatever an unfinished one left. */
  reset(): void {
    this.#position = this.#start;
    this.#forks.length = 0;
  }

  /** The bytes written since `reset()`: a view of them that no later message overwrites. */
  finish(): Uint8Array {
    if (this.#forks.length > 0) throw new Error("protobuf writer: a sub-message was left open");
    const message = this.#bytes.subarray(this.#start, this.#position);
    this.#start = this.#position;
    return message;
  }

  /** Makes room for `extra` more bytes: a new chunk, the message so far moved to its start. */
  #ensure(extra: number): void {
    if (this.#position + extra <= this.#bytes.length) return;
    const start = this.#start;
    const written = this.#position - start;
    let size = CHUNK_BYTES;
    while (size < written + extra) size *= 2;
    const chunk = new Uint8Array(size);
    chunk.set(this.#bytes.subarray(start, this.#position));
    this.#bytes = chunk;
    this.#buffer = Buffer.from(chunk.buffer);
    this.#view = new DataView(chunk.buffer);
    for (let i = 0; i < this.#forks.length; i++) this.#forks[i]! -= start;
    this.#start = 0;
    this.#position = written;
  }

  /** A field's tag (field numbers here are all below 16, so it is one byte). */
  tag(field: number, wireType: number): void {
    this.#ensure(1);
    this.#bytes[this.#position++] = (field << 3) | wireType;
  }

  /** An unsigned varint of a non-negative safe integer. */
  varint(value: number): void {
    this.#ensure(10);
    const bytes = this.#bytes;
    let position = this.#position;
    while (value >= 0x80) {
      bytes[position++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    bytes[position++] = value;
    this.#position = position;
  }

  /** An int64 varint: negative values take ten bytes, in two's complement. */
  int64(value: number): void {
    if (value >= 0) return this.varint(value);
    this.#ensure(10);
    let bits = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 9; i++) {
      this.#bytes[this.#position++] = Number(bits & 0x7fn) | 0x80;
      bits >>= 7n;
    }
    this.#bytes[this.#position++] = Number(bits);
  }

  bool(value: boolean): void {
    this.#ensure(1);
    this.#bytes[this.#position++] = value ? 1 : 0;
  }

  double(value: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.#position, value, true);
    this.#position += 8;
  }

  /** A length-prefixed UTF-8 string (lone surrogates become U+FFFD, as TextEncoder makes them). */
  string(value: string): void {
    const length = value.length;
    this.#ensure(length * 3 + 5);
    const bytes = this.#bytes;
    const start = this.#position;
    if (length < 0x80) {
      // Short ASCII, the common case: one length byte, then one byte per character.
      let position = start + 1;
      let ascii = true;
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          ascii = false;
          break;
        }
        bytes[position++] = code;
      }
      if (ascii) {
        bytes[start] = length;
        this.#position = position;
        return;
      }
    }
    // One UTF-8 pass: room for the longest length prefix the string can need (three bytes per
    // UTF-16 unit at most), the string after it, then the prefix moved up to it if shorter.
    const reserved = varintSize(length * 3);
    const written = this.#buffer.write(value, start + reserved, "utf8");
    const prefix = varintSize(written);
    if (prefix < reserved) bytes.copyWithin(start + prefix, start + reserved, start + reserved + written);
    this.varint(written);
    this.#position = start + prefix + written;
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.raw(value);
  }

  /** Bytes already in wire form, e.g. a constant field's tag and value encoded once. */
  raw(value: Uint8Array): void {
    this.#ensure(value.length);
    this.#bytes.set(value, this.#position);
    this.#position += value.length;
  }

  /** Opens a length-delimited sub-message (its tag is already written). */
  fork(): void {
    this.#ensure(1);
    this.#forks.push(this.#position);
    this.#position++;
  }

  /**
   * Closes the sub-message `fork()` opened, leaving it out (tag included) when it is empty: the
   * proto3 rule for a `bytes` field, e.g. the value of an Any whose message has no field set.
   */
  joinOmittingEmpty(): void {
    const start = this.#forks.at(-1)!;
    if (this.#position === start + 1) {
      this.#forks.pop();
      this.#position = start - 1; // the one-byte tag before the length
      return;
    }
    this.join();
  }

  /** Closes the sub-message `fork()` opened, writing its length in front of it. */
  join(): void {
    const start = this.#forks.pop()!;
    const length = this.#position - start - 1;
    if (length < 0x80) {
      this.#bytes[start] = length;
      return;
    }
    const size = varintSize(length);
    this.#ensure(size - 1);
    this.#bytes.copyWithin(start + size, start + 1, this.#position);
    this.#position = start;
    this.varint(length);
    this.#position = start + size + length;
  }
}

/** How many bytes the varint of a non-negative safe integer takes. */
function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}
