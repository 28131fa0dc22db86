/**
 * @module
 * `idsync review -f FILE [-f FILE…]`: the findings of an access review, per app — admins,
 * pending invites, dormant accounts (people and API keys), disabled users still holding
 * access, and admins added or removed since the previous sync. `--fail-on` turns findings
 * into an exit code, for scheduled runs that should page someone. Its JSON shape is in
 * `review/json/review.ts` (the explorer answers with it too), its tables in `output/review-console.ts`.
 */
import { countOf, ConfigError, EXIT_CODES } from "../../core/index.ts";
import {
  PeopleAcrossApps,
  adminKeys,
  reviewCounts,
  reviewJson,
  reviewSync,
  type AppReview,
  type SyncReview,
} from "../../review/index.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import { writeAppReview, writeGaps } from "../output/review-console.ts";
import {
  appInputs,
  DECODE_FLAG,
  DEFAULT_FILE,
  pickSync,
  readOptions,
  READ_FLAGS,
  terminalWidth,
  toStdout,
  withReader,
  type OutputFormat,
} from "./_reading.ts";

const FINDINGS = ["admins", "pending-invites", "dormant", "inactive-with-access", "admin-changes"] as const;
type Finding = (typeof FINDINGS)[number];
/** Found across the files rather than in one. */
const OFFBOARDING_GAPS = "offboarding-gaps";
const FAIL_ON = [...FINDINGS, OFFBOARDING_GAPS] as const;

/** How `--fail-on`'s message counts each finding: [one, many]. */
const FINDING_WORDS: Record<Finding, [string, string]> = {
  admins: ["admin", "admins"],
  "pending-invites": ["pending invite", "pending invites"],
  dormant: ["dormant account", "dormant accounts"],
  "inactive-with-access": ["disabled user with access", "disabled users with access"],
  "admin-changes": ["admin change", "admin changes"],
};

const FLAGS = {
  file: {
    type: "string",
    short: "f",
    value: "PATH",
    multiple: true,
    description: "a c1z file to review (repeat for several apps)",
    default: DEFAULT_FILE,
  },
  app: {
    type: "string",
    value: "NAME",
    multiple: true,
    description: "the app of each -f, in the same order (default: from the file name)",
  },
  "stale-days": {
    type: "string",
    value: "N",
    description:
      "an enabled account unused for more than N days before the sync is dormant; one that never logged in counts from its creation (default 90)",
  },
  "fail-on": {
    type: "string",
    value: "LIST",
    description: "exit 8 when any app has one of these findings",
    choices: FAIL_ON,
    list: true,
  },
  "sync-id": { type: "string", value: "ID", description: "the sync to review (only with one file)" },
  output: READ_FLAGS.output,
  ...DECODE_FLAG,
} as const;

export const reviewCommand = defineCommand({
  name: "idsync review",
  summary: "access-review findings: admins, pending invites, dormant accounts, admin changes",
  usage: ["[-f FILE…] [--app NAME…] [--stale-days N] [--fail-on FINDING,…] [--sync-id ID] [-o console|json]"],
  description:
    "What an access review asks of each app's latest sync: who is an admin, who is a pending invite, which accounts (people and API keys) have not been used for N days, who is disabled but still holds access, and which admins were added or removed since the previous sync in the same file. With several files, also who is disabled in one app but enabled in another (by email): an offboarding gap.",
  flags: FLAGS,
  footer: "Dormancy is measured back from the sync's own time, so a file always gives the same findings.",
  strayArgumentHint: "give files with -f, once per file",
  run: ({ values }, io) => review(values, io),
});

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

function staleDaysFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1)
    throw new ConfigError(`--stale-days must be a whole number of days above 0, got "${value}"`);
  return days;
}

/** The lines of `--fail-on`'s message: each finding it names that some app has. */
function failures(reviews: readonly AppReview[], gaps: readonly unknown[] | null, failOn: readonly string[]): string[] {
  const failed = reviews.flatMap(({ app, review }) => {
    const counts = findingCounts(review);
    return FINDINGS.filter((finding) => failOn.includes(finding) && counts[finding] > 0).map(
      (finding) => `${app}: ${countOf(counts[finding], ...FINDING_WORDS[finding])}`,
    );
  });
  if (gaps && gaps.length > 0 && failOn.includes(OFFBOARDING_GAPS))
    failed.push(`across the apps: ${countOf(gaps.length, "offboarding gap")}`);
  return failed;
}

async function review(values: FlagValues<typeof FLAGS>, io: CliIo): Promise<number> {
  const format = values.output as OutputFormat;
  const read = readOptions(values, io);
  const staleDays = staleDaysFlag(values["stale-days"]);
  const inputs = appInputs(values.file, values.app, values["sync-id"]);

  const reviews: AppReview[] = [];
  const people = new PeopleAcrossApps();
  for (const { file, app } of inputs) {
    await withReader(file, read, async (reader) => {
      const sync = pickSync(reader, values["sync-id"], io);
      const found = reviewSync(reader, sync, staleDays === undefined ? {} : { staleDays });
      reviews.push({ app, file, review: found });
      if (inputs.length > 1) people.add(reader, sync, app, adminKeys(found));
    });
  }
  const gaps = inputs.length > 1 ? people.gaps() : null;
  const days = reviews[0]?.review.staleDays ?? staleDays ?? 0;
  await toStdout(io, async (sink) => {
    if (format === "json") return writeJson(sink, reviewJson(reviews, days, gaps));
    for (const reviewed of reviews) await writeAppReview(sink, terminalWidth(io), reviewed);
    if (gaps) await writeGaps(sink, terminalWidth(io), gaps);
  });

  const failed = failures(reviews, gaps, values["fail-on"] ?? []);
  if (failed.length === 0) return EXIT_CODES.ok;
  io.stderr.write(`review found what --fail-on names: ${failed.join("; ")}\n`);
  return EXIT_CODES.reviewFindings;
}
