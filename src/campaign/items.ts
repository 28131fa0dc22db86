/**
 * @module
 * What a campaign asks reviewers to decide on, built from the review's findings (src/review):
 * one item per account, or per account and entitlement, and why it is in scope. An item's id
 * comes from what it is (app, account, entitlement, why), so the same finding in another
 * campaign or a rebuilt one has the same id, and `verify` can find it in a newer sync.
 */
import { createHash } from "node:crypto";
import { resourceKey, type C1zReader, type Resource, type SyncRun } from "../core/index.ts";
import {
  AccessResolver,
  exportRows,
  isAdminRoleName,
  statusLabel,
  userFacts,
  type AccessEntry,
  type OffboardingGap,
  type ReviewedUser,
  type SyncReview,
  type UserFacts,
} from "../review/index.ts";
import type { CampaignItem, ItemAccount, ItemEntitlement, Scope, Why } from "./format.ts";
import { matchRoster, type Roster } from "./roster.ts";

/** 12 hex digits (48 bits): short enough to type into `decide --item`, unique within any campaign. */
const ID_LENGTH = 12;

export function itemId(app: string, accountKey: string, entitlementId: string | null, why: Why): string {
  return createHash("sha256")
    .update(JSON.stringify([app, accountKey, entitlementId ?? "", why]))
    .digest("hex")
    .slice(0, ID_LENGTH);
}

export function accountOf(resource: Resource, facts: UserFacts): ItemAccount {
  return {
    key: resourceKey(resource.id),
    name: resource.displayName,
    email: facts.email,
    login: facts.login,
    accountType: facts.accountType,
    status: statusLabel(facts),
    lastLogin: facts.lastLogin ? facts.lastLogin.toISOString() : null,
  };
}

function entitlementOf(entry: AccessEntry): ItemEntitlement {
  return {
    id: entry.entitlementId,
    name: entry.entitlementName,
    resource: resourceKey(entry.resource.id),
    resourceName: entry.resource.displayName,
  };
}

/** "Admin role" directly, or "Admin role, through group:g-eng:member". */
function holdingText(entry: AccessEntry): string {
  const on = entry.resource.displayName || resourceKey(entry.resource.id);
  // "Admin role", not "Admin role on Admin": most entitlements are named after their resource.
  const name = entry.entitlementName.includes(on) ? entry.entitlementName : `${entry.entitlementName} on ${on}`;
  if (entry.direct || entry.via.length === 0) return `${name}, directly`;
  return `${name}, through ${entry.via.map((path) => path.join(" → ")).join(" and ")}`;
}

const day = (date: Date | null): string => (date ? date.toISOString().slice(0, 10) : "never");

/** "Engineering member, Admin role": what an account holds, for account items' evidence. */
function holdsText(access: readonly AccessEntry[]): string {
  if (access.length === 0) return "holds nothing";
  const names = [...new Set(access.map((entry) => entry.entitlementName))];
  return `holds ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}`;
}

/** Collects items by id: the same finding reached twice is one item. */
export class ItemList {
  readonly #items = new Map<string, CampaignItem>();

