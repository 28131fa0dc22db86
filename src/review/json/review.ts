/**
 * @module
 * The JSON document of `idsync review` and the explorer's review (shape in docs/json-output.md).
 */
import type { AccessEntry } from "../access.ts";
import { reviewCounts, type DormantUser, type OffboardingGap, type ReviewedUser, type SyncReview } from "../review.ts";
import { iso, refJson, resourceJson, syncJson } from "./shapes.ts";

/** One app's review as `idsync review` reports it: the app's name, its file and its findings. */
export interface AppReview {
  app: string;
  file: string;
  review: SyncReview;
}

function accessJson(entries: readonly AccessEntry[]) {
  return entries.map((entry) => ({
    entitlementId: entry.entitlementId,
    resource: refJson(entry.resource.id, entry.resource.displayName),
    direct: entry.direct,
    via: entry.via,
  }));
}

function reviewedJson(user: ReviewedUser) {
  return { ...resourceJson(user.resource), adminRoles: user.adminRoles, access: accessJson(user.access) };
}

function dormantJson(user: DormantUser) {
  return { ...reviewedJson(user), reason: user.reason, daysIdle: user.daysIdle };
}

export function gapJson(gap: OffboardingGap) {
  return {
    email: gap.email,
    apps: gap.apps.map((presence) => ({
      app: presence.app,
      ...resourceJson(presence.resource),
      admin: presence.admin,
    })),
  };
}

/** `gaps`: the offboarding gaps across the files, or null when there was one file to look at. */
export function reviewJson(
  reviews: readonly AppReview[],
  staleDays: number,
  gaps: readonly OffboardingGap[] | null = null,
) {
  return {
    staleDays,
    apps: reviews.map(({ app, file, review }) => {
      const counts = reviewCounts(review);
      const changes = review.adminChanges;
      return {
        app,
        file,
        sync: syncJson(review.sync),
        reference: iso(review.reference),
        users: review.users,
        loginsRecorded: review.loginsRecorded,
        counts: {
          admins: counts.admins,
          pendingInvites: counts.pendingInvites,
          dormant: counts.dormant,
          inactiveWithAccess: counts.inactiveWithAccess,
          adminChanges: changes ? changes.added.length + changes.removed.length : null,
        },
        admins: review.admins.map(reviewedJson),
        pendingInvites: review.pendingInvites.map(reviewedJson),
        dormant: review.dormant.map(dormantJson),
        inactiveWithAccess: review.inactiveWithAccess.map(reviewedJson),
        adminChanges: changes && {
          previousSync: syncJson(changes.previous),
          added: changes.added.map(reviewedJson),
          removed: changes.removed.map((removed) => ({
            ...resourceJson(removed.resource),
            stillPresent: removed.stillPresent,
          })),
        },
      };
    }),
    offboardingGaps: gaps && gaps.map(gapJson),
  };
}
