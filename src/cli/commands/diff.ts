/**
 * @module
 * `idsync diff [OLD.c1z] NEW.c1z`: what changed between two syncs — the latest two full syncs
 * of one file, or the syncs of two files: users, resources, entitlements and grants added,
 * removed and changed, and a one-line summary.
 */
import { ConfigError, EXIT_CODES, resourceKey, type C1zReader, type Resource, type SyncRun } from "../../core/index.ts";
import { SyncLookup, diffCounts, diffSummary, diffSyncs, syncPairInFile, userFacts, type SyncDiff } from "../../review/index.ts";
import { parseFlags } from "../flags.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import { diffJson } from "../output/diff-json.ts";
import type { Sink } from "../output/sink.ts";
import { grantVia } from "../output/shapes.ts";
import { TableWriter } from "../output/table.ts";
import { minute, statusText } from "../output/text.ts";
import { DEFAULT_FILE, READ_FLAGS, READ_FLAGS_HELP, outputFormat, pickSync, terminalWidth, toStdout, withReader } from "./_reading.ts";

const COMMAND = "idsync diff";
const USAGE = `Usage: ${COMMAND} [OLD.c1z] NEW.c1z [-o console|json]
       ${COMMAND} [-f FILE]                 the file's latest two finished full syncs

Show what changed between two syncs: users, resources, entitlements and grants added (+),
removed (-) and changed (~). A user's last login alone is not a change.

      --sync-id ID       the newer sync (default: the latest finished full sync)
      --old-sync-id ID   the older sync (default: the finished full sync before it)
${READ_FLAGS_HELP.split("\n").filter((line) => !line.includes("--sync-id")).join("\n")}
`;

const describeSync = (file: string, run: SyncRun): string =>
  `${file} sync ${run.id} (${run.type}, ${run.endedAt ? `finished ${minute(run.endedAt)}` : `unfinished, started ${minute(run.startedAt)}`})`;

function resourceDetails(resource: Resource): string {
  const facts = userFacts(resource);
  if (!facts) return "";
  return [facts.email ?? "", statusText(resource), facts.accountType].filter(Boolean).join(", ");
}

const shown = (value: string | null): string => (value === null ? "(none)" : value);

async function printConsole(sink: Sink, diff: SyncDiff, lookups: { old: SyncLookup; new: SyncLookup }, width: number | undefined): Promise<void> {
  await sink.write(`old: ${describeSync(diff.old.file, diff.old.sync)}\nnew: ${describeSync(diff.new.file, diff.new.sync)}\n`);
  const section = async (title: string, rows: string[][]): Promise<void> => {
    if (rows.length === 0) return;
    await sink.write(`\n${title}\n`);
    const table = new TableWriter(
      sink,
      [{ header: "" }, { header: "ID", id: true }, { header: "NAME", max: 32 }, { header: "DETAILS", max: 100 }],
      width,
    );
    for (const row of rows) await table.add(row);
    await table.end();
  };
  const changesText = (changes: Array<{ field: string; old: string | null; new: string | null }>, added: string[] = [], removed: string[] = []): string =>
    [
      ...changes.map((change) => `${change.field}: ${shown(change.old)} → ${shown(change.new)}`),
      ...added.map((id) => `+${id}`),
      ...removed.map((id) => `-${id}`),
    ].join("; ");

  await section("RESOURCE TYPES", [
    ...diff.resourceTypes.added.map((type) => ["+", type.id, type.displayName, type.traits.join(", ")]),
    ...diff.resourceTypes.removed.map((type) => ["-", type.id, type.displayName, ""]),
    ...diff.resourceTypes.changed.map((item) => ["~", item.key, item.new.displayName, changesText(item.changes)]),
  ]);
  for (const [title, part] of [["USERS", diff.users], ["RESOURCES", diff.resources]] as const) {
    await section(title, [
      ...part.added.map((resource) => ["+", resourceKey(resource.id), resource.displayName, resourceDetails(resource)]),
      ...part.removed.map((resource) => ["-", resourceKey(resource.id), resource.displayName, resourceDetails(resource)]),
      ...part.changed.map((item) => ["~", item.key, item.new.displayName, changesText(item.changes, item.accessAdded, item.accessRemoved)]),
    ]);
  }
  await section("ENTITLEMENTS", [
    ...diff.entitlements.added.map((entitlement) => ["+", entitlement.id, entitlement.displayName, ""]),
    ...diff.entitlements.removed.map((entitlement) => ["-", entitlement.id, entitlement.displayName, ""]),
    ...diff.entitlements.changed.map((item) => ["~", item.key, item.new.displayName, changesText(item.changes)]),
  ]);
  const viaText = (via: string[]): string => (via.length > 0 ? `via ${via.join(", ")}` : "direct");
  await section("GRANTS", [
    ...diff.grants.added.map((grant) => ["+", grant.id, lookups.new.displayName(grant.principal), viaText(grantVia(grant))]),
    ...diff.grants.removed.map((grant) => ["-", grant.id, lookups.old.displayName(grant.principal), viaText(grantVia(grant))]),
    ...diff.grants.changed.map((item) => ["~", item.key, lookups.new.displayName(item.new.principal), changesText(item.changes)]),
  ]);
  await sink.write(`\n${diffSummary(diff)}\n`);
}

const signalOption = (io: CliIo) => (io.signal ? { signal: io.signal } : {});

export async function diffCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...READ_FLAGS, "old-sync-id": { type: "string" } }, COMMAND);
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 2) throw new ConfigError("diff compares at most two files", { hint: USAGE.split("\n")[0] });
  if (positionals.length > 0 && values.file !== undefined) {
    throw new ConfigError("give the files either as arguments or with -f, not both", { hint: USAGE.split("\n")[0] });
  }
  const format = outputFormat(values.output);
  const print = async (diff: SyncDiff, oldReader: C1zReader, newReader: C1zReader): Promise<void> => {
    const lookups = { old: new SyncLookup(oldReader, diff.old.sync.id), new: new SyncLookup(newReader, diff.new.sync.id) };
    await toStdout(io, async (sink) => {
      if (format === "json") return writeJson(sink, diffJson(diff, diffCounts(diff), diffSummary(diff), lookups));
      await printConsole(sink, diff, lookups, terminalWidth(io));
    });
  };

  if (positionals.length === 2) {
    const [oldFile, newFile] = positionals as [string, string];
    await withReader(oldFile, (oldReader) =>
      withReader(newFile, async (newReader) => {
        const oldSync = pickSync(oldReader, values["old-sync-id"], io);
        const newSync = pickSync(newReader, values["sync-id"], io);
        const diff = await diffSyncs({ reader: oldReader, sync: oldSync }, { reader: newReader, sync: newSync }, signalOption(io));
        await print(diff, oldReader, newReader);
      }),
    );
    return EXIT_CODES.ok;
  }
  const file = positionals[0] ?? values.file ?? DEFAULT_FILE;
  await withReader(file, async (reader) => {
    const pair = syncPairInFile(reader, {
      ...(values["sync-id"] !== undefined ? { newId: values["sync-id"] } : {}),
      ...(values["old-sync-id"] !== undefined ? { oldId: values["old-sync-id"] } : {}),
    });
    await print(await diffSyncs({ reader, sync: pair.old }, { reader, sync: pair.new }, signalOption(io)), reader, reader);
  });
  return EXIT_CODES.ok;
}
