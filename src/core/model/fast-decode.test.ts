import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { generatedDecoders, generatedEncoders } from "./codec.ts";
import {
  fastDecodeEntitlement,
  fastDecodeGrant,
  fastDecodeGrantExpandable,
  fastDecodeResource,
} from "./_fast-decode.ts";
import { RandomModel } from "./_test-random-model.ts";

const CASES = 1_000;

/** What decoding gives: the value, printed with its keys in order, or the error, by class, text and code. */
function outcome(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): unknown {
  try {
    const value = decode(bytes);
    return { value, printed: inspect(value, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity }) };
  } catch (error) {
    const e = error as Error & { code?: unknown };
    return { error: `${e.constructor.name}: ${e.message}`, code: e.code };
  }
}

/** The hand-written decoder gives what the generated one gives, value or refusal alike. */
function assertSame(
  fast: (bytes: Uint8Array) => unknown,
  generated: (bytes: Uint8Array) => unknown,
  bytes: Uint8Array,
) {
  assert.deepStrictEqual(outcome(fast, bytes), outcome(generated, bytes));
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Runs `check` on `CASES` seeded inputs; a failure names the seed that reproduces it. */
function forRandom<T>(make: (random: RandomModel) => T, check: (value: T, random: RandomModel) => void): void {
  for (let seed = 1; seed <= CASES; seed++) {
    const random = new RandomModel(seed);
    const value = make(random);
    try {
      check(value, random);
    } catch (error) {
      assert.fail(`seed ${seed}: ${(error as Error).message}`);
    }
  }
}

/** `bytes` damaged one way: cut short, a byte changed, bytes inserted, or a slice repeated. */
function damaged(bytes: Uint8Array, random: RandomModel): Uint8Array {
  const at = random.int(bytes.length + 1);
  switch (random.int(4)) {
    case 0:
      return bytes.subarray(0, at);
    case 1: {
      if (bytes.length === 0) return bytes;
      const copy = Uint8Array.from(bytes);
      copy[Math.min(at, bytes.length - 1)] = random.pick([0, 0x7f, 0x80, 0xff, random.int(256)]);
      return copy;
    }
    case 2: {
      const inserted = Array.from({ length: random.int(4) + 1 }, () => random.int(256));
      return Uint8Array.from([...bytes.subarray(0, at), ...inserted, ...bytes.subarray(at)]);
    }
    default: {
      const end = at + random.int(bytes.length - at + 1);
      return Uint8Array.from([...bytes.subarray(0, end), ...bytes.subarray(at, end), ...bytes.subarray(end)]);
    }
  }
}

const MESSAGES = {
  resource: {
    make: (r: RandomModel) => generatedEncoders.resource(r.resource()),
    fast: fastDecodeResource,
    generated: generatedDecoders.resource,
  },
  entitlement: {
    make: (r: RandomModel) => generatedEncoders.entitlement(r.entitlement()),
    fast: fastDecodeEntitlement,
    generated: generatedDecoders.entitlement,
  },
  grant: {
    make: (r: RandomModel) => generatedEncoders.grant(r.grant(), { omitExpandable: r.chance() }),
    fast: fastDecodeGrant,
    generated: generatedDecoders.grant,
  },
  GrantExpandable: {
    make: (r: RandomModel) => generatedEncoders.grantExpandable(r.expandable()),
    fast: fastDecodeGrantExpandable,
    generated: generatedDecoders.grantExpandable,
  },
};

for (const [name, { make, fast, generated }] of Object.entries(MESSAGES)) {
  test(`${name} rows decode to the generated codec's model`, () => {
    forRandom(make, (bytes) => assertSame(fast, generated, bytes));
  });

  test(`damaged ${name} rows decode, or are refused, as the generated codec does`, () => {
    forRandom(make, (bytes, random) => {
      for (let i = 0; i < 4; i++) {
        const input = damaged(bytes, random);
        try {
          assertSame(fast, generated, input);
        } catch (error) {
          assert.fail(`input ${hex(input)}: ${(error as Error).message}`);
        }
      }
    });
  });
}

// ── hand-made wire forms our encoder never writes but Baton's files may hold ──

/** A tag byte (all field numbers here are below 16). */
const tag = (field: number, wire: number): number => (field << 3) | wire;
function varint(value: number): number[] {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 0x80)) bytes.push((value % 0x80) | 0x80);
  return [...bytes, value];
}
const len = (field: number, payload: number[]): number[] => [tag(field, 2), ...varint(payload.length), ...payload];
const text = (value: string): number[] => [...Buffer.from(value, "utf8")];
const any = (name: string, value: number[]): number[] => [
  ...len(1, text(`type.googleapis.com/c1.connector.v2.${name}`)),
  ...len(2, value),
];
const resourceId = [...len(1, text("user")), ...len(2, text("u1"))];

