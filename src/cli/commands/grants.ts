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
import { checkEntitlement, checkResourceType, parseReadingFlags, pickSync, principalFlag, READ_FLAGS, READ_FLAGS_HELP, terminalWidth, toStdout, withReader } from "./_reading.ts";
import { resourceFilter } from "./entitlements.ts";

const COMMAND = "idsync grants";
const USAGE = `Usage: ${COMMAND} [-e ENTITLEMENT] [-t TYPE [-r ID]] [-p TYPE:ID] [-f FILE] [--sync-id ID] [-o console|json]

List grants: which principal holds which entitlement, directly or through another.

  -e, --entitlement ID      only grants of this entitlement (e.g. role:admin:assigned)
  -t, --resource-type TYPE  only grants of entitlements on resources of this type
  -r, --resource ID         only grants of entitlements on this resource (needs -t)
  -p, --principal TYPE:ID   only grants held by this principal (e.g. user:42)
${READ_FLAGS_HELP}
`;

export async function grantsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseReadingFlags(argv, io, COMMAND, USAGE, {
    ...READ_FLAGS,
    entitlement: { type: "string", short: "e" },
    "resource-type": { type: "string", short: "t" },
    resource: { type: "string", short: "r" },
    principal: { type: "string", short: "p" },
  });
  if (!parsed) return EXIT_CODES.ok;
  const { values, format, file, read } = parsed;
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
