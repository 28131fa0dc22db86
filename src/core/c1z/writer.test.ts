import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { EXIT_CODES, exitCodeFor, isIdsyncError } from "../errors/index.ts";
import { newResource, type Resource } from "../model/index.ts";
import { C1zReader, C1zWriter } from "./index.ts";
import { integer } from "./_sql.ts";
import { openInside, sampleContent, tempFolder, writeSync } from "./_test-support.ts";

const users = (from: number, count: number): Resource[] =>
  Array.from({ length: count }, (_, i) => newResource("user", `u${from + i}`, `User ${from + i}`));

test("a failed save leaves the previous c1z byte-identical and no temp file", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  const before = fs.readFileSync(target);

  const failures = [
    { beforeRename: () => Promise.reject(new Error("disk unplugged")) },
    {
      onCompressedChunk: () => {
        throw new Error("disk full");
      },
    },
  ];
  for (const hooks of failures) {
    const writer = await C1zWriter.open(target, { _testHooks: hooks });
    writer.startSync();
    writer.putResourceTypes([{ id: "user", displayName: "User", traits: [] }]);
    writer.putResources(users(0, 3_000));
    writer.endSync();
    await assert.rejects(writer.save(), /disk unplugged|disk full/);
    assert.ok(fs.readFileSync(target).equals(before), "the old file is untouched");
    assert.deepStrictEqual(
      fs.readdirSync(folder).filter((name) => name.includes("tmp") || name.includes("lock")),
      [],
      "no temp file, and the lock is released",
    );
  }

  // The work survived the failures (the working database was kept): a retry saves it.
  const writer = await C1zWriter.open(target);
  await writer.save();
  const reader = await C1zReader.open(target);
  t.after(() => reader.close());
  assert.equal(reader.syncs().length, 2);
  assert.equal(reader.countResources(reader.resolveSyncId()), 3_000);
});

