/**
 * @module
 * `idsync review` on a terminal: per app a headline and one table per finding, then the
 * offboarding gaps across the apps. Every table streams to the sink, fitted to `width`.
 */
import { countOf } from "../../core/index.ts";
import { reviewCounts, type AccessEntry, type OffboardingGap, type ReviewedUser } from "../../review/index.ts";
import type { AppReview } from "../../review/index.ts";
import type { Sink } from "./sink.ts";
import { TableWriter, type Column } from "./table.ts";
import { day, minute, statusText } from "./text.ts";

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

async function section<T>(
  sink: Sink,
  width: number | undefined,
  title: string,
  rows: readonly T[],
  columns: Column[],
  cells: (row: T) => string[],
): Promise<void> {
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

export async function writeAppReview(sink: Sink, width: number | undefined, reviewed: AppReview): Promise<void> {
  const { app, file, review } = reviewed;
  const sync = review.sync;
  await sink.write(
    `${app} · ${file} · sync ${sync.id} ${sync.endedAt ? `finished ${minute(sync.endedAt)}` : `started ${minute(sync.startedAt)}, unfinished`}\n`,
  );
  await sink.write(`${headline(reviewed)}\n\n`);

  await section(
    sink,
    width,
    "ADMINS",
    review.admins,
    [
      NAME,
      CONTACT,
      { header: "KIND" },
      { header: "STATUS", max: 28 },
      { header: "LAST LOGIN" },
      { header: "ADMIN ROLES" },
    ],
    (user) => [
      user.resource.displayName,
      contact(user),
      user.facts.accountType,
      statusText(user.resource),
      day(user.facts.lastLogin),
      user.adminRoles.join(", "),
    ],
  );
  await section(
    sink,
    width,
    "PENDING INVITES",
    review.pendingInvites,
    [NAME, CONTACT, { header: "WOULD HOLD" }],
    (user) => [user.resource.displayName, contact(user), accessText(user.access)],
  );
  const dormantTitle = `DORMANT: NO LOGIN IN THE ${review.staleDays} DAYS BEFORE THE SYNC`;
  if (review.loginsRecorded.length === 0) {
    await sink.write(`${dormantTitle}: not known, the sync records no last logins\n\n`);
  } else {
    const columns: Column[] = [
      NAME,
      CONTACT,
      { header: "KIND" },
      { header: "LAST LOGIN" },
      { header: "IDLE DAYS", align: "right" },
      { header: "HOLDS" },
    ];
    await section(sink, width, dormantTitle, review.dormant, columns, (user) => [
      user.resource.displayName,
      contact(user),
      user.facts.accountType,
      user.reason === "never-logged-in" ? "never" : day(user.facts.lastLogin),
      user.daysIdle.toLocaleString("en-US"),
      accessText(user.access),
    ]);
  }
  await section(
    sink,
    width,
    "DISABLED BUT STILL HOLDING ACCESS",
    review.inactiveWithAccess,
    [NAME, CONTACT, { header: "STATUS", max: 28 }, { header: "HOLDS" }],
    (user) => [user.resource.displayName, contact(user), statusText(user.resource), accessText(user.access)],
  );

  const changes = review.adminChanges;
  if (!changes) {
    await sink.write("ADMIN CHANGES: no earlier full sync in this file to compare with\n\n");
    return;
  }
  const since = `SINCE THE SYNC OF ${minute(changes.previous.endedAt)}`;
  await section(
    sink,
    width,
    `ADMINS ADDED ${since}`,
    changes.added,
    [NAME, CONTACT, { header: "STATUS", max: 28 }, { header: "ADMIN ROLES" }],
    (user) => [user.resource.displayName, contact(user), statusText(user.resource), user.adminRoles.join(", ")],
  );
  await section(
    sink,
    width,
    `ADMINS REMOVED ${since}`,
    changes.removed,
    [NAME, CONTACT, { header: "NOW" }],
    (removed) => [
      removed.resource.displayName || removed.resource.id.resource,
      removed.facts?.email ?? removed.facts?.login ?? "",
      removed.stillPresent ? "still a user, no admin role" : "no longer a user",
    ],
  );
}

/** "clockify (disabled)", "env0 (admin)": one app's account of a person; JSON has the details. */
function presenceText(presence: OffboardingGap["apps"][number]): string {
  const { status, pendingInvite } = presence.facts;
  const details = status === "enabled" ? (presence.admin ? "admin" : "") : pendingInvite ? "pending invite" : status;
  return details ? `${presence.app} (${details})` : presence.app;
}

export async function writeGaps(sink: Sink, width: number | undefined, gaps: readonly OffboardingGap[]): Promise<void> {
  const enabled = (presence: OffboardingGap["apps"][number]) => presence.facts.status === "enabled";
  await section(
    sink,
    width,
    "OFFBOARDING GAPS: DISABLED IN ONE APP, ENABLED IN ANOTHER",
    gaps,
    [{ header: "EMAIL", max: 40 }, NAME, { header: "STILL ENABLED IN" }, { header: "NOT ENABLED IN" }],
    (gap) => [
      gap.email,
      gap.apps.find((presence) => presence.resource.displayName)?.resource.displayName ?? "",
      gap.apps.filter(enabled).map(presenceText).join(", "),
      gap.apps
        .filter((presence) => !enabled(presence))
        .map(presenceText)
        .join(", "),
    ],
  );
}
