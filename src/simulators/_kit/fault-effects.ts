/**
 * @module
 * What the body-level faults do to an answer. Pure functions on bytes, so they are easy to test and
 * the same input always gives the same broken output.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Thrown by a simulator handler when a `drop` fault cuts the connection before answering.
 * `serve()` turns it into a destroyed socket; an in-process caller sees the rejection, as `fetch` would.
 */
export class ConnectionDropped extends Error {
  constructor() {
    super("connection dropped by a simulator fault");
    this.name = "ConnectionDropped";
  }
}

/** The JSON body cut in half, checked to be unparseable (a cut can leave valid JSON: `1234` → `12`). */
export function malformJson(body: Uint8Array): Uint8Array {
  const text = decoder.decode(body);
  let broken = text.slice(0, Math.floor(text.length / 2));
  if (isJson(broken)) broken += "{";
  return encoder.encode(broken);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The same page with its items rotated by `shift`, as if rows moved between two calls. Works on a
 * bare array (Clockify, Codefresh) or the first array field of an envelope (`data`, `teams`…).
 * Undefined when there is nothing to change: not JSON, no array, or fewer than two items.
 */
export function changePage(body: Uint8Array, shift: number): Uint8Array | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    return undefined;
  }
  const rotate = (items: unknown[]): unknown[] | undefined => {
    if (items.length < 2) return undefined;
    const by = shift % items.length || 1;
    return [...items.slice(by), ...items.slice(0, by)];
  };
  if (Array.isArray(parsed)) {
    const rotated = rotate(parsed);
    return rotated && encoder.encode(JSON.stringify(rotated));
  }
  if (parsed !== null && typeof parsed === "object") {
    const envelope = parsed as Record<string, unknown>;
    const field = Object.keys(envelope).find((key) => Array.isArray(envelope[key]));
    if (field === undefined) return undefined;
    const rotated = rotate(envelope[field] as unknown[]);
    return rotated && encoder.encode(JSON.stringify({ ...envelope, [field]: rotated }));
  }
  return undefined;
}

/** Envelope fields that point at a further page (`nextPageKey`, `next`…): an empty answer has none. */
const NEXT_PAGE_FIELD = /^next/i;
/** Envelope fields that count the list (`count`, `total`…): an empty answer says 0. */
const COUNT_FIELD = /^(count|total|totalCount|total_count)$/;

/**
 * The same page as a server with nothing to list would send it: a bare array as `[]`; an
 * envelope with every array emptied, its counts 0 and no pointer to a next page. Undefined when
 * the body is not a JSON array or object, or is already empty.
 */
export function emptyList(body: Uint8Array): Uint8Array | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    return undefined;
  }
  if (Array.isArray(parsed)) return parsed.length === 0 ? undefined : encoder.encode("[]");
  if (parsed === null || typeof parsed !== "object") return undefined;
  const envelope = parsed as Record<string, unknown>;
  if (!Object.values(envelope).some((value) => Array.isArray(value) && value.length > 0)) return undefined;
  const emptied: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(envelope)) {
    if (NEXT_PAGE_FIELD.test(key)) continue;
    emptied[key] = Array.isArray(value) ? [] : COUNT_FIELD.test(key) && typeof value === "number" ? 0 : value;
  }
  return encoder.encode(JSON.stringify(emptied));
}

/** A body that yields its first `afterBytes` bytes and then fails, so `serve()` destroys the socket mid-answer. */
export function truncatedStream(body: Uint8Array, afterBytes: number): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const head = body.subarray(0, Math.min(afterBytes, body.length));
      if (head.length > 0) controller.enqueue(head);
    },
    pull(controller) {
      controller.error(new ConnectionDropped());
    },
  });
}
