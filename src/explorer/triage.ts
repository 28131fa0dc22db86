/**
 * @module
 * Triage first: the review's findings counted per app (the cards the page opens on), the risky
 * combinations flagged on each person, and each finding as a table the page asks for a page at
 * a time. Everything here is read from the review `idsync review -o json` prints (built once per
 * app on the review thread), so the page and the command never disagree on who is an admin or
 * dormant.
 */
import type { ExplorerApp } from "./apps.ts";
import { ApiError, appOf, choice, type ApiContext, type Route } from "./_params.ts";
import { answerTable, tableQuery, type Column } from "./tables.ts";

/** A user as the review document lists them (the fields the page and flags read). */
export interface ReviewedRow {
  type: string;
  id: string;
  displayName: string | null;
  status: string | null;
  statusDetails: string | null;
  user: {
    email: string | null;
    login: string | null;
    accountType: string;
    lastLogin: string | null;
    pendingInvite: boolean;
  } | null;
  adminRoles?: string[];
  access?: Array<{ resource: { displayName: string | null; id: string } }>;
  reason?: string;
  daysIdle?: number;
  stillPresent?: boolean;
}

interface AppReview {
  users: number;
  loginsRecorded: string[];
  staleDays: number;
  admins: ReviewedRow[];
  pendingInvites: ReviewedRow[];
  dormant: ReviewedRow[];
  inactiveWithAccess: ReviewedRow[];
  adminChanges: { added: ReviewedRow[]; removed: ReviewedRow[] } | null;
}

/** The risky combinations, worded as the page shows them. */
export const RISK_FLAGS = {
  adminDormant: "admin, dormant",
  adminNeverSignedIn: "admin, never signed in",
  adminServiceAccount: "admin service account or API key",
  adminPendingInvite: "admin on a pending invite",
  disabledWithAccess: "disabled, still holds access",
} as const;

export const FINDINGS = [
  "risky",
  "admins",
  "pendingInvites",
  "dormant",
  "inactiveWithAccess",
  "adminsAdded",
  "adminsRemoved",
] as const;
export type Finding = (typeof FINDINGS)[number];

const keyOf = (row: ReviewedRow): string => `${row.type}:${row.id}`;

async function reviewOf(app: ExplorerApp): Promise<AppReview> {
  const document = (await app.review(undefined)) as { staleDays: number; apps: Array<Omit<AppReview, "staleDays">> };
  return { ...document.apps[0]!, staleDays: document.staleDays };
}

/**
 * The flags on each user of a review who has any, by `type:id`. An admin is the dangerous end
 * of every combination: a dormant or never-used admin account is one nobody would notice being
 * used, a service account or API key with admin rights has no person behind it, and an admin
 * role waiting on an invite is granted to whoever accepts it.
 */
export function riskFlags(
  review: Pick<AppReview, "admins" | "pendingInvites" | "dormant" | "inactiveWithAccess">,
): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  const flag = (row: ReviewedRow, text: string): void => {
    const key = keyOf(row);
    flags.set(key, [...(flags.get(key) ?? []), text]);
  };
  const admins = new Set(review.admins.map(keyOf));
  const pending = new Set(review.pendingInvites.map(keyOf));
  for (const user of review.dormant) {
    if (admins.has(keyOf(user)))
      flag(user, user.reason === "never-logged-in" ? RISK_FLAGS.adminNeverSignedIn : RISK_FLAGS.adminDormant);
  }
  for (const admin of review.admins) {
    if (admin.user?.accountType === "service" || admin.user?.accountType === "system")
      flag(admin, RISK_FLAGS.adminServiceAccount);
    if (pending.has(keyOf(admin))) flag(admin, RISK_FLAGS.adminPendingInvite);
  }
  // A pending invite is disabled too, but what it holds is its own finding; this one is about leavers.
  for (const user of review.inactiveWithAccess)
    if (!pending.has(keyOf(user))) flag(user, RISK_FLAGS.disabledWithAccess);
  return flags;
}

