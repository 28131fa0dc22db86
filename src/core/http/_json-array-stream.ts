/**
 * @module
 * Reads a top-level JSON array from a body that arrives in chunks, handing each element over as
 * soon as its last byte is in. Some APIs send a whole listing as one array (env0's members,
 * Codefresh's members and teams): parsed whole, a 100,000-member body is held three times at once
 * (bytes, text, objects). Here only the element being read is held, and each is `JSON.parse`d on
 * its own, so what a caller keeps (compact records) is all that grows with the tenant.
 *
 * It scans bytes, not characters: every byte that matters to JSON's structure (brackets, braces,
 * commas, quotes, backslashes) is ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte
 * character. It only finds where elements start and end; `JSON.parse` validates each one, so the
 * whole is accepted exactly when `JSON.parse` would accept it (a property test checks this).
 */

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** JSON's four whitespace bytes (RFC 8259 §2); `JSON.parse` accepts no other. */
function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Why a body is not one complete JSON array. Never quotes the body: it may hold the tenant's people. */
export class JsonArrayError extends Error {
  override readonly name = "JsonArrayError";
}

/**
 * Feed it chunks with `push`, which returns the elements they completed; call `end` when the body
 * is over, which throws unless the array was closed. Throws {@link JsonArrayError} as soon as the
 * input cannot be an array of JSON values.
 *
 * @example
 * const reader = new JsonArrayReader();
 * for await (const chunk of response.body) for (const item of reader.push(chunk)) keep(item);
 * reader.end();
 */
export class JsonArrayReader {
  #phase: "before" | "inside" | "after" = "before";
  /** Bytes of the leading UTF-8 byte-order mark seen so far (fetch's `text()` drops one too). */
  #bomSeen = 0;
  /** Nesting inside the current element: 0 between elements. */
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The current element's bytes from earlier chunks. */
  #pieces: Uint8Array[] = [];
  #elements = 0;
  #offset = 0;
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });

  /** How many elements have been handed over. */
  get count(): number {
    return this.#elements;
  }

  push(chunk: Uint8Array): unknown[] {
    const out: unknown[] = [];
    let start = 0;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index] as number;
      if (this.#phase === "before") {
        if (
          this.#offset + index < UTF8_BOM.length &&
          byte === UTF8_BOM[this.#bomSeen] &&
          this.#bomSeen === this.#offset + index
        ) {
          this.#bomSeen++;
          continue;
        }
        if (this.#bomSeen > 0 && this.#bomSeen < UTF8_BOM.length) throw this.#error("is not JSON", index);
        if (isWhitespace(byte)) continue;
        if (byte !== OPEN_ARRAY) throw this.#error("is not a JSON array", index);
        this.#phase = "inside";
        start = index + 1;
        continue;
      }
      if (this.#phase === "after") {
        if (!isWhitespace(byte)) throw this.#error("has data after the end of the array", index);
        continue;
      }
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === QUOTE) this.#inString = false;
        continue;
      }
      if (byte === QUOTE) this.#inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) this.#depth++;
      else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && this.#depth > 0) this.#depth--;
      else if (this.#depth === 0 && (byte === COMMA || byte === CLOSE_ARRAY)) {
        const closing = byte === CLOSE_ARRAY;
        const element = this.#take(chunk.subarray(start, index), index, closing);
        if (element.present) out.push(element.value);
        start = index + 1;
        if (closing) this.#phase = "after";
      }
    }
    if (this.#phase === "inside" && start < chunk.length) this.#pieces.push(chunk.slice(start));
    this.#offset += chunk.length;
    return out;
  }

  /** Throws unless the array was closed: a body cut short must never pass for a shorter list. */
  end(): void {
    if (this.#phase === "before") throw this.#error("is empty, not a JSON array", 0);
    if (this.#phase === "inside")
      throw this.#error(`ends before its array does (cut short after ${this.#elements} items)`, 0);
  }

  /** The element whose last bytes are `tail`; absent only for the empty array `[]`. */
  #take(tail: Uint8Array, index: number, closing: boolean): { present: true; value: unknown } | { present: false } {
    const pieces = this.#pieces;
    this.#pieces = [];
    const bytes = pieces.length === 0 ? tail : Buffer.concat([...pieces, tail]);
    let text: string;
    try {
      text = this.#decoder.decode(bytes);
    } catch {
      throw this.#error(`holds bytes that are not UTF-8 in item ${this.#elements}`, index);
    }
    if (
      closing &&
      this.#elements === 0 &&
      text.trim() === "" &&
      [...text].every((char) => isWhitespace(char.charCodeAt(0)))
    )
      return { present: false };
    try {
      const value: unknown = JSON.parse(text);
      this.#elements++;
      return { present: true, value };
    } catch {
      throw this.#error(`has an item that is not valid JSON (item ${this.#elements})`, index);
    }
  }

  #error(what: string, index: number): JsonArrayError {
    return new JsonArrayError(
      `the body ${what}${index > 0 || this.#offset > 0 ? ` (byte ${this.#offset + index})` : ""}`,
    );
  }
}
