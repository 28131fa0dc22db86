/**
 * @module
 * A minimal protobuf wire reader, for the hand-written decoders of the hot messages
 * (`_fast-decode.ts`), the mirror of `_proto-writer.ts`.
 *
 * It must accept exactly what @bufbuild/protobuf's `fromBinary` accepts and refuse the rest
 * with the same error (the store names a damaged row by it), so it follows that reader's rules
 * rather than the strictest reading of the wire format: a known field is read as its declared
 * type whatever wire type its tag says; a sub-message's end bounds only its loop (a field that
 * runs past it is not an error); varints are read to ten bytes, a 32-bit one keeping its low 32
 * bits; strings must be valid UTF-8 (proto3); nesting deeper than 100 messages is refused.
 *
 * The reader works on a window `[pos, limit)` of one buffer: an Any's value is read by moving
 * the window onto it (`enter`/`restore`), so that reading past its end fails as a separate
 * `fromBinary` of those bytes fails, without copying or allocating.
 */

/** @bufbuild/protobuf's default `recursionLimit`: how deep messages may nest in one `fromBinary`. */
export const RECURSION_LIMIT = 100;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

export { WIRE_LEN };

/** Reading past the end of the bytes: the same error, type and text, as @bufbuild/protobuf's. */
const prematureEof = (): RangeError => new RangeError("premature EOF");

// Strict UTF-8, keeping a leading U+FEFF as text, as @bufbuild/protobuf decodes proto3 strings.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Strings `recurringString` keeps: short, and a bounded number of them, so memory stays flat. */
const MAX_RECURRING_LENGTH = 24;
const MAX_RECURRING = 4_096;
const recurring = new Map<number, string>();

export class ProtoReader {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  limit = 0;
  /** How deep the message being read is nested, counted as `fromBinary` counts it. */
  depth = 0;
  #view: DataView | undefined;
  /** The low and high 32 bits of the last `varint64()`. */
  lo = 0;
  hi = 0;

  /** Starts reading `bytes` as one top-level message. */
  reset(bytes: Uint8Array): void {
    this.buf = bytes;
    this.pos = 0;
    this.limit = bytes.length;
    this.depth = 0;
    this.#view = undefined;
  }

  /**
   * Moves the window onto `[start, end)`, as a fresh `fromBinary` of those bytes (depth 0);
   * returns what `restore` needs to come back.
   */
  enter(start: number, end: number): [pos: number, limit: number, depth: number] {
    const saved: [number, number, number] = [this.pos, this.limit, this.depth];
    this.pos = start;
    this.limit = end;
    this.depth = 0;
    return saved;
  }

  restore(saved: [pos: number, limit: number, depth: number]): void {
    [this.pos, this.limit, this.depth] = saved;
  }

  /** Counts one more level of nesting for a message of `typeName`, refusing past the limit. */
  nest(typeName: string): void {
    if (++this.depth > RECURSION_LIMIT)
      throw new Error(
        `cannot decode message ${typeName} from binary: maximum recursion depth of ${RECURSION_LIMIT} reached`,
      );
  }

