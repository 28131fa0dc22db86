/**
 * @module
 * Who a principal is, as access reviews need it: name, email, status (pending invites called
 * out), account type and last login — plus bounded lookups, so a reader can name the
 * principals of a million grants without holding a million resources.
 */
import {
  ConfigError,
  resourceKey,
  statusReasonOf,
  type AccountType,
  type C1zReader,
  type Entitlement,
  type Resource,
  type ResourceId,
  type ResourceStatus,
  type ResourceType,
  type StatusReason,
} from "../core/index.ts";

/** The user-trait facts a reviewer reads, flattened; every field present (null when unknown). */
export interface UserFacts {
  /** The primary address, else the first one. */
  email: string | null;
  emails: string[];
  status: ResourceStatus;
  statusDetails: string | null;
  /** Why, as the connector stated it (`idsync_status_reason`); null in files that do not say. */
  statusReason: StatusReason | null;
  accountType: AccountType;
  login: string | null;
  lastLogin: Date | null;
  pendingInvite: boolean;
}

/**
 * DESIGN.md: a pending invite is a disabled user whose connector says it is one. Connectors
 * state it as the status reason `pending_invite` (core/model facts.ts), so any product that
 * writes the reason needs nothing here. A user whose connector stated a reason is judged by
 * that reason alone.
 */
export function isPendingInvite(resource: Resource): boolean {
  const user = resource.user;
  if (user?.status !== "disabled") return false;
  const reason = statusReasonOf(resource);
  return reason === undefined ? pendingInviteInWords(user.statusDetails ?? "") : reason === "pending_invite";
}

/**
 * The fallback for files with no stated reason (idsync's files before the reason existed, and
 * other connectors such as Baton's own): the details say so. idsync's connectors wrote
 * "pending invite"; other connectors may write "Invited". An invite that was declined, expired
 * or revoked is not pending.
 */
function pendingInviteInWords(details: string): boolean {
  return /pending[ -]?invit|\binvited\b/i.test(details) && !/declin|expir|revok/i.test(details);
}

export function userFacts(resource: Resource): UserFacts | undefined {
  const user = resource.user;
  if (!user) return undefined;
  const primary = user.emails.find((email) => email.primary) ?? user.emails[0];
  return {
    email: primary?.address ?? null,
    emails: user.emails.map((email) => email.address),
    status: user.status,
    statusDetails: user.statusDetails ?? null,
    statusReason: statusReasonOf(resource) ?? null,
    accountType: user.accountType,
    login: user.login ?? null,
    lastLogin: user.lastLogin ?? null,
    pendingInvite: isPendingInvite(resource),
  };
}

/**
 * "disabled (pending invite)"; the details are left out when they only repeat the status,
 * as Baton's SDK writes them ("Enabled").
 */
export function statusLabel(facts: Pick<UserFacts, "status" | "statusDetails">): string {
  const details = facts.statusDetails?.trim();
  return details && details.toLowerCase() !== facts.status ? `${facts.status} (${details})` : facts.status;
}

/**
 * A bounded cache that keeps recently used entries: two generations of at most
 * `capacity / 2` entries each; a hit in the old generation moves the entry to the young one,
 * and when the young one fills up the old one is dropped whole. Close to LRU, without LRU's
 * reordering on every hit (which costs more than the lookups it saves on hot paths).
 */
export class RecentCache<K, V> {
  readonly #half: number;
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  constructor(capacity: number) {
    this.#half = Math.max(1, Math.floor(capacity / 2));
  }

  /** Entries held now; never more than the capacity. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** The cached value, loading (and caching) it with `load` on a miss. */
  get(key: K, load: (key: K) => V): V {
    if (this.#young.has(key)) return this.#young.get(key) as V;
    const value = this.#old.has(key) ? (this.#old.get(key) as V) : load(key);
    this.#old.delete(key);
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
    return value;
  }
}

/** Default bound of each lookup cache: a few MiB of decoded objects at most. */
export const DEFAULT_LOOKUP_CACHE = 10_000;

/**
 * Bounded, cached lookups of one sync's resources, entitlements and resource types. Grants
 * often embed only ids (Baton's SDK writes principals as `{id}`), so readers name things here.
 */
export class SyncLookup {
  readonly reader: C1zReader;
  readonly syncId: string;
  readonly #resources: RecentCache<string, Resource | undefined>;
  readonly #entitlements: RecentCache<string, Entitlement | undefined>;
  readonly #types = new Map<string, ResourceType | undefined>();
  #roleNames: Map<string, string> | undefined;

