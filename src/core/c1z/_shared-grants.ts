/**
 * @module
 * Decoding grant rows for a reader that streams many of them and only reads them (`export`).
 * Most of a grant's bytes repeat from row to row: the embedded entitlement (with its
 * resource), the principal (every grant of a principal when they come grouped by principal),
 * the sources and the annotations. Each row's `data` is split into its top-level fields; each
 * of those parts goes through the generated codec once per distinct bytes, and grants carrying
 * the same bytes share the decoded objects. A row that does not split plainly (a part given
 * twice, a slim grant, a GrantExpandable in its `expansion` column, anything unexpected) takes
 * `grantFromRow`, so each row yields what `grantFromRow` yields, or fails as it fails.
 */
import { decodeGrant, type Grant } from "../model/index.ts";
import { checkGrantIdentity, grantFromRow } from "./_rows.ts";
import { dataBlob, nullableBlob } from "./_row-errors.ts";
import type { Row } from "./_sql.ts";

// Field numbers of c1.connector.v2.Grant (c1z-format.md §2).
const ENTITLEMENT = 1;
const PRINCIPAL = 2;
const ID = 3;
const ANNOTATIONS = 4;
const SOURCES = 5;
const WIRE_LENGTH_DELIMITED = 2;

/** Distinct parts kept per kind; past it the cache starts over (memory stays bounded). */
const CACHE_LIMIT = 10_000;

type AnnotationFields = Pick<Grant, "expandable" | "immutable" | "metadata" | "otherAnnotations">;

/** Where one part lies in `data`: with its tags (the id: its text only), so it decodes as a Grant holding only it. */
interface Part {
  start: number;
  end: number;
}

/** Thrown when a row does not split plainly; the row then takes `grantFromRow`. */
class NotPlain extends Error {}

/** A cache of decoded parts keyed by their bytes. */
class PartCache<V> {
  #map = new Map<string, V>();

  /** The decoded part; bytes that do not decode are not plain (the row's own decoding names the problem). */
  get(bytes: Uint8Array, decode: (bytes: Uint8Array) => V): V {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    let value = this.#map.get(key);
    if (value === undefined) {
      try {
        value = decode(bytes);
      } catch {
        throw new NotPlain();
      }
      if (this.#map.size >= CACHE_LIMIT) this.#map = new Map();
      this.#map.set(key, value);
    }
    return value;
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function varint(bytes: Uint8Array, position: number): [value: number, next: number] {
  let value = 0;
  let multiplier = 1;
  for (let i = position; i < bytes.length && i < position + 8; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return [value, i + 1];
    multiplier *= 128;
  }
  throw new NotPlain();
}

/**
 * Splits `data` into its Grant fields. The annotations may repeat (they are a repeated field)
 * but must sit together; any other field appearing twice, an unknown field or a field of the
 * wrong wire type is not plain.
 */
function split(data: Uint8Array): {
  entitlement?: Part;
  principal?: Part;
  id?: Part;
  annotations?: Part;
  sources?: Part;
} {
  const parts: { entitlement?: Part; principal?: Part; id?: Part; annotations?: Part; sources?: Part } = {};
  let position = 0;
  let last = 0;
  while (position < data.length) {
    const start = position;
    const [tag, afterTag] = varint(data, position);
    if (tag % 8 !== WIRE_LENGTH_DELIMITED) throw new NotPlain();
    const [length, afterLength] = varint(data, afterTag);
    const end = afterLength + length;
    if (end > data.length) throw new NotPlain();
    const field = Math.floor(tag / 8);
    const key =
      field === ENTITLEMENT
        ? "entitlement"
        : field === PRINCIPAL
          ? "principal"
          : field === ID
            ? "id"
            : field === ANNOTATIONS
              ? "annotations"
              : field === SOURCES
                ? "sources"
                : undefined;
    if (key === undefined) throw new NotPlain();
    const seen = parts[key];
    if (seen && !(field === ANNOTATIONS && last === ANNOTATIONS)) throw new NotPlain();
    parts[key] = seen ? { start: seen.start, end } : { start, end };
    if (key === "id") parts.id = { start: afterLength, end };
    last = field;
    position = end;
  }
  return parts;
}

export class SharedGrantDecoder {
  readonly #entitlements = new PartCache<Grant["entitlement"]>();
  readonly #principals = new PartCache<Grant["principal"]>();
  readonly #sources = new PartCache<Grant["sources"]>();
  readonly #annotations = new PartCache<AnnotationFields>();

  /** The row's grant; its entitlement, principal and sources objects are shared with other rows and must not be changed. */
  decode(row: Row): Grant {
    try {
      return this.#plain(row);
    } catch (error) {
      if (!(error instanceof NotPlain)) throw error;
      return grantFromRow(row);
    }
  }

  #plain(row: Row): Grant {
    if (nullableBlob(row, "expansion")) throw new NotPlain();
    const data = dataBlob(row);
    const parts = split(data);
    if (!parts.entitlement || !parts.principal) throw new NotPlain();
    const bytes = (part: Part): Uint8Array => data.subarray(part.start, part.end);
    let id = "";
    if (parts.id) {
      try {
        id = strictUtf8.decode(bytes(parts.id));
      } catch {
        throw new NotPlain();
      }
    }
    // Each part decodes as a Grant that holds only it: a protobuf message is the sum of its fields.
    const grant: Grant = {
      id,
      entitlement: this.#entitlements.get(bytes(parts.entitlement), (part) => decodeGrant(part).entitlement),
      principal: this.#principals.get(bytes(parts.principal), (part) => decodeGrant(part).principal),
    };
    if (parts.annotations) Object.assign(grant, this.#annotations.get(bytes(parts.annotations), annotationFields));
    if (parts.sources) {
      const sources = this.#sources.get(bytes(parts.sources), (part) => decodeGrant(part).sources ?? {});
      grant.sources = sources;
    }
    checkGrantIdentity(row, grant);
    return grant;
  }
}

function annotationFields(part: Uint8Array): AnnotationFields {
  const { expandable, immutable, metadata, otherAnnotations } = decodeGrant(part);
  const fields: AnnotationFields = {};
  if (expandable) fields.expandable = expandable;
  if (immutable) fields.immutable = immutable;
  if (metadata) fields.metadata = metadata;
  if (otherAnnotations) fields.otherAnnotations = otherAnnotations;
  return fields;
}
