/**
 * @module
 * google.protobuf.Struct, Value, ListValue and Timestamp for the hand-written decoders
 * (`_fast-decode.ts`): straight to the plain JSON the codec hands out, keys sorted as
 * codec.ts's `sortedJson` sorts them, without @bufbuild/protobuf's message objects.
 *
 * The results are the generated codec's, merge rules included: a Struct field given twice is
 * the union of both (later keys win), a Value holding struct_value (or list_value) twice merges
 * the second into the first, any other kind replaces the one before, a map entry without a
 * value is null.
 */
import type { ProtoReader } from "./_proto-reader.ts";
import type { JsonObject, JsonValue } from "./types.ts";

const STRUCT = "google.protobuf.Struct";
const VALUE = "google.protobuf.Value";
const LIST_VALUE = "google.protobuf.ListValue";
const TIMESTAMP = "google.protobuf.Timestamp";

/**
 * A Struct's entries as they arrive. Entries written by our encoder (or Go's) come in sorted
 * order and go straight into the result; the first out of order (or a duplicate, or
 * `__proto__`, which an assignment would not keep as a key) moves them into a map-like object,
 * sorted when the Struct ends.
 */
export class JsonObjectBuilder {
  #sorted: JsonObject = {};
  #last: string | undefined;
  #pending: Record<string, JsonValue> | undefined;

  set(key: string, value: JsonValue): void {
    if (this.#pending === undefined) {
      if ((this.#last === undefined || key > this.#last) && key !== "__proto__") {
        this.#sorted[key] = value;
        this.#last = key;
        return;
      }
      const pending: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
      for (const k of Object.keys(this.#sorted)) pending[k] = this.#sorted[k]!;
      this.#pending = pending;
    }
    this.#pending[key] = value;
  }

  /** The object, as `sortedJson` would give it: keys assigned in `sort()` order. */
  build(): JsonObject {
    const pending = this.#pending;
    if (pending === undefined) return this.#sorted;
    const sorted: JsonObject = {};
    for (const key of Object.keys(pending).sort()) sorted[key] = pending[key]!;
    return sorted;
  }
}

/** A Value while it is read: no kind yet (undefined), a scalar, a Struct being built, or a list. */
type ValueState = JsonValue | undefined | JsonObjectBuilder;

function finish(state: ValueState): JsonValue {
  if (state === undefined) return null;
  if (state instanceof JsonObjectBuilder) return state.build();
  return state;
}

/** Reads a length-delimited Struct into `builder` (fields after earlier ones, as a merge does). */
export function readStruct(reader: ProtoReader, builder: JsonObjectBuilder): JsonObjectBuilder {
  const length = reader.uint32();
  reader.nest(STRUCT);
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag >>> 3 !== 1) {
      reader.skipField(tag);
      continue;
    }
    // A map entry: key 1, value 2; not a message of its own for the nesting count.
    const entryEnd = reader.uint32() + reader.pos;
    let key = "";
    let value: ValueState;
    while (reader.pos < entryEnd) {
      const entryTag = reader.tag();
      const field = entryTag >>> 3;
      if (field === 1) key = reader.recurringString();
      else if (field === 2) value = readValue(reader, value);
      else reader.skipField(entryTag);
    }
    builder.set(key, finish(value));
  }
  reader.depth--;
  return builder;
}

/** Reads a length-delimited Value, merged into `state` as @bufbuild/protobuf merges a repeated one. */
function readValue(reader: ProtoReader, state: ValueState): ValueState {
  const length = reader.uint32();
  reader.nest(VALUE);
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case 1:
        reader.int32();
        state = null;
        break;
      case 2:
        state = reader.double();
        break;
      case 3:
        state = reader.string();
        break;
      case 4:
        state = reader.bool();
        break;
      case 5:
        state = readStruct(reader, state instanceof JsonObjectBuilder ? state : new JsonObjectBuilder());
        break;
      case 6:
        state = readList(reader, Array.isArray(state) ? state : []);
        break;
      default:
        reader.skipField(tag);
    }
  }
  reader.depth--;
  return state;
}

function readList(reader: ProtoReader, items: JsonValue[]): JsonValue[] {
  const length = reader.uint32();
  reader.nest(LIST_VALUE);
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag >>> 3 === 1) items.push(finish(readValue(reader, undefined)));
    else reader.skipField(tag);
  }
  reader.depth--;
  return items;
}

export interface TimestampFields {
  seconds: number;
  nanos: number;
}

/** Reads a length-delimited Timestamp into `target` (a repeated one merges). */
export function readTimestamp(reader: ProtoReader, target: TimestampFields | undefined): TimestampFields {
  const ts = target ?? { seconds: 0, nanos: 0 };
  const length = reader.uint32();
  reader.nest(TIMESTAMP);
  const end = reader.pos + length;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) ts.seconds = reader.int64();
    else if (field === 2) ts.nanos = reader.int32();
    else reader.skipField(tag);
  }
  reader.depth--;
  return ts;
}

/** As codec.ts's `fromTimestamp`: millisecond precision. */
export const dateOf = (ts: TimestampFields): Date => new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1_000_000));
