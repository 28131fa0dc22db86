/**
 * @module
 * `idsync diff [OLD.c1z] NEW.c1z`: what changed between two syncs — the latest two full syncs
 * of one file, or the syncs of two files: users, resources, entitlements and grants added,
 * removed and changed, and a one-line summary.
 */
import {
  ConfigError,
  EXIT_CODES,
  resourceKey,
  type C1zReader,
  type Grant,
  type Resource,
  type SyncRun,
} from "../../core/index.ts";
import {
  SyncLookup,
  accessChangeText,
  diffCounts,
  diffSummary,
  diffSyncs,
  diffJson,
  fieldChangeTexts,
  grantVia,
  resourceChangeTexts,
  syncPairInFile,
  userFacts,
  viaText,
  type FieldChange,
  type SyncDiff,
} from "../../review/index.ts";
import { defineCommand, type Parsed, type FlagValues } from "../command.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import type { Sink } from "../output/sink.ts";
import { TableWriter, type Cell, type Column } from "../output/table.ts";
import { minute, statusText } from "../output/text.ts";
import {
  DECODE_FLAG,
  READ_FLAGS,
  pickSync,
  readOptions,
  terminalWidth,
  toStdout,
  withReader,
  type OutputFormat,
} from "./_reading.ts";

const COMMAND = "idsync diff";
const USAGE = [
  "[OLD.c1z] NEW.c1z [-o console|json]",
  "[-f FILE]                 the file's latest two finished full syncs",
];
const FLAGS = {
  "sync-id": { type: "string", value: "ID", description: "the newer sync (default: the latest finished full sync)" },
  "old-sync-id": {
    type: "string",
    value: "ID",
    description: "the older sync (default: the finished full sync before it)",
  },
  file: READ_FLAGS.file,
  output: READ_FLAGS.output,
  ...DECODE_FLAG,
} as const;

export const diffCommand = defineCommand({
  name: COMMAND,
  summary: "what changed between two syncs (one file's last two, or two files)",
  usage: USAGE,
  description:
    "Show what changed between two syncs: users, resources, entitlements and grants added (+), removed (-) and changed (~). A user's last login alone is not a change.",
  // The files, as the usage lines say.
  arguments: [],
  flags: FLAGS,
  run: (parsed, io) => diff(parsed, io),
});

const describeSync = (file: string, run: SyncRun): string =>
  `${file} sync ${run.id} (${run.type}, ${run.endedAt ? `finished ${minute(run.endedAt)}` : `unfinished, started ${minute(run.startedAt)}`})`;

function resourceDetails(resource: Resource): string {
  const facts = userFacts(resource);
  if (!facts) return "";
  return [facts.email ?? "", statusText(resource), facts.accountType].filter(Boolean).join(", ");
}

type Lookups = { old: SyncLookup; new: SyncLookup };

