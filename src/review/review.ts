/**
 * @module
 * The findings of an access review, read from one sync: who is an admin, who is a pending
 * invite, which accounts have not been used for a while, who is disabled yet still holds
 * access, and which admins came and went since the previous full sync in the same file.
 *
 * "A while" is measured back from the sync's own time, not from today, so the same file
 * always gives the same findings. Only users are reviewed (resources whose type has the user
 * trait); each listed user carries what they hold, with paths, from `AccessResolver`.
 */
import {
  parseResourceKey,
  resourceKey,
  statusReasonOf,
  STATUS_REASON_KEY,
  type AccountType,
  type C1zReader,
  type Resource,
  type ResourceId,
  type SyncRun,
} from "../core/index.ts";
import { AccessResolver, type AccessEntry } from "./access.ts";
import { adminRoles, adminUsers } from "./admins.ts";
import { compareKeys } from "./order.ts";
import { userFacts, type UserFacts } from "./principals.ts";
import { DormancyRule, type DormantReason } from "./dormancy.ts";
import { syncPairInFile } from "./syncs.ts";

export interface ReviewOptions {
  /** An enabled account unused for more than this many days before the sync is dormant. @default STALE_LOGIN_DAYS */
  staleDays?: number;
}

export interface ReviewedUser {
  resource: Resource;
  facts: UserFacts;
  /** Names of the admin roles held (directly or through groups); empty for non-admins. */
  adminRoles: string[];
  /** Everything the user holds, sorted as `AccessResolver` sorts it. */
  access: AccessEntry[];
}

export interface DormantUser extends ReviewedUser {
  reason: DormantReason;
  /** Whole days between the last login (or, never having logged in, the account's creation) and the sync. */
  daysIdle: number;
}

export interface AdminChanges {
  /** The finished full sync before the reviewed one, in the same file. */
  previous: SyncRun;
  added: ReviewedUser[];
  /** Admins of the previous sync who are not admins now (the resource as it was then). */
  removed: Array<{ resource: Resource; facts: UserFacts | undefined; stillPresent: boolean }>;
}

export interface SyncReview {
  sync: SyncRun;
  staleDays: number;
  /** The moment dormancy is measured from: the sync's end (its start, when unfinished). */
  reference: Date;
  users: number;
  /**
   * Account types with a last login recorded for at least one account. Dormancy is only known
   * for these: an app that reports no sign-ins (Clockify) leaves this empty.
   */
  loginsRecorded: AccountType[];
  admins: ReviewedUser[];
  pendingInvites: ReviewedUser[];
  dormant: DormantUser[];
  /** Disabled (not pending) or deleted users who still hold at least one entitlement. */
  inactiveWithAccess: ReviewedUser[];
  /** Null when the file holds no earlier finished full sync to compare with. */
  adminChanges: AdminChanges | null;
}

/** How many of each finding; `null` where unknown (no logins recorded, no previous sync). */
export interface ReviewCounts {
  users: number;
  admins: number;
  pendingInvites: number;
  dormant: number | null;
  inactiveWithAccess: number;
  adminsAdded: number | null;
  adminsRemoved: number | null;
}

export function reviewCounts(review: SyncReview): ReviewCounts {
  return {
    users: review.users,
    admins: review.admins.length,
    pendingInvites: review.pendingInvites.length,
    dormant: review.loginsRecorded.length > 0 ? review.dormant.length : null,
    inactiveWithAccess: review.inactiveWithAccess.length,
    adminsAdded: review.adminChanges ? review.adminChanges.added.length : null,
    adminsRemoved: review.adminChanges ? review.adminChanges.removed.length : null,
  };
}

/**
 * Reads the findings of `sync` in one pass over its users. Memory grows with the number of
 * users listed, not with the tenant: only the listed ones keep their access. (A user who never
 * logged in, of an account type with no login seen yet, waits as an id until the pass ends and
 * says whether the app records logins for that type at all.)
 */