/** Each flagged user once, in the order the review lists them (admins first). */
function riskyRows(review: AppReview, flags: Map<string, string[]>): ReviewedRow[] {
  const seen = new Map<string, ReviewedRow>();
  for (const row of [...review.admins, ...review.dormant, ...review.pendingInvites, ...review.inactiveWithAccess]) {
    if (flags.has(keyOf(row)) && !seen.has(keyOf(row))) seen.set(keyOf(row), row);
  }
  return [...seen.values()];
}

function rowsOf(review: AppReview, finding: Finding, flags: Map<string, string[]>): ReviewedRow[] {
  switch (finding) {
    case "risky":
      return riskyRows(review, flags);
    case "dormant":
      if (review.loginsRecorded.length === 0)
        throw new ApiError(404, "dormancy is not known: this sync records no last logins");
      return review.dormant;
    case "adminsAdded":
    case "adminsRemoved":
      if (!review.adminChanges) throw new ApiError(404, "no earlier full sync in this file to compare admins with");
      return finding === "adminsAdded" ? review.adminChanges.added : review.adminChanges.removed;
    default:
      return review[finding];
  }
}

const holds = (row: ReviewedRow): string =>
  [...new Set((row.access ?? []).map((entry) => entry.resource.displayName || entry.resource.id))].join(", ");
const statusOf = (row: ReviewedRow): string => {
  const details = row.statusDetails?.trim();
  return details && details.toLowerCase() !== row.status ? `${row.status} (${details})` : (row.status ?? "");
};

function findingColumns(flags: Map<string, string[]>): Array<Column<ReviewedRow>> {
  return [
    { key: "name", title: "Name", value: (row) => row.displayName || row.id },
    { key: "contact", title: "Email / login", value: (row) => row.user?.email ?? row.user?.login ?? "" },
    { key: "kind", title: "Kind", value: (row) => row.user?.accountType ?? "" },
    { key: "status", title: "Status", value: statusOf },
    { key: "lastLogin", title: "Last sign-in", value: (row) => row.user?.lastLogin ?? "" },
    { key: "daysIdle", title: "Idle days", value: (row) => row.daysIdle ?? null },
    { key: "adminRoles", title: "Admin roles", value: (row) => (row.adminRoles ?? []).join(", ") },
    { key: "holds", title: "Holds", value: holds },
    { key: "flags", title: "Flags", value: (row) => (flags.get(keyOf(row)) ?? []).join("; ") },
    { key: "id", title: "Id", value: keyOf },
  ];
}

/** `GET /api/triage`: per app, the count of each finding and of flagged people; with several apps, the offboarding gaps' count. */
const triage: Route = async ({ apps }: ApiContext) => {
  const cards = [];
  for (const app of apps.values()) {
    const review = await reviewOf(app);
    const flags = riskFlags(review);
    cards.push({
      app: app.name,
      users: review.users,
      staleDays: review.staleDays,
      counts: {
        risky: flags.size,
        admins: review.admins.length,
        pendingInvites: review.pendingInvites.length,
        dormant: review.loginsRecorded.length === 0 ? null : review.dormant.length,
        inactiveWithAccess: review.inactiveWithAccess.length,
        adminsAdded: review.adminChanges?.added.length ?? null,
        adminsRemoved: review.adminChanges?.removed.length ?? null,
      },
      flags: Object.fromEntries(
        Object.values(RISK_FLAGS).map((text) => [
          text,
          [...flags.values()].filter((list) => list.includes(text)).length,
        ]),
      ),
    });
  }
  return { apps: cards, count: cards.length };
};

/** `GET /api/findings?app=&finding=`: one finding of one app's review, as a table. */
const findings: Route = async (context) => {
  const app = appOf(context);
  const finding = choice(context.params, "finding", FINDINGS);
  const review = await reviewOf(app);
  const flags = riskFlags(review);
  const rows = rowsOf(review, finding, flags);
  const shape = (row: ReviewedRow) => ({ ...row, flags: flags.get(keyOf(row)) ?? [] });
  return answerTable(rows, findingColumns(flags), tableQuery(context.params), shape, {
    name: `${app.name}-${finding}`,
    extra: { app: app.name, file: app.file, syncId: app.sync.id, finding, staleDays: review.staleDays },
  });
};

export const REVIEW_ROUTES: Readonly<Record<string, Route>> = {
  "/api/triage": triage,
  "/api/findings": findings,
};
