import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import zlib from "node:zlib";
import { isIdsyncError } from "../errors/index.ts";
import { newResource } from "../model/index.ts";
import { C1zReader, C1zWriter } from "./index.ts";
import { rejectsClearly, packBytes, sampleContent, tempFolder, writeSync } from "./_test-support.ts";

async function validC1z(folder: string): Promise<string> {
  const target = path.join(folder, "valid.c1z");
  await writeSync(target, {
    resourceTypes: [{ id: "user", displayName: "User", traits: [] }],
    resources: Array.from({ length: 2_000 }, (_, i) =>
      newResource("user", `u${i}`, `A user with a name long enough to fill pages ${i}`),
    ),
    entitlements: [],
    grants: [],
  });
  return target;
}

test("a Baton v3 (Pebble) file is refused as unsupported, with the way out", async (t) => {
  const file = path.join(tempFolder(t), "pebble.c1z");
  fs.writeFileSync(file, Buffer.concat([Buffer.from("C1Z3\0", "latin1"), Buffer.from([0, 0, 0, 4, 1, 2, 3, 4])]));
  await rejectsClearly(
    C1zReader.open(file),
    file,
    "unsupported-file",
    /is a Baton v3 \(Pebble\) c1z, which idsync does not read$/,
  );
  await assert.rejects(C1zReader.open(file), { hint: "re-sync it with --storage-engine sqlite" });
  await rejectsClearly(C1zWriter.open(file), path.resolve(file), "unsupported-file", /Pebble/);
});

test("a truncated c1z is reported as truncated or damaged", async (t) => {
  const folder = tempFolder(t);
  const whole = fs.readFileSync(await validC1z(folder));
  const file = path.join(folder, "truncated.c1z");
  fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
  await rejectsClearly(
    C1zReader.open(file),
    file,
    "corrupt-file",
    /is truncated or damaged \(zstd: unexpected end of data\)$/,
  );
  fs.writeFileSync(file, whole.subarray(0, 5));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /is truncated or damaged/);
});

test("random bytes are not a c1z", async (t) => {
  const file = path.join(tempFolder(t), "random.c1z");
  fs.writeFileSync(file, Buffer.from("this is a text file, not a c1z at all\n"));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /is not a c1z file/);
  fs.writeFileSync(file, "");
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /is not a c1z file/);
});

test("the right magic followed by garbage is a damaged zstd stream", async (t) => {
  const file = path.join(tempFolder(t), "garbage.c1z");
  fs.writeFileSync(file, Buffer.concat([Buffer.from("C1ZF\0", "latin1"), Buffer.from("no zstd frame here, sorry")]));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /is truncated or damaged \(zstd: /);
});

test("valid zstd of bytes that are not SQLite holds a damaged database", async (t) => {
  const file = path.join(tempFolder(t), "not-sqlite.c1z");
  fs.writeFileSync(file, packBytes(Buffer.from("hello, I am not a database".repeat(100))));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /holds a damaged database/);
});

test("a database with damaged pages is refused when opened", async (t) => {
  const folder = tempFolder(t);
  const database = zlib.zstdDecompressSync(fs.readFileSync(await validC1z(folder)).subarray(5));
  assert.ok(database.length > 16 * 4096, "the database spans many pages");
  const file = path.join(folder, "damaged.c1z");
  const damaged = Buffer.from(database);
  damaged.fill(0xaa, 10 * 4096, 14 * 4096);
  fs.writeFileSync(file, packBytes(damaged));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /^[^:]+: holds a damaged database \(sqlite: .+\)$/);

  const schemaDamaged = Buffer.from(database);
  schemaDamaged.fill(0xaa, 100, 3000);
  fs.writeFileSync(file, packBytes(schemaDamaged));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /holds a damaged database/);
  await rejectsClearly(C1zWriter.open(file), path.resolve(file), "corrupt-file", /holds a damaged database/);
});

/** `C1ZF\0` + a zstd frame of `database` that carries a content checksum, as idsync and Baton write them. */
const packChecksummed = (database: Uint8Array): Buffer =>
  Buffer.concat([
    Buffer.from("C1ZF\0", "latin1"),
    zlib.zstdCompressSync(database, { params: { [zlib.constants.ZSTD_c_checksumFlag]: 1 } }),
  ]);

test("a frame's content checksum stands for the database check at open; damage inside still stops with one line", async (t) => {
  const folder = tempFolder(t);
  const good = await validC1z(folder);
  const database = zlib.zstdDecompressSync(fs.readFileSync(good).subarray(5));
  const file = path.join(folder, "damaged.c1z");

  // A byte changed after the writer compressed it: zstd's checksum refuses it at open.
  const flipped = Buffer.from(fs.readFileSync(good));
  flipped[flipped.length - 1]! ^= 0x01;
  fs.writeFileSync(file, flipped);
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /is truncated or damaged \(zstd: .*checksum/i);

  // Pages a writer damaged before compressing: the checksum vouches for the bytes, so the file
  // opens without reading every page, and the listing that meets the damage stops with the line.
  // Pages 41-44 lie in v1_resources, past the indexes: a listing of the resources reads them.
  const damaged = Buffer.from(database);
  damaged.fill(0xaa, 40 * 4096, 44 * 4096);
  fs.writeFileSync(file, packChecksummed(damaged));
  const reader = await C1zReader.open(file);
  try {
    await rejectsClearly(
      (async () => {
        const syncId = reader.resolveSyncId();
        for (const _resource of reader.resources(syncId));
      })(),
      file,
      "corrupt-file",
      /^[^:]+: holds a damaged database \(sqlite: .+\)$/,
    );
  } finally {
    reader.close();
  }
  // The same database in a frame without a checksum is still refused at open.
  fs.writeFileSync(file, packBytes(damaged));
  await rejectsClearly(C1zReader.open(file), file, "corrupt-file", /holds a damaged database/);
});