async function printConsole(sink: Sink, diff: SyncDiff, lookups: Lookups, width: number | undefined): Promise<void> {
  await sink.write(
    `old: ${describeSync(diff.old.file, diff.old.sync)}\nnew: ${describeSync(diff.new.file, diff.new.sync)}\n`,
  );
  const section = async (title: string, columns: Column[], rows: Cell[][]): Promise<void> => {
    if (rows.length === 0) return;
    await sink.write(`\n${title}\n`);
    const table = new TableWriter(sink, [{ header: "" }, ...columns], width);
    for (const row of rows) await table.add(row);
    await table.end();
  };
  // Each change on a line of its own, in words; ids stay whole for `access -p`.
  const byId: Column[] = [
    { header: "ID", id: true },
    { header: "NAME", max: 32 },
    { header: "DETAILS", max: 100, wrap: true },
  ];
  const fieldLines = (changes: FieldChange[]): string[] => changes.flatMap((change) => fieldChangeTexts(change));

  await section("RESOURCE TYPES", byId, [
    ...diff.resourceTypes.added.map((type) => ["+", type.id, type.displayName, type.traits.join(", ")]),
    ...diff.resourceTypes.removed.map((type) => ["-", type.id, type.displayName, ""]),
    ...diff.resourceTypes.changed.map((item) => ["~", item.key, item.new.displayName, fieldLines(item.changes)]),
  ]);
  for (const [title, part] of [
    ["USERS", diff.users],
    ["RESOURCES", diff.resources],
  ] as const) {
    await section(title, byId, [
      ...part.added.map((resource) => ["+", resourceKey(resource.id), resource.displayName, resourceDetails(resource)]),
      ...part.removed.map((resource) => [
        "-",
        resourceKey(resource.id),
        resource.displayName,
        resourceDetails(resource),
      ]),
      ...part.changed.map((item) => ["~", item.key, item.new.displayName, resourceChangeTexts(item, lookups)]),
    ]);
  }
  await section("ENTITLEMENTS", byId, [
    ...diff.entitlements.added.map((entitlement) => ["+", entitlement.id, entitlement.displayName, ""]),
    ...diff.entitlements.removed.map((entitlement) => ["-", entitlement.id, entitlement.displayName, ""]),
    ...diff.entitlements.changed.map((item) => ["~", item.key, item.new.displayName, fieldLines(item.changes)]),
  ]);
  const grantColumns: Column[] = [
    { header: "PRINCIPAL", id: true },
    { header: "NAME", max: 32 },
    { header: "CHANGE", max: 60, wrap: true },
    { header: "HOW", max: 60, wrap: true },
  ];
  const grantRow = (mark: string, grant: Grant, lookup: SyncLookup, change: Cell): Cell[] => [
    mark,
    resourceKey(grant.principal.id),
    lookup.displayName(grant.principal),
    change,
    viaText(grantVia(grant), lookup),
  ];
  await section("GRANTS", grantColumns, [
    ...diff.grants.added.map((grant) =>
      grantRow("+", grant, lookups.new, accessChangeText(grant.entitlement.id, true, lookups.new)),
    ),
    ...diff.grants.removed.map((grant) =>
      grantRow("-", grant, lookups.old, accessChangeText(grant.entitlement.id, false, lookups.old)),
    ),
    ...diff.grants.changed.map((item) =>
      grantRow("~", item.new, lookups.new, [
        `${lookups.new.entitlement(item.new.entitlement.id)?.displayName || item.new.entitlement.id}:`,
        ...fieldLines(item.changes),
      ]),
    ),
  ]);
  await sink.write(`\n${diffSummary(diff)}\n`);
}

const signalOption = (io: CliIo) => (io.signal ? { signal: io.signal } : {});

async function diff({ values, positionals, given }: Parsed<FlagValues<typeof FLAGS>>, io: CliIo): Promise<number> {
  const usage = `Usage: ${COMMAND} ${USAGE[0]}`;
  if (positionals.length > 2) throw new ConfigError("diff compares at most two files", { hint: usage });
  if (positionals.length > 0 && given.has("file")) {
    throw new ConfigError("give the files either as arguments or with -f, not both", { hint: usage });
  }
  const format = values.output as OutputFormat;
  const read = readOptions(values, io);
  const print = async (diff: SyncDiff, oldReader: C1zReader, newReader: C1zReader): Promise<void> => {
    const lookups = {
      old: new SyncLookup(oldReader, diff.old.sync.id),
      new: new SyncLookup(newReader, diff.new.sync.id),
    };
    await toStdout(io, async (sink) => {
      if (format === "json") return writeJson(sink, diffJson(diff, diffCounts(diff), diffSummary(diff), lookups));
      await printConsole(sink, diff, lookups, terminalWidth(io));
    });
  };

  if (positionals.length === 2) {
    const [oldFile, newFile] = positionals as [string, string];
    await withReader(oldFile, read, (oldReader) =>
      withReader(newFile, read, async (newReader) => {
        const oldSync = pickSync(oldReader, values["old-sync-id"], io);
        const newSync = pickSync(newReader, values["sync-id"], io);
        const diff = await diffSyncs(
          { reader: oldReader, sync: oldSync },
          { reader: newReader, sync: newSync },
          signalOption(io),
        );
        await print(diff, oldReader, newReader);
      }),
    );
    return EXIT_CODES.ok;
  }
  const file = positionals[0] ?? values.file;
  await withReader(file, read, async (reader) => {
    const pair = syncPairInFile(reader, { newId: values["sync-id"], oldId: values["old-sync-id"] });
    await print(
      await diffSyncs({ reader, sync: pair.old }, { reader, sync: pair.new }, signalOption(io)),
      reader,
      reader,
    );
  });
  return EXIT_CODES.ok;
}
