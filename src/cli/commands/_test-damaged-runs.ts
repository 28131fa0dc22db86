/**
 * @module
 * Test support: every reading command over damaged copies of good c1z files. Each run may
 * read the file (exit 0) or refuse it with one `error:` line naming the file and an optional
 * hint (exit 6); never exit 1, never a stack trace, never a bare decoder message.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DAMAGES, damagedCopies } from "../../testkit/damage.ts";
import { run, type RunResult } from "./_test-run.ts";

/** Each command, given the damaged file and the good file it was made from (for `diff`). */
export const READING_COMMANDS: ReadonlyArray<(file: string, good: string) => string[]> = [
  (file) => ["resource-types", "-f", file],
  (file) => ["resources", "-f", file, "-o", "json"],
  (file) => ["entitlements", "-f", file],
  (file) => ["grants", "-f", file, "-o", "json"],
  (file) => ["access", "-f", file, "-p", "user:u-alice"],
  (file) => ["stats", "-f", file],
  (file) => ["syncs", "-f", file, "-o", "json"],
  (file) => ["diff", file],
  (file, good) => ["diff", good, file],
  (file) => ["export", "json", "-f", file],
  (file) => ["review", "-f", file],
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `goodCode` is what the command gives for the undamaged file: a usage answer there (e.g.
 * `diff` of a file with one sync, exit 2) may stay the answer for a damaged copy. With
 * `mustRefuse`, only a refusal (exit 6) will do.
 */
export function assertReadOrRefused(
  result: RunResult,
  file: string,
  label: string,
  goodCode = 0,
  mustRefuse = false,
): void {
  const { code, stderr } = result;
  if (mustRefuse) assert.equal(code, 6, `${label}: must be refused, got exit ${code}\n${stderr}`);
  assert.ok(code === 0 || code === 6 || code === goodCode, `${label}: exit ${code}\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at /m, `${label}: a stack trace\n${stderr}`);
  if (code === 6) {
    const refusal = new RegExp(`^(note: [^\\n]+\\n)*error: ${escape(file)}: [^\\n]+\\n(hint: [^\\n]+\\n)?$`);
    assert.match(stderr, refusal, `${label}: not one line naming the file`);
  }
}

export interface SweepOptions {
  /** Damaged copies of each source: each damage kind in turn, then again with new seeds. */
  copies: number;
  firstSeed: number;
  /**
   * How many of the commands run over each copy, rotating so that every command meets every
   * kind of damage across a few copies. @default all of them
   */
  commandsPerCopy?: number;
}

/** Damages each source and runs the commands over the copies; returns the counts of each exit. */
export async function sweepDamagedFiles(
  sources: readonly string[],
  folder: string,
  options: SweepOptions,
): Promise<{ read: number; refused: number }> {
  const counts = { read: 0, refused: 0 };
  const perCopy = options.commandsPerCopy ?? READING_COMMANDS.length;
  let rotation = 0;
  for (const [index, source] of sources.entries()) {
    const goodCodes: number[] = [];
    for (const command of READING_COMMANDS) goodCodes.push((await run(command(source, source))).code);
    const sourceFolder = path.join(folder, `source-${index}`);
    fs.mkdirSync(sourceFolder, { recursive: true });
    for (const { file, damage, mustRefuse } of damagedCopies(
      source,
      sourceFolder,
      options.copies,
      options.firstSeed + index * 100_000,
    )) {
      for (let i = 0; i < perCopy; i++) {
        const which = (rotation + i) % READING_COMMANDS.length;
        const args = READING_COMMANDS[which]!(file, source);
        const result = await run(args);
        assertReadOrRefused(result, file, `idsync ${args.join(" ")} [${damage}]`, goodCodes[which], mustRefuse);
        if (result.code === 0) counts.read++;
        else counts.refused++;
      }
      rotation += perCopy;
      fs.rmSync(file, { force: true });
    }
  }
  return counts;
}

export const DAMAGE_KINDS = DAMAGES.length;