function assertSameResource(bytes: number[], what: string): void {
  const input = Uint8Array.from(bytes);
  assert.deepStrictEqual(
    outcome(fastDecodeResource, input),
    outcome(generatedDecoders.resource, input),
    `${what}: ${hex(input)}`,
  );
}

test("unknown fields of every wire type are stepped over as the generated codec steps over them", () => {
  const unknown: Record<string, number[]> = {
    varint: [tag(15, 0), 0x96, 0x01],
    fixed64: [tag(15, 1), 1, 2, 3, 4, 5, 6, 7, 8],
    "length-delimited": len(15, [1, 2, 3]),
    group: [tag(15, 3), tag(1, 0), 5, tag(15, 4)],
    "mismatched group end": [tag(15, 3), tag(1, 0), 5, tag(14, 4)],
    fixed32: [tag(15, 5), 1, 2, 3, 4],
    "stray group end": [tag(15, 4)],
    "cut-short fixed64": [tag(15, 1), 1, 2],
  };
  for (const [what, field] of Object.entries(unknown)) {
    assertSameResource([...len(1, resourceId), ...field, ...len(3, text("Ada"))], `top level, ${what}`);
    assertSameResource([...len(1, [...resourceId, ...field])], `in the id, ${what}`);
    const trait = [...len(1, len(1, text("a@example.com"))), ...field, tag(5, 0), 1];
    assertSameResource([...len(1, resourceId), ...len(4, any("UserTrait", trait))], `in the user trait, ${what}`);
    const struct = len(1, [...len(1, text("k")), ...field, ...len(2, [tag(3, 2), 1, 0x61])]);
    assertSameResource([...len(1, resourceId), ...len(9, struct)], `in a profile entry, ${what}`);
  }
});

test("traits packed and unpacked both decode as the generated codec decodes them", () => {
  const rt = (traits: number[]) => [...len(1, text("user")), ...traits];
  const entitlement = (traits: number[]) => Uint8Array.from([...len(2, text("team:t1:member")), ...len(5, rt(traits))]);
  for (const traits of [len(3, [1, 2, 3]), [tag(3, 0), 1, tag(3, 0), 2], [...len(3, [1]), tag(3, 0), 2], len(3, [])]) {
    const input = entitlement(traits);
    assert.deepStrictEqual(outcome(fastDecodeEntitlement, input), outcome(generatedDecoders.entitlement, input));
  }
});

