/**
 * @module
 * `idsync resources [-t TYPE]`: the resources of a sync. Users show what a reviewer checks
 * first: email, status (a pending invite says so), account type and last login.
 */
import { countOf, EXIT_CODES, resourceKey, type C1zReader, type Resource } from "../../core/index.ts";
import { resourceJson, userFacts } from "../../review/index.ts";
import type { CliIo } from "../io.ts";
import { JsonListWriter } from "../output/json.ts";
import { TableWriter, type Column } from "../output/table.ts";
import { day, statusText } from "../output/text.ts";
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

const FLAGS = {
  "resource-type": {
    type: "string",
    short: "t",
    value: "TYPE",
    description: "only resources of this type (e.g. user, group, role)",
  },
  ...READ_FLAGS,
} as const;

export const resourcesCommand = defineCommand({
  name: "idsync resources",
  summary: "list resources; users with email, status, account type, last login",
  usage: ["[-t TYPE] [-f FILE] [--sync-id ID] [-o console|json]"],
  description: "List the resources of a sync; users with email, status, account type and last login.",
  flags: FLAGS,
  run: ({ values }, io) => listResources(values, io),
});

// The id as `access -p` takes it (type:id), whole.
const BASE_COLUMNS: Column[] = [
  { header: "ID", id: true },
  { header: "NAME", max: 40 },
];
const USER_COLUMNS: Column[] = [
  { header: "EMAIL", max: 40 },
  { header: "STATUS", max: 32 },
  { header: "ACCOUNT" },
  { header: "LAST LOGIN" },
];

/** Whether the listing has users in it, so the user columns are worth showing. */
function listsUsers(reader: C1zReader, syncId: string, type: string | undefined): boolean {
  if (type !== undefined) return reader.getResourceType(syncId, type)?.traits.includes("user") ?? false;
  return [...reader.resourceTypes(syncId)].some((resourceType) => resourceType.traits.includes("user"));
}

function cells(resource: Resource, withUser: boolean): string[] {
  const base = [resourceKey(resource.id), resource.displayName];
  if (!withUser) return base;
  const facts = userFacts(resource);
  return [
    ...base,
    facts?.email ?? "",
    statusText(resource),
    facts?.accountType ?? "",
    facts ? day(facts.lastLogin) || "-" : "",
  ];
}

async function listResources(values: FlagValues<typeof FLAGS>, io: CliIo): Promise<number> {
  const { format, file, read } = readingInputs(values, io);
  const type = values["resource-type"];
  await withReader(file, read, async (reader) => {
    const sync = pickSync(reader, values["sync-id"], io);
    checkResourceType(reader, sync.id, type);
    const resources = reader.resources(sync.id, type === undefined ? {} : { resourceType: type });
    await toStdout(io, async (sink) => {
      if (format === "json") {
        const list = new JsonListWriter(sink, "resources", { file, syncId: sync.id });
        for (const resource of resources) await list.add(resourceJson(resource));
        await list.end({ count: list.count });
        return;
      }
      const withUser = listsUsers(reader, sync.id, type);
      const table = new TableWriter(
        sink,
        withUser ? [...BASE_COLUMNS, ...USER_COLUMNS] : BASE_COLUMNS,
        terminalWidth(io),
      );
      let count = 0;
      for (const resource of resources) {
        await table.add(cells(resource, withUser));
        count++;
      }
      const noun = type === undefined ? countOf(count, "resource") : countOf(count, `${type} resource`);
      await table.end(`${noun} in sync ${sync.id}`);
    });
  });
  return EXIT_CODES.ok;
}
