/**
 * Decoding a c1z strictly and within bounds: the decoded size is limited before (by the
 * frame's declared size, against the limit and the free space) and while streaming; bytes
 * after the frame and a declared size the frame does not hold are damage.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { test } from "node:test";
import zlib from "node:zlib";
import { newResource } from "../model/index.ts";
import { DECODED_CHUNK_BYTES, unpackC1z } from "./_envelope.ts";
import { FrameWalker, parseFrameHeader } from "./_zstd-frame.ts";
import { C1zReader } from "./index.ts";
import { rejectsClearly, tempFolder, writeSync } from "./_test-support.ts";

const MAGIC = Buffer.from("C1ZF\0", "latin1");

/** A c1z as idsync writes it: a frame that records its content size. */
async function goodC1z(folder: string): Promise<string> {
  const file = path.join(folder, "good.c1z");
  await writeSync(file, {
    resourceTypes: [{ id: "user", displayName: "User", traits: [] }],
    resources: Array.from({ length: 1_000 }, (_, i) => newResource("user", `u${i}`, `User number ${i}`)),
    entitlements: [],
    grants: [],
  });
  return file;
}

/** `frame` with its 4-byte content size replaced by `size`. */
function withDeclaredSize(frame: Buffer, size: number): Buffer {
  const header = parseFrameHeader(frame.subarray(0, 18));
  assert.ok(header?.contentSize !== undefined, "the frame records its size");
  assert.equal(frame[4]! >> 6, 2, "in the 4-byte form");
  const out = Buffer.from(frame);
  out.writeUInt32LE(size, header.length - 4);
  return out;
}

/** A frame of `megabytes` MiB of zeros compressed as a stream, so it records no content size. */
async function zerosFrame(megabytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const zeros = Readable.from(
    (function* () {
      for (let i = 0; i < megabytes; i++) yield Buffer.alloc(1024 ** 2);
    })(),
  );
  await pipeline(
    zeros,
    zlib.createZstdCompress(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(chunks);
}

test("a frame declaring more than the limit is refused before anything is written (an 11 GiB bomb in 45 bytes)", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "bomb.c1z");
  // Magic, descriptor (8-byte content size, checksum), window descriptor (2^27), size, then a block header.
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xc4, 0x88, ...new Array<number>(8).fill(0)]);
  header.writeBigUInt64LE(BigInt(11 * 1024 ** 3), 6);
  fs.writeFileSync(file, Buffer.concat([MAGIC, header, Buffer.alloc(26)]));
  const dbPath = path.join(folder, "out.db");
  await rejectsClearly(
    unpackC1z(file, dbPath),
    file,
    "unsupported-file",
    /: decompresses to 11 GiB \(its zstd frame says so\), more than the 10 GiB limit$/,
    /--max-decoded-size \(BATON_MAX_DECODED_SIZE\)/,
  );
  assert.equal(fs.existsSync(dbPath), false);

  const good = await goodC1z(folder);
  await rejectsClearly(
    unpackC1z(good, dbPath, { maxDecodedBytes: 64 * 1024 }),
    good,
    "unsupported-file",
    /more than the 64 KiB limit$/,
  );
  assert.equal(fs.existsSync(dbPath), false);
});

test("a frame that records no size is stopped at the limit while streaming, and leaves no file", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "zeros.c1z");
  const frame = await zerosFrame(64);
  assert.equal(parseFrameHeader(frame)?.contentSize, undefined);
  assert.ok(frame.length < 64 * 1024, `64 MiB of zeros in ${frame.length} bytes`);
  fs.writeFileSync(file, Buffer.concat([MAGIC, frame]));
  const tempDir = path.join(folder, "tmp");
  fs.mkdirSync(tempDir);
  await rejectsClearly(
    C1zReader.open(file, { tempDir, maxDecodedBytes: 1024 ** 2 }),
    file,
    "unsupported-file",
    /: decompresses to more than 1 MiB, the limit$/,
    /--max-decoded-size/,
  );
  assert.deepStrictEqual(fs.readdirSync(tempDir), [], "the partial database is gone");
});

test("a declared size larger than the free space names the folder, before anything is written", async (t) => {
  const folder = tempFolder(t);
  const good = await goodC1z(folder);
  const dbPath = path.join(folder, "out.db");
  const asked: string[] = [];
  const freeSpace = (where: string): number => {
    asked.push(where);
    return 100 * 1024;
  };
  await rejectsClearly(
    unpackC1z(good, dbPath, { freeSpace }),
    good,
    "local-file",
    new RegExp(`: decompresses to [\\d.]+ KiB, more than the 100 KiB free in ${folder}$`),
    /TMPDIR .* --c1z-temp-dir/,
  );
  assert.deepStrictEqual(asked, [folder]);
  assert.equal(fs.existsSync(dbPath), false);
  await unpackC1z(good, dbPath, { freeSpace: () => 1024 ** 3 });
  assert.ok(fs.statSync(dbPath).size > 100 * 1024);
});

