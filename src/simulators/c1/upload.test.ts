import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { Code } from "@connectrpc/connect";

import { authorizedClient, fakeForTest, helloRequest, HOST_ID, rejectsWith } from "./_test-support.ts";
import { GrpcCode, type FakeC1, type TaskSpec } from "./index.ts";

/** Bytes that start like a c1z v1 file (`C1ZF\0`), then noise. */
function c1zBytes(size: number, magic = "C1ZF\x00"): Buffer {
  return Buffer.concat([Buffer.from(magic, "latin1"), randomBytes(size - 5)]);
}

const sha256 = (bytes: Uint8Array): Buffer => createHash("sha256").update(bytes).digest();

type UploadMessage =
  | { msg: { case: "metadata"; value: { hostId: string; taskId: string } } }
  | { msg: { case: "data"; value: { data: Uint8Array } } }
  | { msg: { case: "eof"; value: { sha256Checksum: Uint8Array } } }
  | { msg: { case: undefined } };

/** The messages baton-sdk sends for `bytes`: metadata, 512 KiB chunks, EOF with the checksum. */
function uploadMessages(taskId: string, bytes: Buffer, chunkBytes = 512 * 1024): UploadMessage[] {
  const messages: UploadMessage[] = [{ msg: { case: "metadata", value: { hostId: HOST_ID, taskId } } }];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes)
    messages.push({ msg: { case: "data", value: { data: bytes.subarray(offset, offset + chunkBytes) } } });
  messages.push({ msg: { case: "eof", value: { sha256Checksum: sha256(bytes) } } });
  return messages;
}

async function* stream(messages: UploadMessage[]) {
  for (const message of messages) yield message;
}

async function syncTask(fake: FakeC1, spec: TaskSpec = { type: "sync_full" }) {
  const { client } = await authorizedClient(fake);
  await client.hello(helloRequest());
  const taskId = fake.queueTask(spec);
  await client.getTask({ hostId: HOST_ID });
  return { client, taskId };
}

