/**
 * @module
 * `idsync grants [-e ENTITLEMENT] [-t TYPE -r ID] [-p TYPE:ID]`: who holds what, one grant a
 * line, with how each is held (directly, or through which entitlement).
 */
import { countOf, EXIT_CODES, resourceKey, type GrantFilter } from "../../core/index.ts";
import { grantJson, grantVia, isDirectGrant, SyncLookup } from "../../review/index.ts";
import type { CliIo } from "../io.ts";
import { JsonListWriter } from "../output/json.ts";
import { TableWriter } from "../output/table.ts";
import { howText } from "../output/text.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import {
  checkEntitlement,
  checkResourceType,
  pickSync,
  principalFlag,
  readingInputs,
  READ_FLAGS,
  terminalWidth,
  toStdout,
  withReader,
} from "./_reading.ts";
import { resourceFilter } from "./entitlements.ts";

const COMMAND = "idsync grants";
const FLAGS = {
  entitlement: {
    type: "string",
    short: "e",
    value: "ID",
    description: "only grants of this entitlement (e.g. role:admin:assigned)",
  },
  "resource-type": {
    type: "string",
    short: "t",
    value: "TYPE",
    description: "only grants of entitlements on resources of this type",
  },
  resource: {
    type: "string",
    short: "r",
    value: "ID",
    description: "only grants of entitlements on this resource (needs -t)",
  },
  principal: {
    type: "string",
    short: "p",
    value: "TYPE:ID",
    description: "only grants held by this principal (e.g. user:42)",
  },
  ...READ_FLAGS,
} as const;

export const grantsCommand = defineCommand({
  name: COMMAND,
  summary: "list who holds which entitlement, and how",
  usage: ["[-e ENTITLEMENT] [-t TYPE [-r ID]] [-p TYPE:ID] [-f FILE] [--sync-id ID] [-o console|json]"],
  description: "List grants: which principal holds which entitlement, directly or through another.",
  flags: FLAGS,
  run: ({ values }, io) => listGrants(values, io),
});

async function listGrants(values: FlagValues<typeof FLAGS>, io: CliIo): Promise<number> {
  const { format, file, read } = readingInputs(values, io);
  const filter: GrantFilter = { ...resourceFilter(values["resource-type"], values.resource, COMMAND) };
  if (values.entitlement !== undefined) filter.entitlementId = values.entitlement;
  if (values.principal !== undefined) filter.principal = principalFlag(values.principal);
  await withReader(file, read, async (reader) => {
    const sync = pickSync(reader, values["sync-id"], io);
    checkResourceType(reader, sync.id, values["resource-type"]);
    checkEntitlement(reader, sync.id, values.entitlement);
    const lookup = new SyncLookup(reader, sync.id);
    const grants = reader.grants(sync.id, filter);
    await toStdout(io, async (sink) => {
      if (format === "json") {
        const list = new JsonListWriter(sink, "grants", { file, syncId: sync.id });
        for (const grant of grants) await list.add(grantJson(grant, lookup));
        await list.end({ count: list.count });
        return;
      }
      const table = new TableWriter(
        sink,
        [
          { header: "ENTITLEMENT", id: true },
          { header: "RESOURCE", max: 32 },
          { header: "PRINCIPAL", id: true },
          { header: "NAME", max: 32 },
          { header: "HOW", max: 64, wrap: true },
        ],
        terminalWidth(io),
      );
      let count = 0;
      for (const grant of grants) {
        const via = grantVia(grant).map((source) => [source]);
        await table.add([
          grant.entitlement.id,
          lookup.displayName(grant.entitlement.resource),
          resourceKey(grant.principal.id),
          lookup.displayName(grant.principal),
          howText(isDirectGrant(grant), via),
        ]);
        count++;
      }
      await table.end(`${countOf(count, "grant")} in sync ${sync.id}`);
    });
  });
  return EXIT_CODES.ok;
}
