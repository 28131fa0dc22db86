/**
 * @module
 * `idsync stats`: how much a sync holds, per resource type, and what its users look like
 * (enabled, pending invites, service accounts, stale logins).
 */
import { countOf, EXIT_CODES } from "../../core/index.ts";
import { statsJson, syncStats, type SyncSummaryStats } from "../../review/index.ts";
import type { Sink } from "../output/sink.ts";
import { writeJson } from "../output/json.ts";
import { TableWriter } from "../output/table.ts";
import { minute } from "../output/text.ts";
import { defineCommand } from "../command.ts";
import { pickSync, readingInputs, READ_FLAGS, toStdout, withReader } from "./_reading.ts";

export const statsCommand = defineCommand({
  name: "idsync stats",
  summary: "count a sync's resources, entitlements, grants and users",
  usage: ["[-f FILE] [--sync-id ID] [-o console|json]"],
  description: "Count a sync's resources, entitlements and grants per resource type, and summarise its users.",
  flags: READ_FLAGS,
  async run({ values }, io) {
    const { format, file, read } = readingInputs(values, io);
    await withReader(file, read, async (reader) => {
      const stats = syncStats(reader, pickSync(reader, values["sync-id"], io));
      await toStdout(io, async (sink) => {
        const document = statsJson(file, stats);
        if (format === "json") return writeJson(sink, document);
        await writeStats(sink, document, stats);
      });
    });
    return EXIT_CODES.ok;
  },
});

/** "12 users: 9 enabled, 3 disabled (2 pending invites); 10 human, 2 service; 4 dormant (…)". */
function usersLine(stats: SyncSummaryStats): string {
  const { users } = stats;
  if (users.total === 0) return "no users";
  const statuses = (["enabled", "disabled", "deleted", "unspecified"] as const)
    .filter((status) => users.byStatus[status] > 0)
    .map((status) => {
      const invites =
        status === "disabled" && users.pendingInvites > 0
          ? ` (${countOf(users.pendingInvites, "pending invite")})`
          : "";
      return `${users.byStatus[status].toLocaleString("en-US")} ${status === "unspecified" ? "of unknown status" : status}${invites}`;
    });
  const kinds = (["human", "service", "system", "unspecified"] as const)
    .filter((kind) => users.byAccountType[kind] > 0)
    .map(
      (kind) =>
        `${users.byAccountType[kind].toLocaleString("en-US")} ${kind === "unspecified" ? "of unknown kind" : kind}`,
    );
  // The words and the rule of `idsync review`, whose dormant count this is.
  const logins =
    users.dormant !== null
      ? `; ${users.dormant.toLocaleString("en-US")} dormant (enabled, no login in the ${users.staleDays} days before the sync, or never)`
      : "; no last logins recorded, so dormancy is unknown";
  return `${countOf(users.total, "user")}: ${statuses.join(", ")}; ${kinds.join(", ")}${logins}`;
}

async function writeStats(sink: Sink, document: ReturnType<typeof statsJson>, stats: SyncSummaryStats): Promise<void> {
  const run = stats.sync;
  await sink.write(
    `sync ${run.id} (${run.type}, started ${minute(run.startedAt)}, ${run.endedAt ? `finished ${minute(run.endedAt)}` : "unfinished"})\n\n`,
  );
  const table = new TableWriter(sink, [
    { header: "RESOURCE TYPE" },
    { header: "RESOURCES", align: "right" },
    { header: "ENTITLEMENTS", align: "right" },
    { header: "GRANTS", align: "right" },
  ]);
  const n = (value: number): string => value.toLocaleString("en-US");
  for (const row of document.byResourceType)
    await table.add([row.type, n(row.resources), n(row.entitlements), n(row.grants)]);
  await table.add(["total", n(document.resources), n(document.entitlements), n(document.grants)]);
  await table.end(`\n${usersLine(stats)}`);
}
