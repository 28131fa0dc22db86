/**
 * @module
 * `idsync entitlements [-t TYPE] [-r ID]`: what can be granted, on which resources.
 */
import { countOf, ConfigError, EXIT_CODES, type EntitlementFilter } from "../../core/index.ts";
import { entitlementJson, SyncLookup } from "../../review/index.ts";
import type { CliIo } from "../io.ts";
import { JsonListWriter } from "../output/json.ts";
import { TableWriter } from "../output/table.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import {
  checkResourceType,
  pickSync,
  readingInputs,
  READ_FLAGS,
  terminalWidth,
  toStdout,
  withReader,
} from "./_reading.ts";

const COMMAND = "idsync entitlements";
const FLAGS = {
  "resource-type": {
    type: "string",
    short: "t",
    value: "TYPE",
    description: "only entitlements on resources of this type",
  },
  resource: { type: "string", short: "r", value: "ID", description: "only entitlements on this resource (needs -t)" },
  ...READ_FLAGS,
} as const;

export const entitlementsCommand = defineCommand({
  name: COMMAND,
  summary: "list what can be granted, on which resources",
  usage: ["[-t TYPE [-r ID]] [-f FILE] [--sync-id ID] [-o console|json]"],
  description: "List the entitlements of a sync (e.g. role:admin:assigned, group:eng:member).",
  flags: FLAGS,
  run: ({ values }, io) => listEntitlements(values, io),
});

export function resourceFilter(type: string | undefined, id: string | undefined, command: string): EntitlementFilter {
  if (id !== undefined && type === undefined) {
    throw new ConfigError("-r needs -t: a resource id is only unique within its type", {
      hint: `e.g. \`${command} -t role -r admin\``,
    });
  }
  if (type === undefined) return {};
  return id === undefined ? { resourceType: type } : { resource: { resourceType: type, resource: id } };
}

async function listEntitlements(values: FlagValues<typeof FLAGS>, io: CliIo): Promise<number> {
  const { format, file, read } = readingInputs(values, io);
  const filter = resourceFilter(values["resource-type"], values.resource, COMMAND);
  await withReader(file, read, async (reader) => {
    const sync = pickSync(reader, values["sync-id"], io);
    checkResourceType(reader, sync.id, values["resource-type"]);
    const lookup = new SyncLookup(reader, sync.id);
    const entitlements = reader.entitlements(sync.id, filter);
    await toStdout(io, async (sink) => {
      if (format === "json") {
        const list = new JsonListWriter(sink, "entitlements", { file, syncId: sync.id });
        for (const entitlement of entitlements)
          await list.add(entitlementJson(entitlement, lookup.displayName(entitlement.resource)));
        await list.end({ count: list.count });
        return;
      }
      const table = new TableWriter(
        sink,
        [
          { header: "ID", id: true },
          { header: "RESOURCE", max: 36 },
          { header: "NAME", max: 36 },
          { header: "PURPOSE" },
          { header: "GRANTABLE TO", max: 30 },
        ],
        terminalWidth(io),
      );
      let count = 0;
      for (const entitlement of entitlements) {
        await table.add([
          entitlement.id,
          lookup.displayName(entitlement.resource),
          entitlement.displayName,
          entitlement.purpose,
          entitlement.grantableTo.map((type) => type.id).join(", "),
        ]);
        count++;
      }
      await table.end(`${countOf(count, "entitlement")} in sync ${sync.id}`);
    });
  });
  return EXIT_CODES.ok;
}
