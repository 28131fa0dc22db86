/**
 * @module
 * Just enough of the protobuf wire format to edit stored `data` blobs without decoding them
 * into the model. Legacy grant rows must lose their GrantExpandable annotation while every
 * other byte stays as Baton wrote it (the model does not carry every field, e.g. the
 * display name of the entitlement embedded in a grant), and slim grants are recognised by
 * which fields are present.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

interface WireField {
  number: number;
  wireType: number;
  /** Where the field's tag starts. */
  start: number;
  /** Where the field's payload starts (for length-delimited fields, after the length). */
  valueStart: number;
  /** Where the field ends. */
  end: number;
}

function readVarint(bytes: Uint8Array, position: number): [value: number, next: number] {
  let value = 0;
  let multiplier = 1;
  for (let i = position; i < bytes.length && i < position + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return [value, i + 1];
    multiplier *= 128;
  }
  throw new Error("malformed protobuf: truncated varint");
}

/** The top-level fields of a message, in order. Throws on malformed input. */
function* fieldsOf(bytes: Uint8Array): Generator<WireField> {
  let position = 0;
  while (position < bytes.length) {
    const start = position;
    const [tag, afterTag] = readVarint(bytes, position);
    const wireType = tag % 8;
    const number = Math.floor(tag / 8);
    let valueStart = afterTag;
    let end: number;
    switch (wireType) {
      case WIRE_VARINT:
        end = readVarint(bytes, afterTag)[1];
        break;
      case WIRE_FIXED64:
        end = afterTag + 8;
        break;
      case WIRE_LENGTH_DELIMITED: {
        const [length, afterLength] = readVarint(bytes, afterTag);
        valueStart = afterLength;
        end = afterLength + length;
        break;
      }
      case WIRE_FIXED32:
        end = afterTag + 4;
        break;
      default:
        throw new Error(`malformed protobuf: unsupported wire type ${wireType}`);
    }
    if (end > bytes.length || number === 0) throw new Error("malformed protobuf: field runs past the end");
    yield { number, wireType, start, valueStart, end };
    position = end;
  }
}

/** Whether the message has a top-level field `number` (proto3 omits unset message fields). */
export function hasField(bytes: Uint8Array, number: number): boolean {
  for (const field of fieldsOf(bytes)) if (field.number === number) return true;
  return false;
}

const ANY_TYPE_URL = 1;
const ANY_VALUE = 2;

function anyParts(bytes: Uint8Array): { typeUrl: string; value: Uint8Array } {
  let typeUrl = "";
  let value: Uint8Array = new Uint8Array(0);
  for (const field of fieldsOf(bytes)) {
    if (field.wireType !== WIRE_LENGTH_DELIMITED) continue;
    const payload = bytes.subarray(field.valueStart, field.end);
    if (field.number === ANY_TYPE_URL) typeUrl = new TextDecoder().decode(payload);
    else if (field.number === ANY_VALUE) value = payload;
  }
  return { typeUrl, value };
}

/**
 * Removes the `google.protobuf.Any` entries of the repeated field `annotationsField` whose
 * type URL is `typeUrl`, keeping every other byte. Returns the values of the removed entries;
 * `message` is returned unchanged (same bytes) when there was none.
 */
export function stripAnnotations(
  message: Uint8Array,
  annotationsField: number,
  typeUrl: string,
): { message: Uint8Array; removed: Uint8Array[] } {
  const kept: Uint8Array[] = [];
  const removed: Uint8Array[] = [];
  for (const field of fieldsOf(message)) {
    if (field.number === annotationsField && field.wireType === WIRE_LENGTH_DELIMITED) {
      const any = anyParts(message.subarray(field.valueStart, field.end));
      if (any.typeUrl === typeUrl) {
        removed.push(any.value);
        continue;
      }
    }
    kept.push(message.subarray(field.start, field.end));
  }
  if (removed.length === 0) return { message, removed };
  const out = new Uint8Array(kept.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return { message: out, removed };
}
