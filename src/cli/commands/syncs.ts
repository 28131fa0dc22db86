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
import { defineCommand } from "../command.ts";
import { DECODE_FLAG, readingInputs, READ_FLAGS, terminalWidth, toStdout, withReader } from "./_reading.ts";

export const syncsCommand = defineCommand({
  name: "idsync syncs",
  summary: "list the syncs in a c1z file",
  usage: ["[-f FILE] [-o console|json]"],
  description: "List the syncs in a c1z file, newest first; * marks the one other commands read by default.",
  flags: { file: READ_FLAGS.file, output: READ_FLAGS.output, ...DECODE_FLAG },
  run: (parsed, io) => listSyncs(readingInputs(parsed.values, io), io),
});

async function listSyncs({ format, file, read }: ReturnType<typeof readingInputs>, io: CliIo): Promise<number> {
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
        await table.add([
          run.id === shown ? "*" : "",
          run.id,
          run.type,
          minute(run.startedAt),
          run.endedAt ? minute(run.endedAt) : "unfinished",
        ]);
      }
      await table.end(
        runs.length > 0 ? `${countOf(runs.length, "sync")}; * = read by default` : "no syncs in the file",
      );
    });
  });
  return EXIT_CODES.ok;
}
