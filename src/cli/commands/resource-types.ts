/**
 * @module
 * `idsync resource-types`: the kinds of thing a sync holds (user, group, role…), with their
 * traits and how many resources of each.
 */
import { countOf, EXIT_CODES } from "../../core/index.ts";
import { resourceTypeJson } from "../../review/index.ts";
import type { CliIo } from "../io.ts";
import { JsonListWriter } from "../output/json.ts";
import { TableWriter } from "../output/table.ts";
import { parseReadingFlags, pickSync, READ_FLAGS, READ_FLAGS_HELP, terminalWidth, toStdout, withReader } from "./_reading.ts";

const COMMAND = "idsync resource-types";
const USAGE = `Usage: ${COMMAND} [-f FILE] [--sync-id ID] [-o console|json]

List the resource types of a sync, with their traits and resource counts.

${READ_FLAGS_HELP}
`;

export async function resourceTypesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseReadingFlags(argv, io, COMMAND, USAGE, READ_FLAGS);
  if (!parsed) return EXIT_CODES.ok;
  const { values, format, file, read } = parsed;
  await withReader(file, read, async (reader) => {
    const sync = pickSync(reader, values["sync-id"], io);
    const counts = reader.statsFor(sync.id).resourcesByType;
    await toStdout(io, async (sink) => {
      if (format === "json") {
        const list = new JsonListWriter(sink, "resourceTypes", { file, syncId: sync.id });
        for (const type of reader.resourceTypes(sync.id)) await list.add(resourceTypeJson(type, counts[type.id] ?? 0));
        await list.end({ count: list.count });
        return;
      }
      const table = new TableWriter(
        sink,
        [{ header: "ID", id: true }, { header: "NAME" }, { header: "TRAITS" }, { header: "RESOURCES", align: "right" }],
        terminalWidth(io),
      );
      let count = 0;
      for (const type of reader.resourceTypes(sync.id)) {
        await table.add([type.id, type.displayName, type.traits.join(", "), (counts[type.id] ?? 0).toLocaleString("en-US")]);
        count++;
      }
      await table.end(`${countOf(count, "resource type")} in sync ${sync.id}`);
    });
  });
  return EXIT_CODES.ok;
}
