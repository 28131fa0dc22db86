import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, type TestContext } from "node:test";
import { LocalFileError } from "../errors/index.ts";
import {
  commitTemp,
  createExclusive,
  createTempBeside,
  discardTemp,
  replaceFile,
  restateDiskFull,
  removeLeftoverTemps,
} from "./index.ts";

function folderFor(t: TestContext): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-files-test-"));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A pid that existed and is gone: a child that ran and was reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  assert.ok(child.pid);
  return child.pid;
}

function plantVictim(folder: string): string {
  const victim = path.join(folder, "victim.txt");
  fs.writeFileSync(victim, "precious\n");
  return victim;
}

test("a new file is created exclusively: never through a symlink, never over an existing file, mode 0600", (t) => {
  const folder = folderFor(t);
  const victim = plantVictim(folder);
  const link = path.join(folder, "planted");
  fs.symlinkSync(victim, link);
  assert.throws(() => createExclusive(link), { code: "EEXIST" });
  const dangling = path.join(folder, "dangling");
  fs.symlinkSync(path.join(folder, "not-yet"), dangling);
  assert.throws(() => createExclusive(dangling), { code: "EEXIST" });
  assert.ok(!fs.existsSync(path.join(folder, "not-yet")), "the dangling link's target was not created");
  assert.throws(() => createExclusive(victim), { code: "EEXIST" });
  assert.equal(fs.readFileSync(victim, "utf8"), "precious\n");

  const fresh = path.join(folder, "fresh");
  fs.closeSync(createExclusive(fresh));
  assert.equal(fs.statSync(fresh).mode & 0o777, 0o600);
});

test("temp names are unpredictable and carry the pid", (t) => {
  const folder = folderFor(t);
  const target = path.join(folder, "out.csv");
  const a = createTempBeside(target);
  const b = createTempBeside(target);
  fs.closeSync(a.fd);
  fs.closeSync(b.fd);
  assert.notEqual(a.path, b.path);
  for (const temp of [a.path, b.path]) {
    assert.match(path.basename(temp), new RegExp(`^\\.out\\.csv\\.${process.pid}\\.[0-9a-f]{16}\\.idsync-tmp$`));
    assert.equal(path.dirname(temp), folder);
  }
  commitTemp(a.path, target);
  discardTemp(b.path);
  assert.deepStrictEqual(fs.readdirSync(folder), ["out.csv"]);
});

test("replaceFile replaces a symlink at the target instead of writing through it", (t) => {
  const folder = folderFor(t);
  const victim = plantVictim(folder);
  const target = path.join(folder, "state.json");
  fs.symlinkSync(victim, target);
  replaceFile(target, "{}\n");
  assert.equal(fs.readFileSync(victim, "utf8"), "precious\n");
  assert.ok(fs.lstatSync(target).isFile());
  assert.equal(fs.readFileSync(target, "utf8"), "{}\n");
  assert.equal(fs.statSync(target).mode & 0o777, 0o600);
  assert.deepStrictEqual(fs.readdirSync(folder).sort(), ["state.json", "victim.txt"]);
});

test("the leftover sweep removes a dead process's temp files and ours not in use, nothing else", (t) => {
  const folder = folderFor(t);
  const target = path.join(folder, "sync.c1z");
  const dead = deadPid();
  const live = process.ppid;
  const inUse = createTempBeside(target);
  t.after(() => fs.closeSync(inUse.fd));
  const make = (name: string): string => {
    fs.writeFileSync(path.join(folder, name), "x");
    return name;
  };
  const leftovers = [
    make(`.sync.c1z.${dead}.1765000000000.idsync-tmp`), // the older name: time in ms
    make(`.sync.c1z.${dead}.0123456789abcdef.idsync-tmp`),
    make(`.sync.c1z.${process.pid}.fedcba9876543210.idsync-tmp`), // ours, from before a restart
  ];
  const kept = [
    make(`.sync.c1z.${live}.0123456789abcdef.idsync-tmp`), // a live process's
    make(`.other.c1z.${dead}.0123456789abcdef.idsync-tmp`), // another target's
    make(`.sync.c1z.${dead}.tmp`), // not a name we make
    make(`sync.c1z.${dead}.0123456789abcdef.idsync-tmp`),
    path.basename(inUse.path), // being written by this process
  ];
  fs.mkdirSync(path.join(folder, `.sync.c1z.${dead}.abcdef.idsync-tmp`));
  kept.push(`.sync.c1z.${dead}.abcdef.idsync-tmp`); // a folder is never ours

  const removed = removeLeftoverTemps(target).map((file) => path.basename(file));
  assert.deepStrictEqual(removed.sort(), leftovers.sort());
  assert.deepStrictEqual(fs.readdirSync(folder).sort(), kept.sort());
});

test("a full disk is restated with the folder that is full; other errors pass through", () => {
  const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), {
    code: "ENOSPC",
    errno: -28,
    syscall: "write",
  });
  const sqliteFull = Object.assign(new Error("database or disk is full"), { code: "ERR_SQLITE_ERROR", errcode: 13 });
  for (const cause of [enospc, sqliteFull]) {
    const restated = restateDiskFull(cause, "/srv/access/sync.c1z");
    assert.ok(restated instanceof LocalFileError);
    assert.equal(restated.kind, "local-file");
    assert.equal(restated.message, "no space left on the disk holding /srv/access (writing sync.c1z)");
    assert.equal(restated.cause, cause);
  }
  const other = Object.assign(new Error("EACCES"), { code: "EACCES" });
  assert.equal(restateDiskFull(other, "/srv/access/sync.c1z"), other);
});
