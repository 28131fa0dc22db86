/**
 * The streaming array reader agrees with `JSON.parse` on random inputs cut at random points:
 * same items for every array `JSON.parse` accepts, a JsonArrayError for everything else.
 */

import assert from "node:assert/strict";
import { test } from "node:test";

import { JsonArrayError, JsonArrayReader } from "./_json-array-stream.ts";
import { seededRandom } from "../../testkit/random.ts";

const TRICKY_TEXT = [
  "a,b",
  "]",
  "}",
  "[",
  "{",
  '"',
  "\\",
  '\\"]',
  "é",
  "日本",
  "😀",
  "\u2028",
  "\n",
  "\t",
  "",
  "x".repeat(40),
];

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 5 : 7));
  const text = (): string =>
    Array.from({ length: Math.floor(random() * 3) }, () => TRICKY_TEXT[Math.floor(random() * TRICKY_TEXT.length)]).join(
      "",
    );
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.round((random() - 0.5) * 1e6) / (random() < 0.5 ? 1 : 1000);
    case 3:
    case 4:
      return text();
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [text(), randomValue(random, depth + 1)]),
      );
  }
}

function randomBody(random: () => number): string {
  const items = Array.from({ length: Math.floor(random() * 6) }, () =>
    random() < 0.7 ? randomValue(random, 2) : randomValue(random, 0),
  );
  const indent = random() < 0.5 ? undefined : Math.floor(random() * 3);
  let body = JSON.stringify(items, null, indent);
  if (random() < 0.2) body = ` \r\n${body}\t `;
  if (random() < 0.05) body = `\uFEFF${body}`;
  return body;
}

/** A damaged copy: cut short, a byte changed, or something inserted; often still JSON, often not. */
function damaged(random: () => number, body: string): string {
  const at = Math.floor(random() * (body.length + 1));
  const insert = ["]", "[", ",", '"', "}", "{", "\\", " ", "1", "x", "]]", ",]"][Math.floor(random() * 12)] as string;
  switch (Math.floor(random() * 4)) {
    case 0:
      return body.slice(0, at);
    case 1:
      return body.slice(0, at) + insert + body.slice(at + 1);
    case 2:
      return body.slice(0, at) + insert + body.slice(at);
    default:
      return random() < 0.5 ? `${body}${insert}` : `{"not":"an array"}`;
  }
}

function chunksOf(random: () => number, bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length;) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 4 : 64));
    chunks.push(bytes.subarray(start, start + size));
    start += size;
  }
  return chunks;
}

/** What the reader makes of `chunks`: the items, or the error it threw. */
function readAll(chunks: readonly Uint8Array[]): unknown[] | JsonArrayError {
  const reader = new JsonArrayReader();
  const items: unknown[] = [];
  try {
    for (const chunk of chunks) items.push(...reader.push(chunk));
    reader.end();
    return items;
  } catch (error) {
    if (error instanceof JsonArrayError) return error;
    throw error;
  }
}

/** What `JSON.parse` makes of the body as fetch's `text()` decodes it (a leading BOM dropped). */
function expected(bytes: Uint8Array): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

test("agrees with JSON.parse on random arrays and damaged copies, however the body is cut", () => {
  let accepted = 0;
  let refused = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const random = seededRandom(seed);
    const body = randomBody(random);
    const text = random() < 0.5 ? body : damaged(random, body);
    const bytes = new TextEncoder().encode(text);
    const want = expected(bytes);
    const got = readAll(chunksOf(random, bytes));
    if (want === undefined) {
      assert.ok(got instanceof JsonArrayError, `seed ${seed}: ${JSON.stringify(text)} should be refused`);
      refused++;
    } else {
      assert.deepEqual(got, want, `seed ${seed}: ${JSON.stringify(text)}`);
      accepted++;
    }
  }
  assert.ok(accepted > 1000 && refused > 500, `both sides exercised: ${accepted} accepted, ${refused} refused`);
});

test("a body cut short is refused, never read as a shorter list", () => {
  const bytes = new TextEncoder().encode(JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]));
  const reader = new JsonArrayReader();
  const items = reader.push(bytes.subarray(0, bytes.length - 1));
  assert.equal(items.length, 2, "the complete items came as they arrived");
  assert.throws(
    () => reader.end(),
    (error: unknown) => error instanceof JsonArrayError && /cut short after 2 items/.test(error.message),
  );
});

test("hands items over as they complete and holds only the one being read", () => {
  const reader = new JsonArrayReader();
  assert.deepEqual(reader.push(new TextEncoder().encode('[{"a":1},{"b":')), [{ a: 1 }]);
  assert.deepEqual(reader.push(new TextEncoder().encode('"x,]"}]')), [{ b: "x,]" }]);
  reader.end();
  assert.equal(reader.count, 2);
});

test("errors never quote the body", () => {
  const secret = "https://g.codefresh.io/invite/s3cr3t-token";
  for (const text of [`[{"inviteUrl":"${secret}"},`, `[{"inviteUrl":"${secret}"} x]`, `{"inviteUrl":"${secret}"}`]) {
    const got = readAll([new TextEncoder().encode(text)]);
    assert.ok(got instanceof JsonArrayError);
    assert.ok(!got.message.includes("s3cr3t"), got.message);
  }
});