export function reviewSync(reader: C1zReader, sync: SyncRun, options: ReviewOptions = {}): SyncReview {
  const reference = sync.endedAt ?? sync.startedAt;
  const rule = new DormancyRule(reference, options.staleDays);
  const staleDays = rule.staleDays;
  const resolver = new AccessResolver(reader, sync.id);
  const roles = adminRoles(reader, sync.id);
  const admins = adminUsers(reader, sync.id, roles);
  const undecided: Array<{
    id: ResourceId;
    accountType: AccountType;
    daysIdle: number;
    reviewed: ReviewedUser | undefined;
  }> = [];

  const review: SyncReview = {
    sync,
    staleDays,
    reference,
    users: 0,
    loginsRecorded: [],
    admins: [],
    pendingInvites: [],
    dormant: [],
    inactiveWithAccess: [],
    adminChanges: null,
  };
  for (const resource of userResources(reader, sync.id)) {
    const facts = userFacts(resource)!;
    review.users++;
    const isAdmin = admins.has(resourceKey(resource.id));
    const dormancy = rule.check(resource, facts);
    const waits = dormancy?.pending === true;
    const dormantNow = waits ? undefined : dormancy;
    const inactive = isInactive(facts);
    const reviewed =
      isAdmin || facts.pendingInvite || dormantNow || inactive
        ? reviewedUser(resolver, roles, resource, facts)
        : undefined;
    if (waits)
      undecided.push({ id: resource.id, accountType: facts.accountType, daysIdle: dormancy!.daysIdle, reviewed });
    if (!reviewed) continue;
    if (isAdmin) review.admins.push(reviewed);
    if (facts.pendingInvite) review.pendingInvites.push(reviewed);
    if (dormantNow) review.dormant.push({ ...reviewed, reason: dormantNow.reason, daysIdle: dormantNow.daysIdle });
    if (inactive && reviewed.access.length > 0) review.inactiveWithAccess.push(reviewed);
  }
  for (const waiting of undecided) {
    if (!rule.recordsLogins(waiting.accountType)) continue;
    const resource = waiting.reviewed?.resource ?? reader.getResource(sync.id, waiting.id)!;
    const reviewed = waiting.reviewed ?? reviewedUser(resolver, roles, resource, userFacts(resource)!);
    review.dormant.push({ ...reviewed, reason: "never-logged-in", daysIdle: waiting.daysIdle });
  }
  review.loginsRecorded = rule.loginsRecorded;
  for (const list of [review.admins, review.pendingInvites, review.dormant, review.inactiveWithAccess])
    list.sort(byUser);
  review.dormant.sort((a, b) => b.daysIdle - a.daysIdle || byUser(a, b));
  review.adminChanges = adminChangesSince(reader, sync, admins, (resource, facts) =>
    reviewedUser(resolver, roles, resource, facts),
  );
  return review;
}

function* userResources(reader: C1zReader, syncId: string): Generator<Resource> {
  for (const type of reader.resourceTypes(syncId)) {
    if (!type.traits.includes("user")) continue;
    for (const resource of reader.resources(syncId, { resourceType: type.id })) if (resource.user) yield resource;
  }
}

/** `roles`: the sync's admin-grade roles (admins.ts). */
function reviewedUser(
  resolver: AccessResolver,
  roles: ReadonlyMap<string, ResourceId>,
  resource: Resource,
  facts: UserFacts,
): ReviewedUser {
  const access = resolver.accessOf(resource.id).entries;
  const adminRoles = [
    ...new Set(
      access
        .filter((entry) => roles.has(resourceKey(entry.resource.id)))
        .map((entry) => entry.resource.displayName || entry.resource.id.resource),
    ),
  ];
  return { resource, facts, adminRoles, access };
}

function adminChangesSince(
  reader: C1zReader,
  sync: SyncRun,
  admins: Set<string>,
  review: (resource: Resource, facts: UserFacts) => ReviewedUser,
): AdminChanges | null {
  let previous: SyncRun;
  try {
    previous = syncPairInFile(reader, { newId: sync.id }).old;
  } catch {
    return null; // no earlier finished full sync: nothing to compare with
  }
  const before = adminUsers(reader, previous.id);
  const added: ReviewedUser[] = [];
  for (const key of [...admins].filter((admin) => !before.has(admin)).sort(compareKeys)) {
    const resource = reader.getResource(sync.id, parseResourceKey(key)!);
    const facts = resource && userFacts(resource);
    if (resource && facts) added.push(review(resource, facts));
  }
  const removed: AdminChanges["removed"] = [];
  for (const key of [...before].filter((admin) => !admins.has(admin)).sort(compareKeys)) {
    const id = parseResourceKey(key)!;
    const resource = reader.getResource(previous.id, id) ?? { id, displayName: "" };
    removed.push({ resource, facts: userFacts(resource), stillPresent: reader.getResource(sync.id, id) !== undefined });
  }
  return { previous, added, removed };
}

