/**
 * @module
 * `idsync review -f FILE [-f FILE…]`: the findings of an access review, per app — admins,
 * pending invites, dormant accounts (people and API keys), disabled users still holding
 * access, and admins added or removed since the previous sync. `--fail-on` turns findings
 * into an exit code, for scheduled runs that should page someone.
 */
import { countOf, ConfigError, EXIT_CODES } from "../../core/index.ts";
import { PeopleAcrossApps, adminKeys, reviewCounts, reviewJson, reviewSync, type AccessEntry, type AppReview, type OffboardingGap, type ReviewedUser, type SyncReview } from "../../review/index.ts";
import { parseFlags } from "../flags.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import type { Sink } from "../output/sink.ts";
import { TableWriter, type Column } from "../output/table.ts";
import { day, minute, statusText } from "../output/text.ts";
import { appInputs, DECODE_FLAG, DECODE_FLAG_HELP, outputFormat, pickSync, readOptions, terminalWidth, toStdout, withReader } from "./_reading.ts";
import { printHelp } from "../help.ts";

const COMMAND = "idsync review";
const USAGE = `Usage: ${COMMAND} [-f FILE…] [--app NAME…] [--stale-days N] [--fail-on FINDING,…] [--sync-id ID] [-o console|json]

What an access review asks of each app's latest sync: who is an admin, who is a pending
invite, which accounts (people and API keys) have not been used for N days, who is disabled
but still holds access, and which admins were added or removed since the previous sync in
the same file. With several files, also who is disabled in one app but enabled in another
(by email): an offboarding gap.

  -f, --file PATH       a c1z file to review (repeat for several apps; default sync.c1z)
      --app NAME        the app of each -f, in the same order (default: from the file name)
      --stale-days N    an enabled account unused for more than N days before the sync is
                        dormant; one that never logged in counts from its creation (default 90)
      --fail-on LIST    exit 8 when any app has one of these findings: admins, pending-invites,
                        dormant, inactive-with-access, admin-changes, offboarding-gaps
                        (comma-separated)
      --sync-id ID      the sync to review (only with one file)
  -o, --output FORMAT   console (default) or json
${DECODE_FLAG_HELP}
  -h, --help            show this help

Dormancy is measured back from the sync's own time, so a file always gives the same findings.
`;

const FINDINGS = ["admins", "pending-invites", "dormant", "inactive-with-access", "admin-changes"] as const;
type Finding = (typeof FINDINGS)[number];
/** Found across the files rather than in one. */
const OFFBOARDING_GAPS = "offboarding-gaps";
const FAIL_ON = [...FINDINGS, OFFBOARDING_GAPS] as const;
type FailOn = (typeof FAIL_ON)[number];

/** How `--fail-on`'s message counts each finding: [one, many]. */
const FINDING_WORDS: Record<Finding, [string, string]> = {
  admins: ["admin", "admins"],
  "pending-invites": ["pending invite", "pending invites"],
  dormant: ["dormant account", "dormant accounts"],
  "inactive-with-access": ["disabled user with access", "disabled users with access"],
  "admin-changes": ["admin change", "admin changes"],
};

/** What `--fail-on` counts: an unknown finding (no logins recorded, no earlier sync) is none. */
function findingCounts(review: SyncReview): Record<Finding, number> {
  const counts = reviewCounts(review);
  return {
    admins: counts.admins,
    "pending-invites": counts.pendingInvites,
    dormant: counts.dormant ?? 0,
    "inactive-with-access": counts.inactiveWithAccess,
    "admin-changes": (counts.adminsAdded ?? 0) + (counts.adminsRemoved ?? 0),
  };
}