  add(
    app: string,
    account: ItemAccount,
    entitlement: ItemEntitlement | null,
    why: Why,
    evidence: string,
    via: string[][] = [],
  ): void {
    const id = itemId(app, account.key, entitlement?.id ?? null, why);
    if (!this.#items.has(id))
      this.#items.set(id, { id, app, account, entitlement, why, evidence, via, reviewer: null, person: null });
  }

  get items(): CampaignItem[] {
    return [...this.#items.values()];
  }
}

export interface AppSync {
  app: string;
  reader: C1zReader;
  sync: SyncRun;
  review: SyncReview;
}

/** The items of one app's sync for `scopes` (offboarding gaps, which need every app, aside). */
export function appItems(list: ItemList, source: AppSync, scopes: readonly Scope[]): void {
  const { app, review } = source;
  const account = (user: ReviewedUser) => accountOf(user.resource, user.facts);
  for (const scope of scopes) {
    if (scope === "admins") {
      for (const user of review.admins) {
        for (const entry of user.access.filter((held) => isAdminRole(source, held))) {
          list.add(app, account(user), entitlementOf(entry), "admins", `admin: holds ${holdingText(entry)}`, entry.via);
        }
      }
    } else if (scope === "dormant") {
      for (const user of review.dormant) {
        const idle =
          user.reason === "never-logged-in"
            ? `never signed in, in the ${user.daysIdle} days since the account was made`
            : `no sign-in in the ${user.daysIdle} days before the sync (last ${day(user.facts.lastLogin)})`;
        list.add(app, account(user), null, "dormant", `${idle}; ${holdsText(user.access)}`);
      }
    } else if (scope === "pending") {
      for (const user of review.pendingInvites) {
        list.add(
          app,
          account(user),
          null,
          "pending",
          `pending invite; ${holdsText(user.access).replace(/^holds/, "would hold")}`,
        );
      }
    } else if (scope === "disabled-with-access") {
      for (const user of review.inactiveWithAccess) {
        for (const entry of user.access) {
          list.add(
            app,
            account(user),
            entitlementOf(entry),
            "disabled-with-access",
            `${statusLabel(user.facts)}, yet holds ${holdingText(entry)}`,
            entry.via,
          );
        }
      }
    } else if (scope === "service-accounts") {
      serviceAccountItems(list, source);
    } else if (scope === "all-grants") {
      allGrantItems(list, source);
    }
  }
}

function isAdminRole({ reader, sync }: AppSync, entry: AccessEntry): boolean {
  const type = reader.getResourceType(sync.id, entry.resource.id.resourceType);
  return (
    (type?.traits.includes("role") ?? false) &&
    (isAdminRoleName(entry.resource.displayName) || isAdminRoleName(entry.resource.id.resource))
  );
}

function* users(reader: C1zReader, syncId: string): Generator<{ resource: Resource; facts: UserFacts }> {
  for (const type of reader.resourceTypes(syncId)) {
    if (!type.traits.includes("user")) continue;
    for (const resource of reader.resources(syncId, { resourceType: type.id })) {
      const facts = userFacts(resource);
      if (facts) yield { resource, facts };
    }
  }
}

/** Service accounts and API keys: the accounts no person signs in with, and nobody offboards. */
function serviceAccountItems(list: ItemList, { app, reader, sync }: AppSync): void {
  const resolver = new AccessResolver(reader, sync.id);
  for (const { resource, facts } of users(reader, sync.id)) {
    if (facts.accountType !== "service") continue;
    const access = resolver.accessOf(resource.id).entries;
    list.add(
      app,
      accountOf(resource, facts),
      null,
      "service-accounts",
      `service account (${statusLabel(facts)}), last used ${day(facts.lastLogin)}; ${holdsText(access)}`,
    );
  }
}

/** Every grant a user holds, directly or through groups: the full certification. */
function allGrantItems(list: ItemList, { app, reader, sync }: AppSync): void {
  let current: { key: string; account: ItemAccount } | undefined;
  for (const row of exportRows(reader, sync.id, app)) {
    if (row.account_type === null) continue; // a group or role holding something: its members are reviewed
    const key = `${row.principal_type}:${row.principal_id}`;
    if (current?.key !== key) {
      const resource = reader.getResource(sync.id, { resourceType: row.principal_type!, resource: row.principal_id! });
      const facts = resource && userFacts(resource);
      if (!resource || !facts) continue;
      current = { key, account: accountOf(resource, facts) };
    }
    const via = row.via ? row.via.split("; ").map((source) => [source]) : [];
    const entitlement = {
      id: row.entitlement_id!,
      name: row.entitlement_name ?? row.entitlement_id!,
      resource: `${row.resource_type}:${row.resource_id}`,
      resourceName: row.resource_name ?? "",
    };
    const how = row.direct ? "directly" : `through ${via.map((path) => path[0]).join(" and ")}`;
    const on = entitlement.resourceName || entitlement.resource;
    const what = entitlement.name.includes(on) ? entitlement.name : `${entitlement.name} on ${on}`;
    list.add(app, current.account, entitlement, "all-grants", `holds ${what}, ${how}`, via);
  }
}

/** Offboarding gaps: an item for each app where the person is still enabled. */
export function gapItems(list: ItemList, gaps: readonly OffboardingGap[]): void {
  for (const gap of gaps) {
    const off = gap.apps.filter((presence) => presence.facts.status !== "enabled");
    const offText = off.map((presence) => `${presence.app} (${statusLabel(presence.facts)})`).join(", ");
    for (const presence of gap.apps.filter((held) => held.facts.status === "enabled")) {
      list.add(
        presence.app,
        accountOf(presence.resource, presence.facts),
        null,
        "offboarding-gaps",
        `${gap.email} is switched off in ${offText}, still enabled here`,
      );
    }
  }
}

/** Accounts whose email no active person on the roster has: orphans and leavers' accounts. */
export function rosterItems(
  list: ItemList,
  { app, reader, sync }: Pick<AppSync, "app" | "reader" | "sync">,
  roster: Roster,
): void {
  for (const { resource, facts } of users(reader, sync.id)) {
    // Service accounts have no person; disabled and deleted accounts are already off.
    if (facts.accountType === "service" || (facts.status !== "enabled" && !facts.pendingInvite)) continue;
    const match = matchRoster(roster, facts.email);
    if (match.kind === "orphan") {
      list.add(
        app,
        accountOf(resource, facts),
        null,
        "orphan",
        facts.email ? `no one on the roster has ${facts.email}` : "the account has no email to match the roster by",
      );
    } else if (match.kind === "leaver") {
      list.add(
        app,
        accountOf(resource, facts),
        null,
        "leaver",
        `the roster has ${match.person.name || match.person.email} as "${match.person.status}" (line ${match.person.line}), the account is ${statusLabel(facts)}`,
      );
    }
  }
}

/** Each item gets its person from the roster and, where the roster names one, their manager as reviewer. */
export function assignReviewers(items: CampaignItem[], roster: Roster): void {
  for (const item of items) {
    const person = item.account.email ? roster.people.get(item.account.email.toLowerCase()) : undefined;
    if (!person) continue;
    item.person = { name: person.name, status: person.status, manager: person.manager };
    item.reviewer = person.manager;
  }
}
