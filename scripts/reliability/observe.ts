/**
 * @module
 * What a run left behind, read back: the rows of a file's latest full sync, whether a file is
 * byte for byte what it was, the one-line message a command ended with, and whether any secret
 * or stack trace got out.
 */
import { existsSync, readFileSync } from "node:fs";
import { zstdDecompressSync } from "node:zlib";
import { C1zReader, type ConnectorDefinition } from "../../src/core/index.ts";

/** Every row of the file's latest full sync as JSON text, sorted: the API's order is not the question. */
export async function rowsOf(file: string): Promise<string[]> {
  const reader = await C1zReader.open(file);
  try {
    const syncId = reader.resolveSyncId();
    return [
      ...[...reader.resources(syncId)].map((row) => JSON.stringify(row)),
      ...[...reader.entitlements(syncId)].map((row) => JSON.stringify(row)),
      ...[...reader.grants(syncId)].map((row) => JSON.stringify(row)),
    ].sort();
  } finally {
    reader.close();
  }
}

export function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((row, index) => row === b[index]);
}

export function bytesOf(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** The secret values among a connector's settings. */
export function secretsOf(definition: ConnectorDefinition, settings: Record<string, string>): string[] {
  return definition.settings.fields
    .filter((field) => field.secret && settings[field.name])
    .map((field) => settings[field.name]!);
}

/** A c1z's database as text, to search for secrets; the file's own bytes when it is not one. */
export function c1zText(bytes: Buffer): string {
  try {
    return zstdDecompressSync(bytes.subarray(5)).toString("latin1");
  } catch {
    return bytes.toString("latin1");
  }
}

/**
 * The last `error: …` or `hint: …` line a command wrote, if any, without its label and with what
 * changes between runs replaced.
 */
export function labelledLine(
  stderr: string,
  label: "error" | "hint",
  replacements: ReadonlyArray<readonly [string, string]>,
): string | undefined {
  const line = stderr.split("\n").findLast((candidate) => candidate.startsWith(`${label}: `));
  if (line === undefined) return undefined;
  let text = line.slice(label.length + 2);
  for (const [from, to] of replacements) text = text.split(from).join(to);
  return text;
}

export function hasStackTrace(output: string): boolean {
  return /^\s+at /m.test(output);
}
