/**
 * @module
 * `idsync export csv|json -f FILE [-f FILE…] [--app NAME…] [--out PATH] [--raw]`: one row per
 * grant, across one or more c1z files, for spreadsheets and warehouses. Rows stream: a million
 * grants never sit in memory. `--out` writes atomically (temp file, then rename), mode 0600,
 * since the rows name people. CSV cells that a spreadsheet would run as formulas get a leading
 * `'` unless `--raw`: the names in them are whatever SaaS users typed.
 */
import fs from "node:fs";
import path from "node:path";
import {
  checkFileToWrite,
  commitTemp,
  ConfigError,
  countOf,
  createTempBeside,
  discardTemp,
  EXIT_CODES,
  removeLeftoverTemps,
  restateDiskFull,
} from "../../core/index.ts";
import { EXPORT_COLUMNS, exportRowParts } from "../../review/index.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import type { CliIo, OutputStream } from "../io.ts";
import { csvLine, type CsvOptions } from "../../review/index.ts";
import { OutputClosedError, Sink } from "../output/sink.ts";
import { ExportLines, type ExportFormat } from "./_export-lines.ts";
import {
  appInputs,
  DECODE_FLAG,
  DEFAULT_FILE,
  pickSync,
  readOptions,
  withReader,
  type ReadOptions,
} from "./_reading.ts";

const COMMAND = "idsync export";
const USAGE = "csv|json -f FILE [-f FILE…] [--app NAME…] [--out PATH] [--sync-id ID] [--raw]";
const FLAGS = {
  file: {
    type: "string",
    short: "f",
    value: "PATH",
    multiple: true,
    description: "a c1z file to export (repeat for several)",
    default: DEFAULT_FILE,
  },
  app: {
    type: "string",
    value: "NAME",
    multiple: true,
    description:
      "the app of each -f, in the same order (default: from the file name, clockify.c1z → clockify, baton-env0.c1z → env0)",
  },
  out: {
    type: "string",
    value: "PATH",
    description: "write here instead of stdout (created mode 0600, replaced atomically)",
  },
  "sync-id": { type: "string", value: "ID", description: "the sync to export (only with one file)" },
  raw: {
    type: "boolean",
    description:
      "write cells exactly as stored, without the leading quote that stops spreadsheets from running formulas",
  },
  ...DECODE_FLAG,
} as const;

export const exportCommand = defineCommand({
  name: COMMAND,
  summary: "one row per grant as CSV or JSON, across c1z files",
  usage: [USAGE],
  description:
    "Write one row per grant: principal (id, name, email, account type, status, last login), resource, entitlement, how it is held, and the app — from one or more c1z files.",
  arguments: [
    {
      name: "csv",
      description:
        "RFC 4180: header row, CRLF line ends, quoted where needed; a cell that starts with = + - @, TAB or CR gets a leading ' so spreadsheets show it as text instead of running it as a formula",
    },
    { name: "json", description: "one JSON array, one row object per line" },
  ],
  flags: FLAGS,
  footer: `Columns: ${EXPORT_COLUMNS.join(", ")}`,
  run: ({ values, positionals }, io) => exportGrants(values, positionals, io),
});

/** Writes the rows to `stream`; returns how many. */
async function writeRows(
  stream: OutputStream,
  format: ExportFormat,
  csv: CsvOptions,
  files: Array<{ file: string; app: string }>,
  syncId: string | undefined,
  read: ReadOptions,
  io: CliIo,
): Promise<number> {
  const sink = new Sink(stream, io.signal);
  const lines = new ExportLines(format, csv);
  let count = 0;
  let started = false;
  try {
    for (const { file, app } of files) {
      await withReader(file, read, async (reader) => {
        const sync = pickSync(reader, syncId, io);
        // The header waits until a file has opened, so an unreadable first file prints nothing.
        if (!started) await sink.write(format === "csv" ? csvLine(EXPORT_COLUMNS) : "[");
        started = true;
        for (const row of exportRowParts(reader, sync.id, app)) {
          const line = lines.line(row);
          if (sink.add(format === "csv" ? line : `${count === 0 ? "\n" : ",\n"}${line}`)) await sink.flush();
          count++;
        }
      });
    }
    if (format === "json") await sink.write(count === 0 ? "]\n" : "\n]\n");
  } catch (error) {
    if (!(error instanceof OutputClosedError)) throw error;
  } finally {
    await sink.end();
  }
  return count;
}

/**
 * Writes to a new temp file beside `target` (exclusive, mode 0600, unpredictable name), then
 * renames it over `target`: readers see the old file or the whole new one. Temp files a killed
 * export left for `target` are removed first; a full disk is named as such.
 */
async function writeAtomically(target: string, write: (stream: OutputStream) => Promise<number>): Promise<number> {
  const folder = path.dirname(path.resolve(target));
  if (!fs.existsSync(folder)) throw new ConfigError(`cannot write ${target}: the folder ${folder} does not exist`);
  removeLeftoverTemps(target);
  // Created here, synchronously, so a failure below can remove it knowing nothing reopens it later.
  const temp = createTempBeside(target);
  const stream = fs.createWriteStream(temp.path, { fd: temp.fd });
  try {
    const count = await write(stream);
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => resolve());
    });
    commitTemp(temp.path, target);
    return count;
  } catch (error) {
    stream.destroy();
    discardTemp(temp.path);
    throw restateDiskFull(error, target);
  }
}

async function exportGrants(
  values: FlagValues<typeof FLAGS>,
  positionals: readonly string[],
  io: CliIo,
): Promise<number> {
  const [format, ...extra] = positionals;
  if (format !== "csv" && format !== "json")
    throw new ConfigError("name the format: idsync export csv or idsync export json", {
      hint: `Usage: ${COMMAND} ${USAGE}`,
    });
  if (extra.length > 0)
    throw new ConfigError(`unexpected argument "${extra.join(" ")}"`, { hint: "give files with -f, once per file" });
  const inputs = appInputs(values.file, values.app, values["sync-id"]);
  // Before reading a row: an --out that cannot be written fails now, not after the whole export.
  if (values.out !== undefined) checkFileToWrite(values.out, { setting: "out", exampleName: `access.${format}` });
  const read = readOptions(values, io);
  const write = (stream: OutputStream) =>
    writeRows(stream, format, { guardFormulas: !values.raw }, inputs, values["sync-id"], read, io);
  if (values.out === undefined) {
    await write(io.stdout);
    return EXIT_CODES.ok;
  }
  const count = await writeAtomically(values.out, write);
  io.stderr.write(`exported ${countOf(count, "grant")} to ${values.out}\n`);
  return EXIT_CODES.ok;
}
