/**
 * @module
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the helpers simulators draw tenants
 * from. `Math.random` never appears in a simulator: the same seed must give the same tenant and the
 * same bytes on the wire, on every machine and every Node version.
 */

/** Seeds accepted by `createRandom`: numbers are used as-is, strings are hashed. */
export type Seed = number | string;

/**
 * Hashes any mix of numbers and strings into one 32-bit seed (FNV-1a, then the murmur3 finaliser
 * so that neighbouring inputs land far apart). Used to derive independent streams such as
 * `hashSeed(seed, "clockify", "mutate", 2)`.
 */
export function hashSeed(...parts: readonly Seed[]): number {
  let hash = 0x811c9dc5;
  const text = parts.map(String).join("\u0000");
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with the given probability (0..1). */
  chance(probability: number): boolean;
  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct elements, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** `length` lowercase hex digits. */
  hex(length: number): string;
  /** A version-4-shaped UUID. */
  uuid(): string;
  /**
   * A 24-hex Mongo ObjectId whose first 8 digits are a creation time in seconds, as real ones are.
   * @default at a random moment of 2018–2024
   */
  objectId(at?: Date): string;
  /** A moment in [from, to), to the millisecond. */
  dateBetween(from: Date, to: Date): Date;
  /** An independent stream derived from this one's seed and a label; drawing from it leaves this one untouched. */
  fork(label: Seed): Random;
}

const OBJECT_ID_EPOCH_FROM = Date.UTC(2018, 0, 1);
const OBJECT_ID_EPOCH_TO = Date.UTC(2025, 0, 1);

class Sfc32Random implements Random {
  readonly #seed: number;
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#seed = seed >>> 0;
    // splitmix32 spreads one 32-bit seed over sfc32's four words.
    let state = this.#seed;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.#a = splitmix();
    this.#b = splitmix();
    this.#c = splitmix();
    this.#d = splitmix();
    for (let warmUp = 0; warmUp < 12; warmUp++) this.uint32();
  }

  uint32(): number {
    const result = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + result) >>> 0;
    return result;
  }

  next(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): bounds must be integers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = this.int(0, index);
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }

  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count));
  }

  hex(length: number): string {
    let out = "";
    while (out.length < length) out += this.uint32().toString(16).padStart(8, "0");
    return out.slice(0, length);
  }

  uuid(): string {
    const digits = this.hex(32).split("");
    digits[12] = "4";
    digits[16] = "89ab"[this.int(0, 3)] as string;
    const text = digits.join("");
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }

  objectId(at?: Date): string {
    const moment = at ?? this.dateBetween(new Date(OBJECT_ID_EPOCH_FROM), new Date(OBJECT_ID_EPOCH_TO));
    const seconds = Math.floor(moment.getTime() / 1000);
    return seconds.toString(16).padStart(8, "0").slice(-8) + this.hex(16);
  }

  dateBetween(from: Date, to: Date): Date {
    const start = from.getTime();
    const span = Math.max(0, to.getTime() - start);
    return new Date(start + Math.floor(this.next() * span));
  }

  fork(label: Seed): Random {
    return new Sfc32Random(hashSeed(this.#seed, label));
  }
}

/**
 * A deterministic random stream.
 * @example
 * const rng = createRandom(hashSeed(seed, "clockify"));
 * rng.objectId(); // "5f1c…" (24 hex), the same for the same seed, always
 */
export function createRandom(seed: Seed): Random {
  return new Sfc32Random(typeof seed === "number" ? seed : hashSeed(seed));
}