  constructor(reader: C1zReader, syncId: string, capacity = DEFAULT_LOOKUP_CACHE) {
    this.reader = reader;
    this.syncId = syncId;
    this.#resources = new RecentCache(capacity);
    this.#entitlements = new RecentCache(capacity);
  }

  resource(id: ResourceId): Resource | undefined {
    return this.#resources.get(resourceKey(id), () => this.reader.getResource(this.syncId, id));
  }

  entitlement(id: string): Entitlement | undefined {
    return this.#entitlements.get(id, () => this.reader.getEntitlement(this.syncId, id));
  }

  /** Resource types are few: kept whole. */
  resourceType(id: string): ResourceType | undefined {
    if (!this.#types.has(id)) this.#types.set(id, this.reader.getResourceType(this.syncId, id));
    return this.#types.get(id);
  }

  /**
   * The display name of the role whose resource id is `id`. Roles are few in every product, so
   * they are read once, whole; an id two role types share names neither.
   */
  roleName(id: string): string | undefined {
    if (!this.#roleNames) {
      const names = new Map<string, string>();
      const shared = new Set<string>();
      for (const type of this.reader.resourceTypes(this.syncId)) {
        if (!type.traits.includes("role")) continue;
        for (const role of this.reader.resources(this.syncId, { resourceType: type.id })) {
          if (names.has(role.id.resource)) shared.add(role.id.resource);
          if (role.displayName) names.set(role.id.resource, role.displayName);
        }
      }
      for (const id of shared) names.delete(id);
      this.#roleNames = names;
    }
    return this.#roleNames.get(id);
  }

  /** The resource's display name, looked up when `embedded` carries none (bare-id principals). */
  displayName(embedded: Resource): string {
    return embedded.displayName || this.resource(embedded.id)?.displayName || "";
  }

  /** The full principal: `embedded` when it already carries its trait, else the stored resource. */
  principal(embedded: Resource): Resource {
    if (embedded.user || (embedded.displayName && !this.hasTrait(embedded.id.resourceType, "user"))) return embedded;
    return this.resource(embedded.id) ?? embedded;
  }

  hasTrait(typeId: string, trait: "user" | "group" | "role"): boolean {
    return this.resourceType(typeId)?.traits.includes(trait) ?? false;
  }
}

/**
 * The users of a sync whose email addresses include `email` (case-insensitive). Streams
 * every user-trait resource once; a file holds at most a few hundred thousand.
 */
export function findUsersByEmail(reader: C1zReader, syncId: string, email: string): Resource[] {
  const wanted = email.trim().toLowerCase();
  const userTypes = [...reader.resourceTypes(syncId)]
    .filter((type) => type.traits.includes("user"))
    .map((type) => type.id);
  const found: Resource[] = [];
  for (const type of userTypes) {
    for (const resource of reader.resources(syncId, { resourceType: type })) {
      if (resource.user?.emails.some((address) => address.address.toLowerCase() === wanted)) found.push(resource);
    }
  }
  return found;
}

/** The one principal `email` names, or a ConfigError saying why not. */
export function principalByEmail(reader: C1zReader, syncId: string, email: string): Resource {
  const found = findUsersByEmail(reader, syncId, email);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new ConfigError(`${reader.path}: no user with the email ${email} in sync ${syncId}`, {
      hint: "list users with `idsync resources -t user`",
    });
  }
  throw new ConfigError(`${reader.path}: ${found.length} users have the email ${email}`, {
    hint: `name one with -p: ${found.map((resource) => resourceKey(resource.id)).join(", ")}`,
  });
}
