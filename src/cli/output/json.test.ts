import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { captureStream, type OutputStream } from "../io.ts";
import { JsonListWriter, writeJson } from "./json.ts";
import { OutputClosedError, Sink } from "./sink.ts";

async function list(items: unknown[], tail?: Record<string, unknown>): Promise<string> {
  const stream = captureStream();
  const sink = new Sink(stream);
  const writer = new JsonListWriter(sink, "things", { file: "a.c1z", syncId: "s" });
  for (const item of items) await writer.add(item);
  await writer.end(tail ?? { count: writer.count });
  await sink.end();
  return stream.text();
}

test("a JSON list streams one compact item per line inside an indented envelope", async () => {
  const text = await list([{ b: 1, a: [1, 2] }, "two"]);
  assert.equal(
    text,
    '{\n  "file": "a.c1z",\n  "syncId": "s",\n  "things": [\n    {"b":1,"a":[1,2]},\n    "two"\n  ],\n  "count": 2\n}\n',
  );
  assert.deepStrictEqual(JSON.parse(text), {
    file: "a.c1z",
    syncId: "s",
    things: [{ b: 1, a: [1, 2] }, "two"],
    count: 2,
  });
  assert.deepStrictEqual(JSON.parse(await list([])), { file: "a.c1z", syncId: "s", things: [], count: 0 });
});

test("writeJson indents a whole document", async () => {
  const stream = captureStream();
  const sink = new Sink(stream);
  await writeJson(sink, { a: 1 });
  await sink.end();
  assert.equal(stream.text(), '{\n  "a": 1\n}\n');
});

test("the sink waits for a slow reader instead of queueing output", async () => {
  let pending = 0;
  let maxPending = 0;
  const chunks: string[] = [];
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      pending++;
      maxPending = Math.max(maxPending, pending);
      setTimeout(() => {
        chunks.push(chunk.toString());
        pending--;
        done();
      }, 1);
    },
  }) as unknown as OutputStream;
  const sink = new Sink(slow);
  for (let i = 0; i < 20; i++) await sink.write("x".repeat(70 * 1024));
  await sink.end();
  assert.equal(chunks.join("").length, 20 * 70 * 1024);
  assert.ok(maxPending <= 2, `at most a chunk or two in flight, saw ${maxPending}`);
});

test("a reader that goes away (EPIPE) stops the output quietly", async () => {
  const broken = new Writable({
    write(_chunk, _encoding, done) {
      done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    },
  }) as unknown as OutputStream;
  const sink = new Sink(broken);
  await assert.rejects(async () => {
    for (let i = 0; i < 10; i++) await sink.write("y".repeat(70 * 1024));
  }, OutputClosedError);
  assert.equal(sink.closed, true);
  await sink.end();
});