describe("fake ConductorOne: UploadAsset", () => {
  it("keeps a well-formed upload: the bytes, each chunk size, the checksum verdict and the c1z version", async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-c1-uploads-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const fake = await fakeForTest(t, { uploadsDir: dir });
    const { client, taskId } = await syncTask(fake);
    const bytes = c1zBytes(1_200_000);
    await client.uploadAsset(stream(uploadMessages(taskId, bytes)));
    await client.finishTask({ hostId: HOST_ID, taskId, finalState: { case: "success", value: {} } });
    const [upload] = fake.uploads;
    assert.equal(upload!.taskId, taskId);
    assert.ok(upload!.bytes.equals(bytes));
    assert.deepEqual(upload!.chunkSizes, [524_288, 524_288, 1_200_000 - 2 * 524_288]);
    assert.equal(upload!.checksumOk, true);
    assert.equal(upload!.c1zVersion, "v1");
    assert.equal(upload!.complete, true);
    assert.equal(upload!.accepted, true);
    assert.deepEqual(fake.violations, []);
    const saved = path.join(dir, `${taskId}.c1z`);
    assert.ok(readFileSync(saved).equals(bytes));
    assert.equal(statSync(saved).mode & 0o777, 0o600);
    assert.equal((fake.calls.find((call) => call.method === "UploadAsset")!.request as unknown[]).length, 5);
  });

  it("never writes an upload through a symlink planted at its temp name", async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-c1-uploads-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const victim = path.join(dir, "victim.txt");
    writeFileSync(victim, "precious\n");
    const fake = await fakeForTest(t, { uploadsDir: dir });
    const { client, taskId } = await syncTask(fake);
    // The name earlier versions wrote through, predictable from the task id.
    symlinkSync(victim, path.join(dir, `${taskId}.c1z.partial`));
    const bytes = c1zBytes(1000);
    await client.uploadAsset(stream(uploadMessages(taskId, bytes)));
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
    assert.ok(readFileSync(path.join(dir, `${taskId}.c1z`)).equals(bytes));
    assert.deepEqual(readdirSync(dir).sort(), [`${taskId}.c1z`, `${taskId}.c1z.partial`, "victim.txt"].sort());
  });

  it("accepts a v3 (C1Z3) file too, as ConductorOne does from Go connectors", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake);
    await client.uploadAsset(stream(uploadMessages(taskId, c1zBytes(100, "C1Z3\x00"))));
    assert.equal(fake.uploads[0]!.c1zVersion, "v3");
  });

  it("refuses a wrong checksum with 3 InvalidArgument and records it", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake);
    const messages = uploadMessages(taskId, c1zBytes(1000));
    messages[messages.length - 1] = { msg: { case: "eof", value: { sha256Checksum: sha256(Buffer.from("other")) } } };
    await rejectsWith(
      client.uploadAsset(stream(messages)),
      Code.InvalidArgument,
      /sha256_checksum does not match the 1000 bytes/,
    );
    assert.deepEqual(
      [fake.uploads[0]!.checksumOk, fake.uploads[0]!.accepted, fake.uploads[0]!.code],
      [false, false, GrpcCode.InvalidArgument],
    );
    assert.equal(fake.violations.length, 1);
  });

  it("refuses a chunk over 1 MiB, and an empty one", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake);
    await rejectsWith(
      client.uploadAsset(stream(uploadMessages(taskId, c1zBytes(1024 * 1024 + 1), 1024 * 1024 + 1))),
      Code.InvalidArgument,
      /data message of 1048577 bytes; each must be 1\.\.1048576/,
    );
    const empty: UploadMessage[] = [
      uploadMessages(taskId, c1zBytes(10))[0]!,
      { msg: { case: "data", value: { data: new Uint8Array(0) } } },
    ];
    await rejectsWith(client.uploadAsset(stream(empty)), Code.InvalidArgument, /data message of 0 bytes/);
    assert.deepEqual(
      fake.uploads.map((upload) => [upload.accepted, upload.code]),
      [
        [false, 3],
        [false, 3],
      ],
    );
    assert.equal(fake.violations.length, 2);
  });

  it("takes exactly 1 MiB in one chunk", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake);
    await client.uploadAsset(stream(uploadMessages(taskId, c1zBytes(1024 * 1024), 1024 * 1024)));
    assert.deepEqual(fake.uploads[0]!.chunkSizes, [1024 * 1024]);
    assert.deepEqual(fake.violations, []);
  });

  it("wants metadata first, nothing after eof, an eof before the end, and a c1z", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake);
    const good = uploadMessages(taskId, c1zBytes(64));
    await rejectsWith(
      client.uploadAsset(stream(good.slice(1))),
      Code.InvalidArgument,
      /the first message is data, not metadata/,
    );
    await rejectsWith(
      client.uploadAsset(stream([...good, good[1]!])),
      Code.InvalidArgument,
      /a data message after eof/,
    );
    await rejectsWith(client.uploadAsset(stream(good.slice(0, -1))), Code.InvalidArgument, /ended without eof/);
    await rejectsWith(
      client.uploadAsset(stream(uploadMessages(taskId, Buffer.from("PK\x03\x04 not a c1z")))),
      Code.InvalidArgument,
      /are not a c1z/,
    );
    await rejectsWith(
      client.uploadAsset(stream([good[0]!, { msg: { case: undefined } }])),
      Code.InvalidArgument,
      /msg is required/,
    );
    assert.equal(fake.violations.length, 5);
    assert.ok(fake.uploads.every((upload) => !upload.accepted));
  });

  it("refuses an upload for a task that is not a sync, or that it never handed out", async (t) => {
    const fake = await fakeForTest(t);
    const { client } = await syncTask(fake);
    const grant = fake.queueTask({ type: "grant" });
    await rejectsWith(
      client.uploadAsset(stream(uploadMessages(grant, c1zBytes(64)))),
      Code.NotFound,
      /never handed out/,
    );
    await client.getTask({ hostId: HOST_ID });
    await rejectsWith(
      client.uploadAsset(stream(uploadMessages(grant, c1zBytes(64)))),
      Code.FailedPrecondition,
      /a grant task, which uploads nothing/,
    );
  });

  it("fails the first N complete streams of a task with 14 when scripted, then keeps the next", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake, { type: "sync_full", uploadFailures: 2 });
    const messages = uploadMessages(taskId, c1zBytes(5000));
    await rejectsWith(client.uploadAsset(stream(messages)), Code.Unavailable);
    await rejectsWith(client.uploadAsset(stream(messages)), Code.Unavailable);
    await client.uploadAsset(stream(messages));
    assert.deepEqual(
      fake.uploads.map((upload) => [upload.code, upload.accepted, upload.checksumOk]),
      [
        [14, false, true],
        [14, false, true],
        [0, true, true],
      ],
    );
    assert.deepEqual(fake.violations, []);
  });

  it("records a stream the client abandons half-way", async (t) => {
    const fake = await fakeForTest(t);
    const { client, taskId } = await syncTask(fake);
    const aborter = new AbortController();
    const messages = uploadMessages(taskId, c1zBytes(2000), 1000);
    async function* abandon() {
      yield messages[0]!;
      yield messages[1]!;
      await fake.waitFor(() => (fake.calls.at(-1)?.request as unknown[] | undefined)?.length === 2, {
        what: "two messages received",
      });
      aborter.abort();
      yield messages[2]!;
    }
    await rejectsWith(client.uploadAsset(abandon(), { signal: aborter.signal }), Code.Canceled);
    await fake.waitFor(() => fake.uploads.length === 1, { what: "the abandoned upload to be recorded" });
    assert.deepEqual(
      [fake.uploads[0]!.complete, fake.uploads[0]!.accepted, fake.uploads[0]!.code, fake.uploads[0]!.bytes.length],
      [false, false, GrpcCode.Canceled, 1000],
    );
    assert.deepEqual(fake.violations, []);
  });
});
