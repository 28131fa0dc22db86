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
import { defineCommand, type FlagValues } from "../command.ts";
import { pickSync, readingInputs, READ_FLAGS, terminalWidth, toStdout, withReader } from "./_reading.ts";

export const resourceTypesCommand = defineCommand({
  name: "idsync resource-types",
  summary: "list a c1z's resource types (user, group, role…)",
  usage: ["[-f FILE] [--sync-id ID] [-o console|json]"],
  description: "List the resource types of a sync, with their traits and resource counts.",
  flags: READ_FLAGS,
  run: ({ values }, io) => listResourceTypes(values, io),
});

async function listResourceTypes(values: FlagValues<typeof READ_FLAGS>, io: CliIo): Promise<number> {
  const { format, file, read } = readingInputs(values, io);
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
        await table.add([
          type.id,
          type.displayName,
          type.traits.join(", "),
          (counts[type.id] ?? 0).toLocaleString("en-US"),
        ]);
        count++;
      }
      await table.end(`${countOf(count, "resource type")} in sync ${sync.id}`);
    });
  });
  return EXIT_CODES.ok;
}
