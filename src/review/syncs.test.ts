import assert from "node:assert/strict";
import path from "node:path";
import { mock, test } from "node:test";
import { C1zReader, C1zWriter } from "../core/index.ts";
import { chooseSync, syncPairInFile } from "./index.ts";
import { BATON_EXPANDED, BATON_SYNC_ID, BATON_UNEXPANDED, tempFolder, writeTenant } from "./_test-tenant.ts";

test("a finished full sync is chosen silently; an explicit id must exist", async (t) => {
  const reader = await C1zReader.open(BATON_EXPANDED);
  t.after(() => reader.close());
  assert.deepStrictEqual(chooseSync(reader), { run: reader.syncs()[0] });
  assert.equal(chooseSync(reader, BATON_SYNC_ID).run.id, BATON_SYNC_ID);
  assert.throws(() => chooseSync(reader, "nope"), { kind: "invalid-config", message: /has no sync nope$/ });
});

test("a file whose only sync is unfinished and over a week old falls back to it, with a note", async (t) => {
  const reader = await C1zReader.open(BATON_UNEXPANDED);
  t.after(() => reader.close());
  assert.throws(() => reader.resolveSyncId(), { kind: "invalid-config" }, "Baton's rule itself is unchanged");
  const chosen = chooseSync(reader);
  assert.equal(chosen.run.id, BATON_SYNC_ID);
  // The file's times are the writer's local wall clock, so the day shown depends on the zone.
  const started = chosen.run.startedAt.toISOString().slice(0, 10);
  assert.match(started, /^2025-12-1[678]$/);
  assert.equal(
    chosen.note,
    `note: ${BATON_UNEXPANDED} has no finished full sync; showing the unfinished full sync ${BATON_SYNC_ID} ` +
      `(started ${started}), which Baton's readers would skip`,
  );
  assert.equal(chooseSync(reader, BATON_SYNC_ID).note, undefined, "an explicit id needs no note");
});

test("a recent unfinished sync is shown by Baton's rule, with a note that it may be incomplete", async (t) => {
  const reader = await C1zReader.open(BATON_UNEXPANDED);
  t.after(() => reader.close());
  const started = reader.syncs()[0]!.startedAt;
  mock.timers.enable({ apis: ["Date"], now: started.getTime() + 60 * 60 * 1000 });
  try {
    assert.equal(
      chooseSync(reader).note,
      `note: ${BATON_UNEXPANDED}: showing the unfinished sync ${BATON_SYNC_ID} (started ${started.toISOString().slice(0, 10)}); it may be incomplete`,
    );
  } finally {
    mock.timers.reset();
  }
});

test("an empty file has nothing to show", async (t) => {
  const file = path.join(tempFolder(t), "empty.c1z");
  const writer = await C1zWriter.open(file);
  await writer.save();
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  assert.throws(() => chooseSync(reader), { kind: "invalid-config", message: /no usable sync/ });
  assert.throws(() => syncPairInFile(reader), /has 0$/);
});

test("explicit sync ids pick the pair to compare", async (t) => {
  const file = path.join(tempFolder(t), "three.c1z");
  const first = await writeTenant(file, { generation: 1 });
  const second = await writeTenant(file, { generation: 2 });
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const pair = syncPairInFile(reader, { newId: first, oldId: second });
  assert.deepStrictEqual([pair.old.id, pair.new.id], [second, first]);
  assert.throws(
    () => syncPairInFile(reader, { newId: first }),
    /needs two finished full syncs/,
    "nothing older than the first",
  );
});
