import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it, type TestContext } from "node:test";
import { checkFileToRead, checkFileToWrite, checkFolderToWrite, folderRefusal } from "./local-paths.ts";
import { isIdsyncError } from "./errors/index.ts";
import { tempDir } from "../testkit/index.ts";

/** Root may write any folder whatever its mode: the chmod cases cannot refuse it. */
const CHMOD_SKIP = process.getuid?.() === 0 ? "runs as root, which file modes do not stop" : false;

function refusal(check: () => void): { message: string; hint: string | undefined } {
  try {
    check();
  } catch (error) {
    assert.ok(isIdsyncError(error), `a typed error, got ${String(error)}`);
    assert.equal(error.kind, "invalid-config");
    assert.ok(!error.message.includes("\n"), "one line");
    return { message: error.message, hint: error.hint };
  }
  assert.fail("the check passed");
}

/** A folder of the test's own, plus a file in it. */
function layout(t: TestContext): { folder: string; file: string } {
  const folder = tempDir(t);
  const file = path.join(folder, "plain.txt");
  fs.writeFileSync(file, "x");
  return { folder, file };
}

/** Runs `check` while `folder` has `mode`, then gives it back its rights so the test can remove it. */
function withMode(folder: string, mode: number, check: () => void): void {
  fs.chmodSync(folder, mode);
  try {
    check();
  } finally {
    fs.chmodSync(folder, 0o700);
  }
}

describe("checkFileToWrite", () => {
  it("accepts a new file in a folder this user can write, and an existing readable one", (t) => {
    const { folder, file } = layout(t);
    checkFileToWrite(path.join(folder, "new.c1z"), { setting: "file", readsExisting: true });
    checkFileToWrite(file, { setting: "file", readsExisting: true });
  });

  it("refuses a folder (EISDIR), with a file path inside it as the example", (t) => {
    const { folder } = layout(t);
    const { message, hint } = refusal(() => checkFileToWrite(folder, { setting: "out", exampleName: "access.csv" }));
    assert.equal(message, `cannot write ${folder}: it is a folder, and --out names the file to write`);
    assert.equal(hint, `give a file path, e.g. --out ${path.join(folder, "access.csv")}`);
  });

  it("refuses a missing folder, and a path that goes through a file (ENOTDIR)", (t) => {
    const { folder, file } = layout(t);
    const missing = path.join(folder, "nowhere", "sync.c1z");
    assert.deepEqual(
      refusal(() => checkFileToWrite(missing, { setting: "file" })),
      {
        message: `cannot write ${missing}: the folder ${path.join(folder, "nowhere")} does not exist`,
        hint: "create it first, or choose another --file",
      },
    );
    const underFile = path.join(file, "deeper", "sync.c1z");
    assert.deepEqual(
      refusal(() => checkFileToWrite(underFile, { setting: "file" })),
      {
        message: `cannot write ${underFile}: ${file} is a file, not a folder`,
        hint: "choose another --file",
      },
    );
  });

  it("refuses a folder this user may not write (EACCES)", { skip: CHMOD_SKIP }, (t) => {
    const readOnly = layout(t).folder;
    const target = path.join(readOnly, "sync.c1z");
    withMode(readOnly, 0o555, () => {
      assert.deepEqual(
        refusal(() => checkFileToWrite(target, { setting: "file" })),
        {
          message: `cannot write ${target}: this user may not create files in ${readOnly} (EACCES)`,
          hint: `choose another --file in a folder this user can write, or give it write access to ${readOnly}`,
        },
      );
    });
  });

  it("refuses an existing file it must read first but may not (EACCES)", { skip: CHMOD_SKIP }, (t) => {
    const { file } = layout(t);
    fs.chmodSync(file, 0o200);
    assert.deepEqual(
      refusal(() => checkFileToWrite(file, { setting: "file", readsExisting: true })),
      {
        message: `cannot read ${file} (EACCES), which is read first to keep its previous sync`,
        hint: `give this user read access to ${file}, or choose another --file`,
      },
    );
    checkFileToWrite(file, { setting: "out" }); // replaced by a rename, never read: fine
  });

  it("names a folder on a read-only file system (EROFS) as such", () => {
    // No read-only mount can be made without root; the wording is what access(2)'s EROFS maps to.
    assert.deepEqual(folderRefusal("/mnt/ro", "EROFS", "choose another --file"), {
      reason: "/mnt/ro is on a read-only file system (EROFS)",
      hint: "choose another --file on a writable disk",
    });
    assert.match(
      folderRefusal("/srv", "EPERM", "choose another --out").reason,
      /^this user may not create files in \/srv \(EPERM\)$/,
    );
  });
});

describe("checkFolderToWrite", () => {
  it("accepts an existing folder, and a missing one it can create, however deep", (t) => {
    const { folder } = layout(t);
    checkFolderToWrite(folder, { setting: "c1z-temp-dir" });
    checkFolderToWrite(path.join(folder, "a", "b"), { setting: "c1z-temp-dir" });
  });

  it("refuses a file, and a folder under a file", (t) => {
    const { file } = layout(t);
    assert.deepEqual(
      refusal(() => checkFolderToWrite(file, { setting: "c1z-temp-dir" })),
      {
        message: `cannot use ${file}: ${file} is a file, not a folder`,
        hint: "choose another --c1z-temp-dir",
      },
    );
    assert.match(
      refusal(() => checkFolderToWrite(path.join(file, "tmp"), { setting: "out" })).message,
      /is a file, not a folder$/,
    );
  });

  it("refuses a missing folder whose parent this user may not write (EACCES)", { skip: CHMOD_SKIP }, (t) => {
    const readOnly = layout(t).folder;
    withMode(readOnly, 0o555, () => {
      assert.equal(
        refusal(() => checkFolderToWrite(path.join(readOnly, "tmp"), { setting: "c1z-temp-dir" })).message,
        `cannot use ${path.join(readOnly, "tmp")}: this user may not create files in ${readOnly} (EACCES)`,
      );
    });
  });
});

describe("checkFileToRead", () => {
  it("accepts a readable file", (t) => {
    checkFileToRead(layout(t).file, { setting: "file" });
  });

  it("refuses a missing file, one under a file, and a folder", (t) => {
    const { folder, file } = layout(t);
    for (const missing of [path.join(folder, "missing.c1z"), path.join(file, "x.c1z")]) {
      assert.deepEqual(
        refusal(() => checkFileToRead(missing, { setting: "file" })),
        {
          message: `${missing}: the file does not exist`,
          hint: "check the path given with --file",
        },
      );
    }
    assert.deepEqual(
      refusal(() => checkFileToRead(folder, { setting: "file" })),
      {
        message: `${folder}: is a folder, not a c1z file`,
        hint: "give --file the path of a c1z file",
      },
    );
  });

  it("refuses a file this user may not read, and one in a folder it may not enter", { skip: CHMOD_SKIP }, (t) => {
    const { folder, file } = layout(t);
    fs.chmodSync(file, 0o200);
    assert.equal(
      refusal(() => checkFileToRead(file, { setting: "file" })).message,
      `${file}: this user may not read it (EACCES)`,
    );
    const inside = path.join(folder, "in.c1z");
    fs.writeFileSync(inside, "x");
    withMode(folder, 0o000, () => {
      assert.equal(
        refusal(() => checkFileToRead(inside, { setting: "file" })).message,
        `${inside}: cannot be reached by this user (EACCES)`,
      );
    });
  });
});