test("a frame that records no size stops before the folder is down to its last 64 MiB", async (t) => {
  const folder = tempFolder(t);
  const file = path.join(folder, "zeros.c1z");
  fs.writeFileSync(file, Buffer.concat([MAGIC, await zerosFrame(64)]));
  const dbPath = path.join(folder, "out.db");
  // The folder is looked at every 16 MiB decoded, and loses 16 MiB between looks: the fourth
  // look, after 48 MiB, finds 52 MiB free, under the 64 MiB floor.
  const free = [100, 84, 68, 52].map((mib) => mib * 1024 ** 2);
  const looks: string[] = [];
  const freeSpace = (where: string): number => {
    looks.push(where);
    return free[looks.length - 1] ?? 0;
  };
  await rejectsClearly(
    unpackC1z(file, dbPath, { freeSpace }),
    file,
    "local-file",
    new RegExp(`: stopped decompressing after 48(\\.\\d)? MiB, with only 52(\\.\\d)? MiB left free in ${folder}$`),
    /TMPDIR/,
  );
  assert.deepStrictEqual(looks, [folder, folder, folder, folder]);
  assert.equal(fs.existsSync(dbPath), false, "the partial database is gone");
});

test("bytes after the zstd frame are damage: stray bytes, or a second frame", async (t) => {
  const folder = tempFolder(t);
  const whole = fs.readFileSync(await goodC1z(folder));
  const file = path.join(folder, "trailing.c1z");
  fs.writeFileSync(file, Buffer.concat([whole, Buffer.from([0x01, 0x00, 0x42])]));
  await rejectsClearly(
    C1zReader.open(file),
    file,
    "corrupt-file",
    /: is damaged: 3 bytes follow its zstd frame \(a c1z holds one frame and nothing after it\)$/,
  );
  const more = zlib.zstdCompressSync(Buffer.from("more"));
  fs.writeFileSync(file, Buffer.concat([whole, more]));
  await rejectsClearly(
    C1zReader.open(file),
    file,
    "corrupt-file",
    new RegExp(`: is damaged: ${more.length} bytes follow its zstd frame`),
  );
});

test("a declared content size the frame does not hold is damage, either way", async (t) => {
  const folder = tempFolder(t);
  const whole = fs.readFileSync(await goodC1z(folder));
  const declared = parseFrameHeader(whole.subarray(MAGIC.length))!.contentSize!;
  const file = path.join(folder, "wrong-size.c1z");
  const tempDir = path.join(folder, "tmp");
  fs.mkdirSync(tempDir);
  for (const [size, found] of [
    [declared - 1, "more"],
    [declared + 1, `${declared.toLocaleString("en-US")} bytes`],
  ] as const) {
    fs.writeFileSync(file, Buffer.concat([MAGIC, withDeclaredSize(whole.subarray(MAGIC.length), size)]));
    await rejectsClearly(
      C1zReader.open(file, { tempDir }),
      file,
      "corrupt-file",
      new RegExp(
        `: is damaged: its zstd frame declares ${size.toLocaleString("en-US")} bytes but decompresses to ${found}$`,
      ),
    );
    assert.deepStrictEqual(fs.readdirSync(tempDir), []);
  }
});

test("the frame walker passes every size form through, however the input is cut", async () => {
  const content = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251));
  const frames = {
    // Node picks the size field's width from the size: 1 byte (single segment), 2, 4.
    small: zlib.zstdCompressSync(content.subarray(0, 200), { pledgedSrcSize: 200 }),
    medium: zlib.zstdCompressSync(content.subarray(0, 60_000), { pledgedSrcSize: 60_000 }),
    large: zlib.zstdCompressSync(content, {
      pledgedSrcSize: content.length,
      params: { [zlib.constants.ZSTD_c_checksumFlag]: 1 },
    }),
    unsized: zlib.zstdCompressSync(content, { params: { [zlib.constants.ZSTD_c_contentSizeFlag]: 0 } }),
  };
  const expected = { small: 200, medium: 60_000, large: content.length, unsized: undefined };
  for (const [name, frame] of Object.entries(frames)) {
    assert.equal(parseFrameHeader(frame)?.contentSize, expected[name as keyof typeof expected], name);
    for (const chunkSize of [1, 2, 3, 17, 4096]) {
      const chunks = Array.from({ length: Math.ceil(frame.length / chunkSize) }, (_, i) =>
        frame.subarray(i * chunkSize, (i + 1) * chunkSize),
      );
      const out: Buffer[] = [];
      await pipeline(
        Readable.from(chunks),
        new FrameWalker(),
        zlib.createZstdDecompress(),
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            out.push(chunk);
            done();
          },
        }),
      );
      const size = expected[name as keyof typeof expected] ?? content.length;
      assert.ok(Buffer.concat(out).equals(content.subarray(0, size)), `${name} in chunks of ${chunkSize}`);
    }
  }
});

test("the database reaches the disk in large chunks, not zlib's 16 KiB ones", async (t) => {
  const folder = tempFolder(t);
  const database = Buffer.alloc(8 * 1024 ** 2);
  database.write("SQLite format 3\0", "latin1");
  for (let i = 100; i < database.length; i += 4096) database.writeUInt32LE(i, i);
  const file = path.join(folder, "big.c1z");
  fs.writeFileSync(file, Buffer.concat([MAGIC, zlib.zstdCompressSync(database)]));
  const chunks: number[] = [];
  await unpackC1z(file, path.join(folder, "big.db"), { onDecodedChunk: (bytes) => chunks.push(bytes) });
  assert.ok(fs.readFileSync(path.join(folder, "big.db")).equals(database));
  assert.ok(Math.max(...chunks) <= DECODED_CHUNK_BYTES);
  // Each chunk is a trip through the pipeline and a write call: 16 KiB chunks would be 512 of
  // them; zstd hands its output over at least once per 128 KiB block, 64 here.
  assert.ok(chunks.length <= 64, `${chunks.length} chunks`);
});