function parseFailOn(value: string | undefined): FailOn[] {
  if (value === undefined) return [];
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(FAIL_ON as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--fail-on does not know ${unknown.length > 0 ? `"${unknown.join(", ")}"` : "an empty list"}`, {
      hint: `name one or more of ${FAIL_ON.join(", ")}`,
    });
  }
  return names as FailOn[];
}

function staleDaysFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new ConfigError(`--stale-days must be a whole number of days above 0, got "${value}"`);
  return days;
}

// ── Console ─────────────────────────────────────────────────────────────────────────────────

/** "Admin, Developers, Engineering": the distinct resources a user holds something on. */
function accessText(entries: readonly AccessEntry[]): string {
  return [...new Set(entries.map((entry) => entry.resource.displayName || entry.resource.id.resource))].join(", ");
}

/** The address a reviewer recognises: the email, else the login (API keys have no email). */
function contact(user: ReviewedUser): string {
  return user.facts.email ?? user.facts.login ?? "";
}

const NAME: Column = { header: "NAME", max: 32 };
const CONTACT: Column = { header: "EMAIL / LOGIN", max: 36 };

async function section<T>(sink: Sink, width: number | undefined, title: string, rows: readonly T[], columns: Column[], cells: (row: T) => string[]): Promise<void> {
  if (rows.length === 0) {
    await sink.write(`${title}: none\n\n`);
    return;
  }
  await sink.write(`${title} (${rows.length.toLocaleString("en-US")})\n`);
  const table = new TableWriter(sink, columns, width);
  for (const row of rows) await table.add(cells(row));
  await table.end("");
}

function headline({ review }: AppReview): string {
  const counts = reviewCounts(review);
  return (
    `${countOf(review.users, "user")}: ${countOf(counts.admins, "admin")}, ${countOf(counts.pendingInvites, "pending invite")}, ` +
    `${counts.dormant === null ? "unknown" : counts.dormant.toLocaleString("en-US")} dormant, ` +
    `${counts.inactiveWithAccess.toLocaleString("en-US")} disabled with access`
  );
}

async function writeAppReview(sink: Sink, width: number | undefined, reviewed: AppReview): Promise<void> {
  const { app, file, review } = reviewed;
  const sync = review.sync;
  await sink.write(`${app} · ${file} · sync ${sync.id} ${sync.endedAt ? `finished ${minute(sync.endedAt)}` : `started ${minute(sync.startedAt)}, unfinished`}\n`);
  await sink.write(`${headline(reviewed)}\n\n`);

  await section(sink, width, "ADMINS", review.admins, [NAME, CONTACT, { header: "KIND" }, { header: "STATUS", max: 28 }, { header: "LAST LOGIN" }, { header: "ADMIN ROLES" }], (user) => [
    user.resource.displayName,
    contact(user),
    user.facts.accountType,
    statusText(user.resource),
    day(user.facts.lastLogin),
    user.adminRoles.join(", "),
  ]);
  await section(sink, width, "PENDING INVITES", review.pendingInvites, [NAME, CONTACT, { header: "WOULD HOLD" }], (user) => [
    user.resource.displayName,
    contact(user),
    accessText(user.access),
  ]);
  const dormantTitle = `DORMANT: NO LOGIN IN THE ${review.staleDays} DAYS BEFORE THE SYNC`;
  if (review.loginsRecorded.length === 0) {
    await sink.write(`${dormantTitle}: not known, the sync records no last logins\n\n`);
  } else {
    const columns: Column[] = [NAME, CONTACT, { header: "KIND" }, { header: "LAST LOGIN" }, { header: "IDLE DAYS", align: "right" }, { header: "HOLDS" }];
    await section(sink, width, dormantTitle, review.dormant, columns, (user) => [
      user.resource.displayName,
      contact(user),
      user.facts.accountType,
      user.reason === "never-logged-in" ? "never" : day(user.facts.lastLogin),
      user.daysIdle.toLocaleString("en-US"),
      accessText(user.access),
    ]);
  }
  await section(sink, width, "DISABLED BUT STILL HOLDING ACCESS", review.inactiveWithAccess, [NAME, CONTACT, { header: "STATUS", max: 28 }, { header: "HOLDS" }], (user) => [
    user.resource.displayName,
    contact(user),
    statusText(user.resource),
    accessText(user.access),
  ]);

  const changes = review.adminChanges;
  if (!changes) {
    await sink.write("ADMIN CHANGES: no earlier full sync in this file to compare with\n\n");
    return;
  }
  const since = `SINCE THE SYNC OF ${minute(changes.previous.endedAt)}`;
  await section(sink, width, `ADMINS ADDED ${since}`, changes.added, [NAME, CONTACT, { header: "STATUS", max: 28 }, { header: "ADMIN ROLES" }], (user) => [
    user.resource.displayName,
    contact(user),
    statusText(user.resource),
    user.adminRoles.join(", "),
  ]);
  await section(sink, width, `ADMINS REMOVED ${since}`, changes.removed, [NAME, CONTACT, { header: "NOW" }], (removed) => [
    removed.resource.displayName || removed.resource.id.resource,
    removed.facts?.email ?? removed.facts?.login ?? "",
    removed.stillPresent ? "still a user, no admin role" : "no longer a user",
  ]);
}

/** "clockify (disabled)", "env0 (admin)": one app's account of a person; JSON has the details. */
function presenceText(presence: OffboardingGap["apps"][number]): string {
  const { status, pendingInvite } = presence.facts;
  const details = status === "enabled" ? (presence.admin ? "admin" : "") : pendingInvite ? "pending invite" : status;
  return details ? `${presence.app} (${details})` : presence.app;
}

async function writeGaps(sink: Sink, width: number | undefined, gaps: readonly OffboardingGap[]): Promise<void> {
  const enabled = (presence: OffboardingGap["apps"][number]) => presence.facts.status === "enabled";
  await section(sink, width, "OFFBOARDING GAPS: DISABLED IN ONE APP, ENABLED IN ANOTHER", gaps, [{ header: "EMAIL", max: 40 }, NAME, { header: "STILL ENABLED IN" }, { header: "NOT ENABLED IN" }], (gap) => [
    gap.email,
    gap.apps.find((presence) => presence.resource.displayName)?.resource.displayName ?? "",
    gap.apps.filter(enabled).map(presenceText).join(", "),
    gap.apps.filter((presence) => !enabled(presence)).map(presenceText).join(", "),
  ]);
}

// ── Command ─────────────────────────────────────────────────────────────────────────────────

export async function reviewCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      file: { type: "string", short: "f", multiple: true },
      app: { type: "string", multiple: true },
      "stale-days": { type: "string" },
      "fail-on": { type: "string" },
      "sync-id": { type: "string" },
      output: { type: "string", short: "o" },
      ...DECODE_FLAG,
      help: { type: "boolean", short: "h" },
    },
    COMMAND,
  );
  if (values.help) {
    printHelp(io.stdout, USAGE);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals.join(" ")}"`, { hint: "give files with -f, once per file" });
  const format = outputFormat(values.output);
  const staleDays = staleDaysFlag(values["stale-days"]);
  const failOn = parseFailOn(values["fail-on"]);
  const inputs = appInputs(values.file, values.app, values["sync-id"]);
  const read = readOptions(values, io);

  const reviews: AppReview[] = [];
  const people = new PeopleAcrossApps();
  for (const { file, app } of inputs) {
    await withReader(file, read, async (reader) => {
      const sync = pickSync(reader, values["sync-id"], io);
      const review = reviewSync(reader, sync, staleDays === undefined ? {} : { staleDays });
      reviews.push({ app, file, review });
      if (inputs.length > 1) people.add(reader, sync, app, adminKeys(review));
    });
  }
  const gaps = inputs.length > 1 ? people.gaps() : null;
  const days = reviews[0]?.review.staleDays ?? staleDays ?? 0;
  await toStdout(io, async (sink) => {
    if (format === "json") return writeJson(sink, reviewJson(reviews, days, gaps));
    for (const reviewed of reviews) await writeAppReview(sink, terminalWidth(io), reviewed);
    if (gaps) await writeGaps(sink, terminalWidth(io), gaps);
  });

  const failed = reviews.flatMap(({ app, review }) => {
    const counts = findingCounts(review);
    return FINDINGS.filter((finding) => failOn.includes(finding) && counts[finding] > 0).map(
      (finding) => `${app}: ${countOf(counts[finding], ...FINDING_WORDS[finding])}`,
    );
  });
  if (gaps && gaps.length > 0 && failOn.includes(OFFBOARDING_GAPS)) failed.push(`across the apps: ${countOf(gaps.length, "offboarding gap")}`);
  if (failed.length === 0) return EXIT_CODES.ok;
  io.stderr.write(`review found what --fail-on names: ${failed.join("; ")}\n`);
  return EXIT_CODES.reviewFindings;
}
