/**
 * @module
 * `idsync syncs`: the syncs a file holds, newest first, marking the one reading commands show
 * when no --sync-id is given.
 */
import { countOf, EXIT_CODES } from "../../core/index.ts";
import { chooseSync, syncJson } from "../../review/index.ts";
import type { CliIo } from "../io.ts";
import { JsonListWriter } from "../output/json.ts";
import { TableWriter } from "../output/table.ts";
import { minute } from "../output/text.ts";
import { DECODE_FLAG, parseReadingFlags, READ_FLAGS, READ_FLAGS_HELP, terminalWidth, toStdout, withReader } from "./_reading.ts";

const COMMAND = "idsync syncs";
const USAGE = `Usage: ${COMMAND} [-f FILE] [-o console|json]

List the syncs in a c1z file, newest first; * marks the one other commands read by default.

${READ_FLAGS_HELP.split("\n").filter((line) => !line.includes("--sync-id")).join("\n")}
`;

export async function syncsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { output, file: fileFlag, help } = READ_FLAGS;
  const parsed = parseReadingFlags(argv, io, COMMAND, USAGE, { output, file: fileFlag, help, ...DECODE_FLAG });
  if (!parsed) return EXIT_CODES.ok;
  const { format, file, read } = parsed;
  await withReader(file, read, async (reader) => {
    const runs = reader.syncs();
    const shown = runs.length > 0 ? chooseSync(reader).run.id : undefined;
    await toStdout(io, async (sink) => {
      if (format === "json") {
        const list = new JsonListWriter(sink, "syncs", { file });
        for (const run of runs) await list.add({ ...syncJson(run), default: run.id === shown });
        await list.end({ count: list.count });
        return;
      }
      const table = new TableWriter(
        sink,
        [{ header: "" }, { header: "ID", id: true }, { header: "TYPE" }, { header: "STARTED" }, { header: "ENDED" }],
        terminalWidth(io),
      );
      for (const run of runs) {
        await table.add([run.id === shown ? "*" : "", run.id, run.type, minute(run.startedAt), run.endedAt ? minute(run.endedAt) : "unfinished"]);
      }
      await table.end(runs.length > 0 ? `${countOf(runs.length, "sync")}; * = read by default` : "no syncs in the file");
    });
  });
  return EXIT_CODES.ok;
}
