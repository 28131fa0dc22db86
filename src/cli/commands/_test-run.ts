/**
 * @module
 * Test support for the reading commands: run `idsync …` in-process with captured output, and
 * the tenant files the tests read.
 */
import path from "node:path";
import { after, before, type TestContext } from "node:test";
import { C1zReader } from "../../core/index.ts";
import { tempFolder, writeTenant } from "../../review/_test-tenant.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";

export { BATON_EXPANDED, BATON_SYNC_ID, BATON_UNEXPANDED } from "../../review/_test-tenant.ts";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  args: string[],
  options: { columns?: number; signal?: AbortSignal } = {},
): Promise<RunResult> {
  const stdout = captureStream({ isTTY: options.columns !== undefined });
  if (options.columns !== undefined) stdout.columns = options.columns;
  const stderr = captureStream();
  const code = await runIdsync(args, {
    stdout,
    stderr,
    env: {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs and parses stdout as JSON, failing loudly when the command failed. */
export async function runJson(args: string[]): Promise<unknown> {
  const result = await run([...args, "-o", "json"]);
  if (result.code !== 0) throw new Error(`idsync ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

export interface TenantFiles {
  folder: string;
  /** Two syncs: generation 1, then generation 2 (the latest). */
  twoSyncs: string;
  /** Generation 1 alone, expanded. */
  january: string;
  /** Generation 1 alone, not expanded. */
  unexpanded: string;
  /** The sync ids: [older, newer] of `twoSyncs`, and those of the single-sync files. */
  ids: { older: string; newer: string; january: string; unexpanded: string };
}

/** Writes the tenant files of `review/_test-tenant.ts` into a temp folder removed after the test. */
export async function tenantFiles(t: Pick<TestContext, "after">): Promise<TenantFiles> {
  const folder = tempFolder(t);
  const twoSyncs = path.join(folder, "clockify.c1z");
  const january = path.join(folder, "january.c1z");
  const unexpanded = path.join(folder, "unexpanded.c1z");
  const older = await writeTenant(twoSyncs, { generation: 1 });
  const newer = await writeTenant(twoSyncs, { generation: 2 });
  return {
    folder,
    twoSyncs,
    january,
    unexpanded,
    ids: {
      older,
      newer,
      january: await writeTenant(january, { generation: 1 }),
      unexpanded: await writeTenant(unexpanded, { generation: 1, expand: false }),
    },
  };
}

/** The sync shown by default in `file` (for checking output that names it). */
export async function defaultSync(file: string): Promise<string> {
  const reader = await C1zReader.open(file);
  try {
    return reader.resolveSyncId();
  } finally {
    reader.close();
  }
}

/**
 * Writes the tenant files once for a whole test file (in a `before` hook) and removes them
 * when it ends. Returns a getter, since the files exist only once the hook has run.
 */
export function useTenantFiles(): () => TenantFiles {
  let files: TenantFiles | undefined;
  const cleanups: Array<() => void> = [];
  before(async () => {
    files = await tenantFiles({ after: (cleanup) => void cleanups.push(cleanup as () => void) });
  });
  after(() => {
    for (const cleanup of cleanups) cleanup();
  });
  return () => files!;
}