test("a file keeps only the two newest full syncs", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const ids: string[] = [];
  for (let round = 0; round < 3; round++) {
    const content = sampleContent();
    ids.push(await writeSync(target, { ...content, resources: [...content.resources, ...users(round * 10, 5)] }));
  }
  const reader = await C1zReader.open(target);
  t.after(() => reader.close());
  assert.deepStrictEqual(
    reader.syncs().map((sync) => sync.id),
    [ids[2], ids[1]],
  );
  assert.equal(reader.resolveSyncId(), ids[2]);
  const db = openInside(target, folder);
  t.after(() => db.close());
  for (const table of ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants", "v1_sync_runs"]) {
    const left = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE sync_id = ?`).get(ids[0]!)!;
    assert.equal(integer(left, "n"), 0, `${table} has no rows of the dropped sync`);
  }
  assert.equal(integer(db.prepare("SELECT count(*) AS n FROM v1_resources").get()!, "n"), 2 * (5 + 5));
});

test("an abandoned sync resumes with its rows, and re-sent rows are updated in place", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const first = await C1zWriter.open(target);
  const syncId = first.startSync();
  first.putResourceTypes([{ id: "user", displayName: "User", traits: [] }]);
  first.putResources(users(0, 10));
  first.setSyncToken('{"version":2,"page":"abc"}');
  first.abandon();
  assert.equal(fs.existsSync(target), false, "nothing saved yet");
  assert.ok(
    fs.readdirSync(folder).some((name) => name.endsWith(".idsync-wip.db")),
    "the working database stays",
  );
  assert.equal(
    fs.readdirSync(folder).some((name) => name.endsWith(".idsync-lock")),
    false,
    "the lock is released",
  );

  const second = await C1zWriter.open(target);
  t.after(() => second.discard());
  const resumable = second.findResumableSync();
  assert.equal(resumable?.id, syncId);
  assert.equal(resumable?.token, '{"version":2,"page":"abc"}');
  assert.equal(second.findResumableSync({ type: "partial" }), undefined);
  second.resumeSync(syncId);
  assert.deepStrictEqual(second.countRows(), { resourceTypes: 1, resources: 10, entitlements: 0, grants: 0 });
  const rowIdsBefore = second.resourcesAfter(0, 100).map((row) => row.rowId);
  const renamed = { ...users(3, 1)[0]!, displayName: "Renamed" };
  second.putResources([renamed, ...users(10, 2)]);
  assert.deepStrictEqual(second.countRows().resources, 12);
  const after = second.resourcesAfter(0, 100);
  assert.deepStrictEqual(
    after.slice(0, 10).map((row) => row.rowId),
    rowIdsBefore,
    "row ids kept",
  );
  assert.equal(after[3]!.resource.displayName, "Renamed");
  assert.throws(() => second.startSync(), /still being written/);
});

test("a working database built from an older c1z is discarded once the c1z changes", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  await writeSync(target, sampleContent());
  const writer = await C1zWriter.open(target);
  writer.startSync();
  writer.abandon();
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(target, later, later);
  const reopened = await C1zWriter.open(target);
  t.after(() => reopened.discard());
  assert.equal(reopened.findResumableSync(), undefined);
});

test("finished syncs are not resumable, and unfinished ones expire after 7 days", async (t) => {
  const folder = tempFolder(t);
  const writer = await C1zWriter.open(path.join(folder, "sync.c1z"));
  t.after(() => writer.discard());
  const syncId = writer.startSync();
  assert.equal(writer.findResumableSync()?.id, syncId);
  assert.equal(writer.findResumableSync({ maxAgeMs: -60_000 }), undefined);
  writer.endSync();
  assert.equal(writer.findResumableSync(), undefined);
  assert.throws(() => writer.resumeSync(syncId), /already ended/);
  assert.throws(() => writer.putResources([]), /has ended/);
});

test("a second writer on the same file is refused while the first is alive, in this process or another", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const first = await C1zWriter.open(target);
  await assert.rejects(C1zWriter.open(target), (error: Error & { kind?: string }) => {
    assert.equal(error.message, `${target} is already being written by this process`);
    assert.equal(error.kind, "invalid-config");
    return true;
  });
  first.discard();

  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
  t.after(() => other.kill());
  fs.writeFileSync(path.join(folder, ".sync.c1z.idsync-lock"), `${other.pid}\n`);
  await assert.rejects(C1zWriter.open(target), {
    kind: "invalid-config",
    message: `another idsync process (pid ${other.pid}) is writing ${target}`,
  });
  other.kill();
  await once(other, "exit");
  const second = await C1zWriter.open(target);
  second.discard();
});

test("a lock naming this process's pid that this process did not take is stale (a restarted container's pid 1)", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  fs.writeFileSync(path.join(folder, ".sync.c1z.idsync-lock"), `${process.pid}\n`);
  const writer = await C1zWriter.open(target);
  writer.discard();
  assert.equal(fs.existsSync(path.join(folder, ".sync.c1z.idsync-lock")), false);
});

test("a lock left by a dead process is taken over", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const deadPid = Number(child.stdout);
  assert.ok(deadPid > 0);
  fs.writeFileSync(path.join(folder, ".sync.c1z.idsync-lock"), `${deadPid}\n`);
  const writer = await C1zWriter.open(target);
  assert.equal(fs.readFileSync(path.join(folder, ".sync.c1z.idsync-lock"), "utf8").trim(), String(process.pid));
  writer.discard();
  assert.equal(fs.existsSync(path.join(folder, ".sync.c1z.idsync-lock")), false);
});

test("the working database can live in tempDir", async (t) => {
  const folder = tempFolder(t);
  const tempDir = path.join(folder, "work");
  const target = path.join(folder, "out", "sync.c1z");
  fs.mkdirSync(path.dirname(target));
  const writer = await C1zWriter.open(target, { tempDir });
  writer.startSync();
  assert.equal(fs.readdirSync(tempDir).filter((name) => name.endsWith(".idsync-wip.db")).length, 1);
  assert.equal(
    fs.readdirSync(path.dirname(target)).some((name) => name.includes("wip")),
    false,
  );
  writer.endSync();
  await writer.save();
  assert.deepStrictEqual(fs.readdirSync(tempDir), []);
  assert.deepStrictEqual(fs.readdirSync(path.dirname(target)), ["sync.c1z"]);
});

test("saveCheckpoint keeps the writer usable and the rows readable", async (t) => {
  const folder = tempFolder(t);
  const writer = await C1zWriter.open(path.join(folder, "sync.c1z"));
  t.after(() => writer.discard());
  writer.startSync();
  writer.putResourceTypes([{ id: "user", displayName: "User", traits: [] }]);
  writer.putResources(users(0, 7));
  writer.saveCheckpoint();
  writer.putResources(users(7, 3));
  assert.equal(writer.countRows().resources, 10);
  assert.deepStrictEqual(writer.endSync().resourcesByType, { user: 10 });
});

test("a sync killed with SIGKILL resumes from what it had committed", async (t) => {
  const folder = tempFolder(t);
  const target = path.join(folder, "sync.c1z");
  const script = `
    import { C1zWriter } from ${JSON.stringify(path.join(import.meta.dirname, "index.ts"))};
    const writer = await C1zWriter.open(${JSON.stringify(target)});
    const syncId = writer.startSync();
    writer.putResourceTypes([{ id: "user", displayName: "User", traits: [] }]);
    writer.putResources(Array.from({ length: 50 }, (_, i) => ({ id: { resourceType: "user", resource: "u" + i }, displayName: "U" + i })));
    writer.setSyncToken('{"at":50}');
    writer.putResources([{ id: { resourceType: "user", resource: "uncommitted" }, displayName: "lost" }]);
    process.stdout.write(syncId);
    process.kill(process.pid, "SIGKILL");
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(child.signal, "SIGKILL", child.stderr);
  const syncId = child.stdout;

  const writer = await C1zWriter.open(target);
  t.after(() => writer.discard());
  const resumable = writer.findResumableSync();
  assert.equal(resumable?.id, syncId);
  assert.equal(resumable?.token, '{"at":50}');
  writer.resumeSync(syncId);
  assert.equal(writer.countRows().resources, 50, "rows up to the checkpoint survived; later uncommitted ones did not");
});

test("a writer used out of turn stops the sync with one typed line naming the file", async (t) => {
  const target = path.join(tempFolder(t), "sync.c1z");
  const writer = await C1zWriter.open(target);
  const refused = (run: () => void, problem: RegExp): void => {
    assert.throws(run, (error: unknown) => {
      assert.ok(isIdsyncError(error), `an IdsyncError, got ${String(error)}`);
      assert.equal(error.kind, "sync-failed");
      assert.equal(exitCodeFor(error), EXIT_CODES.syncFailed);
      assert.ok(error.message.startsWith(`${target}: `), error.message);
      assert.match(error.message, problem);
      assert.ok(error.hint, "with a hint");
      return true;
    });
  };
  refused(() => writer.putResources(users(0, 1)), /no sync is being written$/);
  refused(
    () => writer.resumeSync("2a0000000000000000000000000"),
    /holds no sync 2a0000000000000000000000000 to resume$/,
  );
  writer.startSync();
  refused(() => writer.startSync(), /is still being written$/);
  writer.discard();
  refused(() => writer.putResources(users(0, 1)), /the c1z writer is closed$/);
});
