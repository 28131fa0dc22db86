/**
 * A disk that fills up during a sync or its save: the error names the folder that is full
 * (exit code 9), no cleanup on the same full disk hides it, what the sync made is removed (the
 * working database would keep the disk full), and the previous file stays byte for byte.
 * The disk is filled through the writer's fault seams: SQLite's own "database or disk is full"
 * from a capped working database, and an ENOSPC from the stream writing the packed file.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import {
  createLogger,
  EXIT_CODES,
  exitCodeFor,
  LocalFileError,
  syncToFile,
  type WriterTestHooks,
} from "../../src/core/index.ts";
import { captureStream } from "../../src/cli/io.ts";
import { FAST_HTTP, tempDir } from "../../src/testkit/index.ts";
import { directoryData, startDirectoryServer, type DirectoryServer } from "./_directory-api.ts";
import { directoryConnector } from "./_directory-connector.ts";

async function directory(t: TestContext): Promise<DirectoryServer> {
  const api = await startDirectoryServer(directoryData(300, 12));
  t.after(() => api.close());
  return api;
}

function sync(api: DirectoryServer, file: string, hooks?: WriterTestHooks) {
  const log = captureStream();
  const connector = directoryConnector(
    { apiKey: api.apiKey, baseUrl: api.origin },
    { logger: createLogger({ level: "error", format: "json", stream: captureStream() }), http: FAST_HTTP },
  );
  const logger = createLogger({ level: "info", format: "json", stream: log });
  return { log, done: syncToFile({ connector, file, logger, ...(hooks ? { _writerTestHooks: hooks } : {}) }) };
}

const ENOSPC = (): Error =>
  Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });

const cases: Array<{ name: string; hooks: WriterTestHooks }> = [
  // Capped at the pages the previous sync's database already has: the new sync's rows do not fit.
  { name: "while syncing (SQLite: database or disk is full)", hooks: { maxPageCount: 1 } },
  {
    name: "while saving (ENOSPC writing the packed file)",
    hooks: {
      onCompressedChunk: () => {
        throw ENOSPC();
      },
    },
  },
];

for (const { name, hooks } of cases) {
  test(`a full disk ${name} names the full folder, removes what the sync made and keeps the old file`, async (t) => {
    const api = await directory(t);
    const folder = tempDir(t);
    const file = join(folder, "sync.c1z");
    await sync(api, file).done;
    const before = readFileSync(file);

    const { log, done } = sync(api, file, hooks);
    const error = await done.then(
      () => assert.fail("the sync should fail"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof LocalFileError, `a LocalFileError, not ${String(error)}`);
    assert.equal(
      error.message,
      `no space left on the disk holding ${folder} (writing ${name.includes("saving") ? "sync.c1z" : ".sync.c1z.idsync-wip.db"})`,
    );
    assert.ok(error.hint);
    assert.equal(exitCodeFor(error), EXIT_CODES.localFile);
    assert.ok(readFileSync(file).equals(before), "the previous file is byte for byte as it was");
    assert.deepStrictEqual(readdirSync(folder), ["sync.c1z"], "no working database, temp file or lock is left");
    assert.ok(!log.text().includes("could not close"), "the cleanup did not fail");

    // Space freed: the next run syncs from scratch and saves.
    await sync(api, file).done;
    assert.ok(!readFileSync(file).equals(before));
  });
}
