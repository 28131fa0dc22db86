/**
 * Another local user who can write the target's folder plants names where a sync will create
 * files, hoping a root-run sync writes through a symlink into a file of their choosing. Every
 * such name is refused or removed, the victim stays as it was, and the sync is still right.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test, type TestContext } from "node:test";
import { newResource } from "../model/index.ts";
import { C1zReader, C1zWriter } from "./index.ts";
import { sampleContent, tempFolder, writeSync } from "./_test-support.ts";

function plantVictim(t: TestContext): { folder: string; victim: string } {
  const folder = tempFolder(t);
  const victim = path.join(tempFolder(t), "victim.txt");
  fs.writeFileSync(victim, "precious\n");
  return { folder, victim };
}

async function resourceCount(target: string): Promise<number> {
  const reader = await C1zReader.open(target);
  try {
    return reader.countResources(reader.resolveSyncId());
  } finally {
    reader.close();
  }
}

test("symlinks planted at the sidecar's and the packed file's temp names are never written through", async (t) => {
  const { folder, victim } = plantVictim(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  // The sidecar's old temp name (predictable from the pid), and names guessed for the packed file.
  fs.symlinkSync(victim, path.join(folder, `.sync.c1z.idsync-wip.json.${process.pid}.tmp`));
  for (let ms = Date.now(); ms < Date.now() + 50; ms++) {
    fs.symlinkSync(victim, path.join(folder, `.sync.c1z.${process.pid}.${ms}.idsync-tmp`));
  }

  const content = sampleContent();
  await writeSync(target, content);
  assert.equal(fs.readFileSync(victim, "utf8"), "precious\n");
  assert.equal(await resourceCount(target), content.resources.length);
});

test("a working database planted as a symlink is rebuilt, never opened through", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  // Someone else's SQLite database, and a sidecar claiming the link was built from the c1z as it is.
  const victim = path.join(tempFolder(t), "victim.db");
  const other = new DatabaseSync(victim);
  other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('precious')");
  other.close();
  const before = fs.readFileSync(victim);
  fs.symlinkSync(victim, path.join(folder, ".sync.c1z.idsync-wip.db"));
  const { size, mtimeMs } = fs.statSync(target);
  fs.writeFileSync(
    path.join(folder, ".sync.c1z.idsync-wip.json"),
    JSON.stringify({ sourceSize: size, sourceMtimeMs: mtimeMs }),
  );

  const writer = await C1zWriter.open(target);
  writer.startSync();
  writer.putResourceTypes(sampleContent().resourceTypes);
  writer.putResources([newResource("user", "u-new", "New")]);
  writer.endSync();
  await writer.save();
  assert.ok(fs.readFileSync(victim).equals(before), "the victim database is untouched");
  assert.equal(await resourceCount(target), 1);
  assert.deepStrictEqual(fs.readdirSync(folder), ["sync.c1z"]);
});