function byUser(a: ReviewedUser, b: ReviewedUser): number {
  const name = (user: ReviewedUser) =>
    (user.resource.displayName || user.facts.email || user.resource.id.resource).toLowerCase();
  return name(a).localeCompare(name(b), "en") || compareKeys(resourceKey(a.resource.id), resourceKey(b.resource.id));
}

/** One app's account of a person, as the cross-app check sees it. */
export interface AppPresence {
  app: string;
  resource: Resource;
  facts: UserFacts;
  /** Holds an admin-grade role in that app (admins.ts). */
  admin: boolean;
}

/** A person (by email) disabled or deleted in one app while still enabled in another. */
export interface OffboardingGap {
  email: string;
  /** Every app the email has an account in, in the order the apps were added. */
  apps: AppPresence[];
}

/**
 * The user as a reviewer reads it, without the profiles and annotations that make up most of a
 * stored resource: every user of every app is held at once here. The stated status reason is
 * all of the profile kept, since whether the user is a pending invite depends on it.
 */
function withoutProfiles(resource: Resource): Resource {
  const { profile: _profile, otherAnnotations: _annotations, user, ...rest } = resource;
  if (!user) return rest;
  const { profile: _userProfile, ...trait } = user;
  const reason = statusReasonOf(resource);
  return { ...rest, user: reason === undefined ? trait : { ...trait, profile: { [STATUS_REASON_KEY]: reason } } };
}

const isInactive = (facts: UserFacts): boolean =>
  (facts.status === "disabled" && !facts.pendingInvite) || facts.status === "deleted";

/**
 * People across several apps, joined by email (case-insensitive), to find offboarding gaps:
 * someone switched off in one product who can still sign in to another. Holds one small entry
 * per user with an email in every app added (about 1 KB: the user without its profiles), so it
 * grows with the users, not the grants.
 */
export class PeopleAcrossApps {
  /** Each app's users with an email, in the order the apps were added. */
  readonly #added: Array<{ app: string; users: Array<{ email: string; presence: Omit<AppPresence, "facts"> }> }> = [];

  get apps(): number {
    return this.#added.length;
  }

  has(app: string): boolean {
    return this.#added.some((added) => added.app === app);
  }

  /**
   * Adds the users of one app's sync. `admins`: the admins' resource keys, when a review of
   * the sync already has them.
   */
  add(reader: C1zReader, sync: SyncRun, app: string, admins?: ReadonlySet<string>): void {
    this.#added.push({ app, users: this.#usersOf(reader, sync, app, admins) });
  }

  /** Like {@link add}, but in place of what `app` held before, if anything (a newer sync of it). */
  replace(reader: C1zReader, sync: SyncRun, app: string, admins?: ReadonlySet<string>): void {
    const users = this.#usersOf(reader, sync, app, admins);
    const held = this.#added.find((added) => added.app === app);
    if (held) held.users = users;
    else this.#added.push({ app, users });
  }

  #usersOf(reader: C1zReader, sync: SyncRun, app: string, admins: ReadonlySet<string> = adminUsers(reader, sync.id)) {
    const users: Array<{ email: string; presence: Omit<AppPresence, "facts"> }> = [];
    for (const resource of userResources(reader, sync.id)) {
      const email = userFacts(resource)!.email?.toLowerCase();
      if (email)
        users.push({
          email,
          presence: { app, resource: withoutProfiles(resource), admin: admins.has(resourceKey(resource.id)) },
        });
    }
    return users;
  }

  /** Everyone inactive in one app and enabled in another, by email. */
  gaps(): OffboardingGap[] {
    const byEmail = new Map<string, Array<Omit<AppPresence, "facts">>>();
    for (const { users } of this.#added) {
      for (const { email, presence } of users) {
        const known = byEmail.get(email);
        if (known) known.push(presence);
        else byEmail.set(email, [presence]);
      }
    }
    const gaps: OffboardingGap[] = [];
    for (const [email, held] of byEmail) {
      if (held.length < 2) continue;
      const apps = held.map((presence) => ({ ...presence, facts: userFacts(presence.resource)! }));
      if (
        apps.some((presence) => isInactive(presence.facts)) &&
        apps.some((presence) => presence.facts.status === "enabled")
      )
        gaps.push({ email, apps });
    }
    return gaps.sort((a, b) => compareKeys(a.email, b.email));
  }
}

/** The resource keys of a review's admins, as `PeopleAcrossApps.add` takes them. */
export function adminKeys(review: SyncReview): Set<string> {
  return new Set(review.admins.map((admin) => resourceKey(admin.resource.id)));
}