test("a SQLite database without Baton's tables is refused", async (t) => {
  const folder = tempFolder(t);
  const dbPath = path.join(folder, "other.db");
  const other = new DatabaseSync(dbPath);
  other.exec("CREATE TABLE notes (id integer primary key, body text)");
  other.close();
  const file = path.join(folder, "other.c1z");
  fs.writeFileSync(file, packBytes(fs.readFileSync(dbPath)));
  await rejectsClearly(
    C1zReader.open(file),
    file,
    "corrupt-file",
    /holds a database without Baton's tables \(missing v1_sync_runs, /,
  );
});

test("a file larger than the decoded-size cap is refused", async (t) => {
  const folder = tempFolder(t);
  const file = await validC1z(folder);
  await rejectsClearly(
    C1zReader.open(file, { maxDecodedBytes: 64 * 1024 }),
    file,
    "unsupported-file",
    /decompresses to [\d.]+ KiB \(its zstd frame says so\), more than the 64 KiB limit$/,
  );
});

test("a missing file is a usage error, not a damaged file", async (t) => {
  const file = path.join(tempFolder(t), "missing.c1z");
  await rejectsClearly(C1zReader.open(file), file, "invalid-config", /the file does not exist$/);
});

test("failed opens leave no temp files behind", async (t) => {
  const folder = tempFolder(t);
  const tempDir = path.join(folder, "tmp");
  fs.mkdirSync(tempDir);
  const file = path.join(folder, "not-sqlite.c1z");
  fs.writeFileSync(file, packBytes(Buffer.from("not a database")));
  await assert.rejects(C1zReader.open(file, { tempDir }));
  assert.deepStrictEqual(fs.readdirSync(tempDir), []);
  const reader = await C1zReader.open(await validC1z(folder), { tempDir });
  assert.equal(fs.readdirSync(tempDir).length, 1);
  reader.close();
  assert.deepStrictEqual(fs.readdirSync(tempDir), []);
});

test("a reader used after close() stops with one typed line naming the file, listings in flight too", async (t) => {
  const file = await validC1z(tempFolder(t));
  const reader = await C1zReader.open(file);
  const syncId = reader.resolveSyncId();
  const inFlight = reader.resources(syncId);
  assert.ok(!inFlight.next().done, "the listing has started");
  reader.close();
  const refused = (run: () => unknown): void => {
    assert.throws(run, (error: unknown) => {
      assert.ok(isIdsyncError(error), `an IdsyncError, got ${String(error)}`);
      assert.equal(error.kind, "sync-failed");
      assert.equal(error.message, `${file}: the c1z reader is closed`);
      assert.equal(error.hint, "open the file again to read it");
      return true;
    });
  };
  refused(() => inFlight.next());
  refused(() => reader.syncs());
  refused(() => reader.countResources(syncId));
  refused(() => reader.getResource(syncId, { resourceType: "user", resource: "u1" }));
  refused(() => [...reader.resources(syncId)]);
  refused(() => [...reader.grants(syncId)]);
  refused(() => [...reader.keyedRows("resources", syncId)]);
  reader.close();
});

test("a legacy grant whose data does not decode is a damaged row when a sync opens the file", async (t) => {
  const folder = tempFolder(t);
  const content = sampleContent();
  const source = path.join(folder, "source.c1z");
  await writeSync(source, content);
  // As an older SDK left it: grants not yet backfilled, one of them with truncated protobuf.
  const dbPath = path.join(folder, "legacy.db");
  fs.writeFileSync(dbPath, zlib.zstdDecompressSync(fs.readFileSync(source).subarray(5)));
  const db = new DatabaseSync(dbPath);
  db.exec("UPDATE v1_sync_runs SET grants_backfilled = 0");
  const damagedId = Number(db.prepare("SELECT min(id) AS id FROM v1_grants WHERE expansion IS NULL").get()!["id"]);
  db.prepare("UPDATE v1_grants SET data = ? WHERE id = ?").run(new Uint8Array([0x0a, 0xff]), damagedId);
  db.close();
  const file = path.resolve(folder, "legacy.c1z");
  fs.writeFileSync(file, packBytes(fs.readFileSync(dbPath)));
  await rejectsClearly(
    C1zWriter.open(file),
    file,
    "corrupt-file",
    new RegExp(
      `: damaged row ${damagedId} in v1_grants: its data does not decode \\(malformed protobuf: truncated varint\\)$`,
    ),
  );
});
