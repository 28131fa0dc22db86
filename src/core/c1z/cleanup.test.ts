/**
 * What a writer cleans up: temp files a killed run left beside the target (removed on the next
 * open, a live process's never), and what it made itself when a sync fails on a full disk,
 * without a failing cleanup ever replacing the cause.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LocalFileError } from "../errors/index.ts";
import { newResource, type Resource } from "../model/index.ts";
import { C1zWriter } from "./index.ts";
import { sampleContent, tempFolder, writeSync } from "./_test-support.ts";

const users = (count: number): Resource[] =>
  Array.from({ length: count }, (_, i) => newResource("user", `u${i}`, `User ${i}`));

test("a save killed during compression leaves a temp file that the next open removes; a live process's stays", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  const before = fs.readFileSync(target);
  const script = `
    import { C1zWriter } from ${JSON.stringify(path.join(import.meta.dirname, "index.ts"))};
    const writer = await C1zWriter.open(${JSON.stringify(target)}, {
      _testHooks: { onCompressedChunk: () => process.kill(process.pid, "SIGKILL") },
    });
    writer.startSync();
    writer.putResourceTypes([{ id: "user", displayName: "User", traits: [] }]);
    writer.putResources(Array.from({ length: 2000 }, (_, i) => ({ id: { resourceType: "user", resource: "u" + i }, displayName: "U" + i })));
    writer.endSync();
    await writer.save();
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(child.signal, "SIGKILL", child.stderr);
  const leftover = fs.readdirSync(folder).filter((name) => name.endsWith(".idsync-tmp"));
  assert.deepStrictEqual(leftover.length, 1, "the kill left the packed file's temp");
  assert.match(leftover[0]!, new RegExp(`^\\.sync\\.c1z\\.${child.pid}\\.[0-9a-f]{16}\\.idsync-tmp$`));

  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
  t.after(() => other.kill());
  const othersTemp = `.sync.c1z.${other.pid}.0123456789abcdef.idsync-tmp`;
  fs.writeFileSync(path.join(folder, othersTemp), "being written by a live process");

  const writer = await C1zWriter.open(target);
  assert.deepStrictEqual(writer.leftoversRemoved, [path.join(folder, leftover[0]!)]);
  writer.startSync();
  writer.putResourceTypes(sampleContent().resourceTypes);
  writer.putResources(users(3));
  writer.endSync();
  await writer.save();
  assert.ok(!fs.readFileSync(target).equals(before));
  assert.deepStrictEqual(fs.readdirSync(folder).sort(), [othersTemp, "sync.c1z"]);
});

test("a full disk: the working database is removed and a failing cleanup does not replace the cause", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  const before = fs.readFileSync(target);
  const writer = await C1zWriter.open(target, { _testHooks: { maxPageCount: 1 } });
  writer.startSync();
  const full = (() => {
    try {
      writer.putResources(users(5_000));
      writer.flush();
    } catch (error) {
      return error;
    }
    return assert.fail("the capped working database should fill up");
  })();
  // A cleanup step that fails: something that is not ours sits where the journal would go.
  const journal = path.join(folder, ".sync.c1z.idsync-wip.db-journal");
  fs.mkdirSync(journal);
  fs.writeFileSync(path.join(journal, "keep"), "");

  const problems: unknown[] = [];
  const error = writer.closeAfterFailure(full, (problem) => problems.push(problem));
  assert.ok(error instanceof LocalFileError);
  assert.equal(error.message, `no space left on the disk holding ${folder} (writing .sync.c1z.idsync-wip.db)`);
  assert.equal(error.cause, full);
  assert.equal(problems.length, 1, "the failed cleanup is told once");
  fs.rmSync(journal, { recursive: true });
  assert.deepStrictEqual(fs.readdirSync(folder), ["sync.c1z"], "the working database is gone and the lock released");
  assert.ok(fs.readFileSync(target).equals(before));
});

test("a failure that is not a full disk keeps the working database for the next run", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const writer = await C1zWriter.open(target);
  writer.startSync();
  writer.putResources(users(3));
  const cause = new Error("the API went away");
  assert.equal(writer.closeAfterFailure(cause), cause);
  assert.deepStrictEqual(fs.readdirSync(folder).sort(), [".sync.c1z.idsync-wip.db", ".sync.c1z.idsync-wip.json"]);
  const next = await C1zWriter.open(target);
  t.after(() => next.discard());
  assert.ok(next.findResumableSync());
});
