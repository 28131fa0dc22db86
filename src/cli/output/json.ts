/**
 * @module
 * JSON output. Documents are built with their keys in a fixed order (see docs/json-output.md)
 * so output is stable across runs. Listings stream: the envelope is indented, each item is
 * one compact line, so `grep` and `jq` both work and nothing is held whole.
 */
import type { Sink } from "./sink.ts";

/** A whole document, indented two spaces. */
export async function writeJson(sink: Sink, document: unknown): Promise<void> {
  await sink.write(`${JSON.stringify(document, null, 2)}\n`);
}

/** Writes `{ ...head, [key]: [items…], ...tail }` with one item per line. */
export class JsonListWriter {
  readonly #sink: Sink;
  readonly #key: string;
  readonly #head: Record<string, unknown>;
  #count = 0;
  #started = false;

  constructor(sink: Sink, key: string, head: Record<string, unknown>) {
    this.#sink = sink;
    this.#key = key;
    this.#head = head;
  }

  get count(): number {
    return this.#count;
  }

  async #start(): Promise<void> {
    this.#started = true;
    const head = Object.entries(this.#head).map(
      ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`,
    );
    await this.#sink.write(`{\n${head.join("")}  ${JSON.stringify(this.#key)}: [`);
  }

  async add(item: unknown): Promise<void> {
    if (!this.#started) await this.#start();
    await this.#sink.write(`${this.#count === 0 ? "\n" : ",\n"}    ${JSON.stringify(item)}`);
    this.#count++;
  }

  /** Closes the list and the object; `tail` keys come after the list (e.g. the count). */
  async end(tail: Record<string, unknown> = {}): Promise<void> {
    if (!this.#started) await this.#start();
    const after = Object.entries(tail).map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
    await this.#sink.write(`${this.#count === 0 ? "]" : "\n  ]"}${after.join("")}\n}\n`);
  }
}