test("fields given twice merge or replace as the generated codec's do", () => {
  const profile = (key: string, value: number[]) => len(9, len(1, [...len(1, text(key)), ...len(2, value)]));
  const cases: Record<string, number[]> = {
    "id twice": [...len(1, len(1, text("user"))), ...len(1, len(2, text("u1")))],
    "display name twice": [...len(1, resourceId), ...len(3, text("A")), ...len(3, text("B"))],
    "profile twice": [...len(1, resourceId), ...profile("b", [tag(3, 2), 1, 0x62]), ...profile("a", [tag(4, 0), 1])],
    "a key twice": [...len(1, resourceId), ...profile("a", [tag(4, 0), 1]), ...profile("a", [tag(3, 2), 1, 0x61])],
    "struct values merged": [
      ...len(1, resourceId),
      ...len(9, len(1, [...len(1, text("o")), ...len(2, len(5, len(1, [...len(1, text("y")), ...len(2, [8, 0])])))])),
      ...len(9, len(1, [...len(1, text("z")), ...len(2, [])])),
    ],
    "value kinds in turn": [
      ...len(1, resourceId),
      ...len(
        9,
        len(1, [
          ...len(1, text("v")),
          ...len(2, [tag(4, 0), 1, ...len(6, len(1, [tag(2, 1), 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]))]),
        ]),
      ),
    ],
    "__proto__ and integer keys out of order": [
      ...len(1, resourceId),
      ...len(9, [
        ...len(1, [...len(1, text("b")), ...len(2, [8, 0])]),
        ...len(1, [...len(1, text("__proto__")), ...len(2, [tag(3, 2), 1, 0x61])]),
        ...len(1, [...len(1, text("10")), ...len(2, [8, 0])]),
        ...len(1, [...len(1, text("2")), ...len(2, [8, 0])]),
      ]),
    ],
    "status and created_at twice": [
      ...len(1, resourceId),
      ...len(11, [8, 2]),
      ...len(11, len(2, text("why"))),
      ...len(12, [8, 100]),
      ...len(12, [16, 0xc0, 0x84, 0x3d]),
    ],
    "an Any with no value": [
      ...len(1, resourceId),
      ...len(4, len(1, text("type.googleapis.com/c1.connector.v2.GroupTrait"))),
    ],
    "a string field sent as a varint": [...len(1, resourceId), tag(3, 0), 2, 0x41, 0x42],
    "an enum of ten bytes": [
      ...len(1, resourceId),
      ...len(11, [8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    ],
    "a negative timestamp": [
      ...len(1, resourceId),
      ...len(12, [8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    ],
    "invalid UTF-8": [...len(1, resourceId), ...len(3, [0x41, 0xc3])],
    "a byte-order mark": [...len(1, resourceId), ...len(3, [0xef, 0xbb, 0xbf, 0x41])],
    "a cut-short double": [
      ...len(1, resourceId),
      ...len(9, len(1, [...len(1, text("n")), ...len(2, [tag(2, 1), 0, 0])])),
    ],
    "an illegal tag": [...len(1, resourceId), 0x00],
    "a varint of eleven bytes": [...len(1, resourceId), 8 * 6, ...Array(10).fill(0xff), 1],
  };
  for (const [what, bytes] of Object.entries(cases)) assertSameResource(bytes, what);
});

test("profiles nested past the recursion limit are refused as the generated codec refuses them", () => {
  for (const depth of [30, 48, 49, 50, 51, 80]) {
    let value: number[] = [tag(3, 2), 1, 0x61];
    for (let i = 0; i < depth; i++) value = len(5, len(1, [...len(1, text("k")), ...len(2, value)]));
    const profile = len(9, len(1, [...len(1, text("top")), ...len(2, value)]));
    assertSameResource([...len(1, resourceId), ...profile], `depth ${depth}`);
  }
});

test("recurring strings stay right past the cache's size and across colliding hashes", () => {
  // Struct keys and resource types come from a bounded cache keyed by a hash of their bytes:
  // many distinct ones (it fills and starts over) and same-length look-alikes must all decode right.
  const keys = Array.from({ length: 10_000 }, (_, i) => `k${i.toString(36)}`);
  keys.push("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"); // equal hashes under ×31
  for (let i = 0; i < keys.length; i += 50) {
    const entries = keys.slice(i, i + 50).flatMap((key) => len(1, [...len(1, text(key)), ...len(2, [8, 0])]));
    assertSameResource(
      [...len(1, [...len(1, text(keys[i]!)), ...len(2, text("u"))]), ...len(9, entries)],
      `keys from ${i}`,
    );
  }
});
