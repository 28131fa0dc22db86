/**
 * @module
 * A minimal protobuf wire writer over one reused buffer, for the hand-written encoders of the
 * hot messages (`_fast-encode.ts`). It writes the same bytes as @bufbuild/protobuf's
 * `BinaryWriter` for the field kinds those messages use: varints, doubles, strings, bytes and
 * length-delimited sub-messages.
 *
 * A sub-message's length is not known until it is written, so `fork()` reserves one byte for
 * it and `join()` shifts the payload right when the length needs more (payloads of 128 bytes
 * or more: a memmove, cheaper than sizing every message twice).
 */

const INITIAL_BYTES = 64 * 1024;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;

export class ProtoWriter {
  #buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  #view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset, this.#buffer.byteLength);
  #position = 0;
  /** Where each open sub-message's reserved length byte is. */
  readonly #forks: number[] = [];

  /** Starts a new message; the buffer is reused. */
  reset(): void {
    this.#position = 0;
    this.#forks.length = 0;
  }

  /** A copy of the bytes written since `reset()`. */
  finish(): Uint8Array {
    if (this.#forks.length > 0) throw new Error("protobuf writer: a sub-message was left open");
    return new Uint8Array(this.#buffer.subarray(0, this.#position));
  }

  #ensure(extra: number): void {
    const needed = this.#position + extra;
    if (needed <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.#buffer.copy(grown, 0, 0, this.#position);
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }

  /** A field's tag (field numbers here are all below 16, so it is one byte). */
  tag(field: number, wireType: number): void {
    this.#ensure(1);
    this.#buffer[this.#position++] = (field << 3) | wireType;
  }

  /** An unsigned varint of a non-negative safe integer. */
  varint(value: number): void {
    this.#ensure(10);
    const buffer = this.#buffer;
    let position = this.#position;
    while (value >= 0x80) {
      buffer[position++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buffer[position++] = value;
    this.#position = position;
  }

  /** An int64 varint: negative values take ten bytes, in two's complement. */
  int64(value: number): void {
    if (value >= 0) return this.varint(value);
    this.#ensure(10);
    let bits = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 9; i++) {
      this.#buffer[this.#position++] = Number(bits & 0x7fn) | 0x80;
      bits >>= 7n;
    }
    this.#buffer[this.#position++] = Number(bits);
  }

  bool(value: boolean): void {
    this.#ensure(1);
    this.#buffer[this.#position++] = value ? 1 : 0;
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
    const buffer = this.#buffer;
    if (length < 0x80) {
      // Short ASCII, the common case: one length byte, then one byte per character.
      const start = this.#position;
      let position = start + 1;
      let ascii = true;
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          ascii = false;
          break;
        }
        buffer[position++] = code;
      }
      if (ascii) {
        buffer[start] = length;
        this.#position = position;
        return;
      }
    }
    this.varint(Buffer.byteLength(value, "utf8"));
    this.#position += this.#buffer.write(value, this.#position, "utf8");
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.#ensure(value.length);
    this.#buffer.set(value, this.#position);
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
      this.#buffer[start] = length;
      return;
    }
    let size = 1;
    for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
    this.#ensure(size - 1);
    this.#buffer.copy(this.#buffer, start + size, start + 1, this.#position);
    this.#position = start;
    this.varint(length);
    this.#position = start + size + length;
  }
}
