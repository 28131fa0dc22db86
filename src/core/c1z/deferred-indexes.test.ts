/**
 * Bulk grant writes with the query-only grant indexes deferred: the indexes are gone while the
 * rows go in, come back with Baton's definitions, and the saved rows equal a plain write's;
 * a process killed meanwhile leaves a working database that the next open repairs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { text } from "./_sql.ts";
import { DEFERRABLE_GRANT_INDEXES } from "./_schema.ts";
import { openInside, tempFolder } from "./_test-support.ts";
import { firstGroupMembers, grantIndexes, grants, putInBatches, startBulkSync, users } from "./_test-bulk-grants.ts";
import { C1zReader } from "./reader.ts";
import { C1zWriter } from "./writer.ts";

/** The working database beside `target` (see `_working-files.ts`), opened read-only. */
const peekWorkingDb = (folder: string, name: string): DatabaseSync =>
  new DatabaseSync(path.join(folder, `.${name}.idsync-wip.db`), { readOnly: true });

/** Ends and saves the writer's sync; returns the saved grants' ids in row order and the grant indexes. */
async function saveAndLook(
  t: test.TestContext,
  writer: C1zWriter,
  syncId: string,
  file: string,
): Promise<{ rows: string[]; indexes: string[] }> {
  writer.endSync();
  await writer.save();
  const reader = await C1zReader.open(file);
  const rows = [...reader.grants(syncId)].map((grant) => grant.id);
  reader.close();
  const db = openInside(file, path.dirname(file));
  t.after(() => db.close());
  assert.equal(text(db.prepare("PRAGMA integrity_check").get()!, "integrity_check"), "ok");
  return { rows, indexes: grantIndexes(db) };
}

async function write(t: test.TestContext, deferred: boolean): Promise<{ rows: string[]; indexes: string[] }> {
  const file = path.join(tempFolder(t), "bulk.c1z");
  const writer = await C1zWriter.open(file);
  const syncId = startBulkSync(writer);
  const put = async () => putInBatches(writer, grants);
  if (deferred) await writer.deferGrantIndexes(grants.length, put);
  else await put();
  assert.equal([...writer.grantsOfEntitlement(firstGroupMembers)].length, users.length);
  return saveAndLook(t, writer, syncId, file);
}

test("grants written with deferred indexes save the same rows and indexes as a plain write", async (t) => {
  const plain = await write(t, false);
  const bulk = await write(t, true);
  assert.deepEqual(bulk, plain);
  assert.equal(plain.rows.length, grants.length);
});

test("deferGrantIndexes drops the four query-only grant indexes while writing", async (t) => {
  const folder = tempFolder(t);
  const writer = await C1zWriter.open(path.join(folder, "seen.c1z"));
  t.after(() => writer.discard());
  writer.startSync();
  const seen: string[] = [];
  await writer.deferGrantIndexes(10, async () => {
    const peek = peekWorkingDb(folder, "seen.c1z");
    seen.push(...grantIndexes(peek).map((line) => line.split(":")[0]!));
    peek.close();
  });
  for (const name of DEFERRABLE_GRANT_INDEXES) assert.ok(!seen.includes(name), `${name} dropped meanwhile`);
  assert.ok(seen.includes("idx_grants_external_sync_v1"), "the unique key stays for upserts");
});

test("a sync killed while its grant indexes are deferred resumes with them rebuilt and saves the same file", async (t) => {
  const plain = await write(t, false);
  const folder = tempFolder(t);
  const target = path.join(folder, "killed.c1z");
  const script = `
    import { C1zWriter } from ${JSON.stringify(path.join(import.meta.dirname, "writer.ts"))};
    import { grants, putInBatches, startBulkSync } from ${JSON.stringify(path.join(import.meta.dirname, "_test-bulk-grants.ts"))};
    const writer = await C1zWriter.open(${JSON.stringify(target)});
    process.stdout.write(startBulkSync(writer));
    await writer.deferGrantIndexes(grants.length, async () => {
      putInBatches(writer, grants.slice(0, 300));
      writer.flush();
      putInBatches(writer, grants.slice(300, 350));
      process.kill(process.pid, "SIGKILL");
    });
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(child.signal, "SIGKILL", child.stderr);
  const syncId = child.stdout;

  const left = peekWorkingDb(folder, "killed.c1z");
  const leftIndexes = grantIndexes(left).map((line) => line.split(":")[0]!);
  const leftRows = Number(left.prepare("SELECT count(*) AS n FROM v1_grants").get()!["n"]);
  left.close();
  for (const name of DEFERRABLE_GRANT_INDEXES) assert.ok(!leftIndexes.includes(name), `killed without ${name}`);
  assert.equal(leftRows, 300, "the committed rows survived; the uncommitted batch did not");

  const writer = await C1zWriter.open(target);
  const resumable = writer.findResumableSync();
  assert.equal(resumable?.id, syncId);
  writer.resumeSync(syncId);
  const peek = peekWorkingDb(folder, "killed.c1z");
  assert.deepEqual(grantIndexes(peek), plain.indexes, "opening the working database rebuilt the indexes");
  peek.close();
  // A resumed sync re-sends its grants; the 300 that survived are updated in place.
  await writer.deferGrantIndexes(grants.length, async () => putInBatches(writer, grants));
  assert.deepEqual(await saveAndLook(t, writer, syncId, target), plain);
});
