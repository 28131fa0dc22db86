/**
 * @module
 * What every c1z-reading command shares: the `-f/--sync-id/-o` flags, opening the file (a
 * missing file is a usage error, exit 2; a damaged or Pebble one exit 6), choosing the sync
 * with a note on stderr when it is not a finished one, and closing the reader however the
 * command ends.
 */
import {
  countOf,
  C1zReader,
  ConfigError,
  parseResourceKey,
  type C1zReaderOptions,
  type ResourceId,
  type SyncRun,
} from "../../core/index.ts";
import { appNameFromPath, chooseSync } from "../../review/index.ts";
import type { FlagSpecs } from "../command.ts";
import { readLimit } from "../global-flags.ts";
import type { CliIo } from "../io.ts";
import { OutputClosedError, Sink } from "../output/sink.ts";
import { closestChoices } from "../choices.ts";

/** Baton's default file name (`--file`, `pkg/field/defaults.go`). */
export const DEFAULT_FILE = "sync.c1z";

/** `--max-decoded-size`, which every command that reads c1z files takes. */
export const DECODE_FLAG = {
  "max-decoded-size": {
    type: "string",
    value: "SIZE",
    description: "the most a file may decompress to: MiB, or 512MiB, 20GiB…",
    notes: ["default 10GiB"],
    env: "BATON_MAX_DECODED_SIZE",
  },
} as const satisfies FlagSpecs;

/** The flags of a command that reads one sync of one file. */
export const READ_FLAGS = {
  file: { type: "string", short: "f", value: "PATH", description: "the c1z file to read", default: DEFAULT_FILE },
  "sync-id": {
    type: "string",
    value: "ID",
    description: "read this sync (default: the latest finished full sync; see `idsync syncs`)",
  },
  output: {
    type: "string",
    short: "o",
    value: "FORMAT",
    description: "how to print",
    choices: ["console", "json"],
    default: "console",
  },
  ...DECODE_FLAG,
} as const satisfies FlagSpecs;

/** The values of READ_FLAGS' `-o`, checked by the parser. */
export type OutputFormat = "console" | "json";

/** How a command opens files: the decoded-size limit of `--max-decoded-size`. */
export type ReadOptions = Pick<C1zReaderOptions, "maxDecodedBytes">;

/** The ReadOptions of a command's parsed flags (with DECODE_FLAG) and its environment. */
export function readOptions(values: Readonly<Record<string, unknown>>, io: CliIo): ReadOptions {
  return readLimit(values, io.env);
}

/** Opens `file`; every reason it cannot be read is one line naming it. */
export async function openC1z(file: string, read: ReadOptions): Promise<C1zReader> {
  return C1zReader.open(file, read);
}

/** Runs `action` with the file open and closes it (removing its decompressed copy) afterwards. */
export async function withReader<T>(
  file: string,
  read: ReadOptions,
  action: (reader: C1zReader) => Promise<T>,
): Promise<T> {
  const reader = await openC1z(file, read);
  try {
    return await action(reader);
  } finally {
    reader.close();
  }
}

/** The sync to show; a note goes to stderr when it is not a finished full sync chosen by Baton's rule. */
export function pickSync(reader: C1zReader, explicit: string | undefined, io: CliIo): SyncRun {
  const chosen = chooseSync(reader, explicit);
  if (chosen.note) io.stderr.write(`${chosen.note}\n`);
  return chosen.run;
}

/** Refuses a -t naming a type the sync does not have, rather than listing nothing. */
export function checkResourceType(reader: C1zReader, syncId: string, type: string | undefined): void {
  if (type === undefined || reader.getResourceType(syncId, type)) return;
  const known = [...reader.resourceTypes(syncId)].map((resourceType) => resourceType.id);
  throw new ConfigError(`sync ${syncId} has no resource type "${type}"`, {
    hint: known.length > 0 ? `its types are ${known.join(", ")}` : "the sync has no resource types",
  });
}

/**
 * Refuses an -e naming an entitlement the sync does not have, rather than answering "0 grants":
 * the hint names the closest ones it has. An entitlement only grants point at (a file whose
 * entitlements were not stored) still counts as there.
 */
export function checkEntitlement(reader: C1zReader, syncId: string, id: string | undefined): void {
  if (id === undefined || reader.getEntitlement(syncId, id)) return;
  for (const _grant of reader.grants(syncId, { entitlementId: id })) return;
  const ids = (function* () {
    for (const entitlement of reader.entitlements(syncId)) yield entitlement.id;
  })();
  throw new ConfigError(`sync ${syncId} has no entitlement "${id}"`, { hint: closestChoices(id, ids) });
}

/** `TYPE:ID` from -p, with the id free to hold colons. */
export function principalFlag(value: string): ResourceId {
  const id = parseResourceKey(value);
  if (!id) throw new ConfigError(`-p must be TYPE:ID (e.g. user:42), got "${value}"`);
  return id;
}

/** The width to fit tables to: the terminal's, when stdout is one. */
export function terminalWidth(io: CliIo): number | undefined {
  return io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : undefined;
}

/**
 * Runs `write` against a sink on stdout and flushes it, even when `write` fails. A reader
 * that stops reading (`| head`) ends the output early, and that is not an error.
 */
export async function toStdout(io: CliIo, write: (sink: Sink) => Promise<void>): Promise<void> {
  const sink = new Sink(io.stdout, io.signal);
  try {
    await write(sink);
  } catch (error) {
    if (!(error instanceof OutputClosedError)) throw error;
  } finally {
    await sink.end();
  }
}

/** What a reading command takes from READ_FLAGS: the format, the file and how to open it. */
export function readingInputs(
  values: { file: string; output: string; "max-decoded-size"?: string | undefined },
  io: CliIo,
): { format: OutputFormat; file: string; read: ReadOptions } {
  return { format: values.output as OutputFormat, file: values.file, read: readOptions(values, io) };
}

/**
 * The files of a command that reads several (`-f` repeated, default sync.c1z), each with its
 * app: the matching `--app`, else one read from the file name. `--sync-id` names a sync of
 * one file, so it takes exactly one.
 */
export function appInputs(
  files: readonly string[] | undefined,
  apps: readonly string[] | undefined,
  syncId: string | undefined,
): Array<{ file: string; app: string }> {
  const paths = files ?? [DEFAULT_FILE];
  const names = apps ?? [];
  if (names.length > 0 && names.length !== paths.length) {
    throw new ConfigError(`--app was given ${countOf(names.length, "time")} for ${countOf(paths.length, "file")}`, {
      hint: "give --app once per -f, in the same order, or not at all",
    });
  }
  if (syncId !== undefined && paths.length > 1) throw new ConfigError("--sync-id needs a single -f file");
  return paths.map((file, index) => ({ file, app: names[index] ?? appNameFromPath(file) }));
}