  #byte(): number {
    if (this.pos >= this.limit) throw prematureEof();
    return this.buf[this.pos++]!;
  }

  /** An unsigned 32-bit varint: the low 32 bits of up to ten bytes. */
  uint32(): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.#byte();
      if (shift < 32) value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new Error("invalid varint");
  }

  int32(): number {
    return this.uint32() | 0;
  }

  /** A 64-bit varint into `lo` and `hi` (32 bits each, as unsigned). */
  varint64(): void {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const bits = this.#byte();
      const low7 = bits & 0x7f;
      if (shift < 28) lo |= low7 << shift;
      else if (shift === 28) {
        lo |= low7 << 28;
        hi = low7 >>> 4;
      } else hi |= low7 << (shift - 32);
      if (bits < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new Error("invalid varint");
  }

  /** An int64 as the nearest number, as `Number()` of @bufbuild/protobuf's bigint gives it. */
  int64(): number {
    this.varint64();
    // hi × 2³² is exact in a double; the one rounding is the sum's, as Number(bigint) rounds.
    return (this.hi | 0) * 4294967296 + this.lo;
  }

  bool(): boolean {
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  double(): number {
    // @bufbuild/protobuf reads through a DataView over the message's bytes, which throws this.
    if (this.pos + 8 > this.limit) throw new RangeError("Offset is outside the bounds of the DataView");
    this.#view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    const value = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** A length-delimited payload: its start; `pos` is left at its end. */
  lengthDelimited(): number {
    const length = this.uint32();
    const start = this.pos;
    this.pos += length;
    if (this.pos > this.limit) throw prematureEof();
    return start;
  }

  string(): string {
    const start = this.lengthDelimited();
    return this.#text(start, this.pos);
  }

  #text(start: number, end: number): string {
    const buf = this.buf;
    if (end - start <= 32) {
      let text = "";
      for (let i = start; i < end; i++) {
        const code = buf[i]!;
        if (code >= 0x80) return strictUtf8.decode(buf.subarray(start, end));
        text += String.fromCharCode(code);
      }
      return text;
    }
    return strictUtf8.decode(buf.subarray(start, end));
  }

  /**
   * A string that recurs from message to message (a Struct key, a resource type): short ASCII
   * ones come from a cache, so rows share one string, already internalized as a property key,
   * instead of each building its own.
   */
  recurringString(): string {
    const start = this.lengthDelimited();
    const end = this.pos;
    const length = end - start;
    if (length > MAX_RECURRING_LENGTH) return this.#text(start, end);
    const buf = this.buf;
    let hash = length;
    for (let i = start; i < end; i++) {
      const code = buf[i]!;
      if (code >= 0x80) return this.#text(start, end);
      hash = (Math.imul(hash, 31) + code) | 0;
    }
    const cached = recurring.get(hash);
    if (cached !== undefined && cached.length === length) {
      let i = 0;
      while (i < length && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === length) return cached;
    }
    const text = this.#text(start, end);
    if (recurring.size >= MAX_RECURRING) recurring.clear();
    recurring.set(hash, text);
    return text;
  }

  /** Whether `pos` is at a length-delimited payload equal to `expected`; if so, steps over it. */
  matchesBytes(expected: Uint8Array): boolean {
    const saved = this.pos;
    const start = this.lengthDelimited();
    if (this.pos - start === expected.length) {
      let i = 0;
      while (i < expected.length && this.buf[start + i] === expected[i]) i++;
      if (i === expected.length) return true;
    }
    this.pos = saved;
    return false;
  }

  /** A tag, validated: its field number is `tag >>> 3`, its wire type `tag & 7`. */
  tag(): number {
    const start = this.pos;
    const tag = this.uint32();
    const read = this.pos - start;
    if (read > 5 || (read === 5 && this.buf[this.pos - 1]! > 0x0f))
      throw new Error("illegal tag: varint overflows uint32");
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNo <= 0 || wireType > 5) throw new Error(`illegal tag: field no ${fieldNo} wire type ${wireType}`);
    return tag;
  }

  /** Steps over the field of `tag`, one this decoder does not read, as `fromBinary` steps over an unknown field. */
  skipField(tag: number): void {
    this.skip(tag & 7, tag >>> 3);
  }

  skip(wireType: number, fieldNo: number, recursionLimit = RECURSION_LIMIT - this.depth): void {
    switch (wireType) {
      case WIRE_VARINT:
        while (this.#byte() >= 0x80);
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      case WIRE_LEN:
        this.lengthDelimited();
        return;
      case WIRE_START_GROUP:
        if (recursionLimit <= 0) throw new Error("maximum recursion depth reached");
        for (;;) {
          const innerTag = this.tag();
          const inner = innerTag >>> 3;
          const innerWire = innerTag & 7;
          if (innerWire === WIRE_END_GROUP) {
            if (inner !== fieldNo) throw new Error("invalid end group tag");
            break;
          }
          this.skip(innerWire, inner, recursionLimit - 1);
        }
        break;
      default:
        throw new Error(`cant skip wire type ${wireType}`);
    }
    if (this.pos > this.limit) throw prematureEof();
  }
}
