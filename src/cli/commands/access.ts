/**
 * @module
 * `idsync access -p TYPE:ID | --email ADDRESS`: everything one principal holds, directly and
 * through groups, with the path for each ("role:dev:assigned  via group:eng:member").
 */
import { countOf, ConfigError, EXIT_CODES, resourceKey } from "../../core/index.ts";
import { accessJson, AccessResolver, principalByEmail, userFacts, type AccessReport } from "../../review/index.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import { TableWriter, clean } from "../output/table.ts";
import { day, howText, statusText } from "../output/text.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import { pickSync, principalFlag, readingInputs, READ_FLAGS, terminalWidth, toStdout, withReader } from "./_reading.ts";

const COMMAND = "idsync access";
const FLAGS = {
  principal: { type: "string", short: "p", value: "TYPE:ID", description: "the principal, e.g. user:42 or group:eng" },
  email: { type: "string", value: "ADDRESS", description: "the user with this email address" },
  ...READ_FLAGS,
} as const;

export const accessCommand = defineCommand({
  name: COMMAND,
  summary: "everything one principal holds, directly and through groups",
  usage: ["(-p TYPE:ID | --email ADDRESS) [-f FILE] [--sync-id ID] [-o console|json]"],
  description:
    "Show everything one principal holds, directly and through groups, with the path for each. Works on expanded files (derived grants carry their sources) and on files not yet expanded (group memberships are followed, transitively).",
  flags: FLAGS,
  run: ({ values }, io) => showAccess(values, io),
});

/** "user:u-2  Bob <bob@example.com>  enabled, human, last login 2025-01-31" */
function principalLine(report: AccessReport): string {
  const principal = report.principal;
  const facts = userFacts(principal);
  const name = principal.displayName ? `  ${principal.displayName}` : "";
  if (!facts) return `${resourceKey(principal.id)}${name}`;
  const email = facts.email ? ` <${facts.email}>` : "";
  const login = facts.lastLogin ? `, last login ${day(facts.lastLogin)}` : "";
  return `${resourceKey(principal.id)}${name}${email}  ${statusText(principal)}, ${facts.accountType}${login}`;
}

async function showAccess(values: FlagValues<typeof FLAGS>, io: CliIo): Promise<number> {
  const { format, file, read } = readingInputs(values, io);
  if ((values.principal === undefined) === (values.email === undefined)) {
    throw new ConfigError("name the principal with -p TYPE:ID or --email ADDRESS (one of them)", {
      hint: `e.g. \`${COMMAND} -p user:42\``,
    });
  }
  await withReader(file, read, async (reader) => {
    const sync = pickSync(reader, values["sync-id"], io);
    const principal =
      values.principal !== undefined
        ? principalFlag(values.principal)
        : principalByEmail(reader, sync.id, values.email!).id;
    const report = new AccessResolver(reader, sync.id).accessOf(principal);
    await toStdout(io, async (sink) => {
      if (format === "json") return writeJson(sink, accessJson(file, report));
      await sink.write(`${clean(principalLine(report))}\n\n`);
      const table = new TableWriter(
        sink,
        [
          { header: "ENTITLEMENT", id: true },
          { header: "RESOURCE", max: 36 },
          { header: "HOW", max: 80, wrap: true },
        ],
        terminalWidth(io),
      );
      for (const entry of report.entries) {
        await table.add([entry.entitlementId, entry.resource.displayName, howText(entry.direct, entry.via)]);
      }
      const direct = report.entries.filter((entry) => entry.direct).length;
      const inherited = report.entries.length - direct;
      await table.end(
        `${countOf(report.entries.length, "entitlement")} (${direct} direct, ${inherited} inherited) in sync ${sync.id}`,
      );
    });
  });
  return EXIT_CODES.ok;
}
