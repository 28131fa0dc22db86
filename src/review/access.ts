/**
 * @module
 * Everything one principal holds, directly and through groups, with the path for each.
 *
 * Expanded files (every sync idsync writes) store derived grants with `sources`: the
 * entitlements they came through. Files not yet expanded (an unfinished Baton sync) hold only
 * the direct grants, so the walk below also follows them itself, breadth first from what the
 * principal holds directly, and the two agree:
 * - a grant to resource X carrying `GrantExpandable{S…}` reaches holders of S (an entitlement
 *   on X), honouring `shallow` (direct holders only) and `resourceTypeIds`, as Baton expands;
 * - a plain grant held directly by a group reaches the holders of that group's `member`
 *   entitlement (connectors that do not annotate group grants still mean members by them).
 * Each entitlement is walked once, so membership cycles end.
 */
import { IdsyncError, resourceKey, type C1zReader, type Grant, type Resource, type ResourceId } from "../core/index.ts";
import { RecentCache, SyncLookup } from "./principals.ts";
import { compareKeys } from "./order.ts";

export interface AccessEntry {
  entitlementId: string;
  slug: string;
  /** The entitlement's display name (its slug when it has none). */
  entitlementName: string;
  resource: { id: ResourceId; displayName: string };
  /** The stored grant, or null when the walk inferred this holding from an unexpanded file. */
  grantId: string | null;
  /** Held in its own right: a grant with no sources, or one listing itself among them. */
  direct: boolean;
  /**
   * One path per entitlement this was received through: entitlement ids from one the
   * principal holds directly to the immediate source, e.g. `[["group:eng:member"]]`.
   */
  via: string[][];
}

export interface AccessReport {
  syncId: string;
  /** The principal as stored (or only its id, when the file lacks the resource). */
  principal: Resource;
  /** Sorted by resource type, resource id, then entitlement id. */
  entries: AccessEntry[];
}

interface Held {
  resource: Resource;
  grant: Grant | undefined;
  direct: boolean;
  sources: Set<string>;
}

/** Grants held by the groups a principal belongs to are read once per resolver, within a bound. */
const GROUP_GRANTS_CACHE = 2_000;

export class AccessResolver {
  readonly lookup: SyncLookup;
  readonly #groupGrants = new RecentCache<string, Grant[]>(GROUP_GRANTS_CACHE);

  constructor(reader: C1zReader, syncId: string) {
    this.lookup = new SyncLookup(reader, syncId);
  }

  get #reader(): C1zReader {
    return this.lookup.reader;
  }

  #grantsHeldBy(id: ResourceId): Grant[] {
    return this.#groupGrants.get(resourceKey(id), () => [
      ...this.#reader.grants(this.lookup.syncId, { principal: id }),
    ]);
  }

  /** Everything `principalId` holds in the sync. Throws when the sync has neither the principal nor grants to it. */
  accessOf(principalId: ResourceId): AccessReport {
    const syncId = this.lookup.syncId;
    const held = new Map<string, Held>();
    for (const grant of this.#reader.grants(syncId, { principal: principalId })) {
      const entry = holding(held, grant.entitlement.id, grant.entitlement.resource);
      entry.grant = grant;
      const sources = Object.keys(grant.sources ?? {});
      if (sources.length === 0 || sources.includes(grant.entitlement.id)) entry.direct = true;
      for (const source of sources) if (source !== grant.entitlement.id) entry.sources.add(source);
    }
    const principal = this.lookup.resource(principalId);
    if (!principal && held.size === 0) {
      throw new IdsyncError(
        "invalid-config",
        `${this.#reader.path}: sync ${syncId} has no principal ${resourceKey(principalId)}`,
        {
          hint: "list principals with `idsync resources -t user`",
        },
      );
    }
    this.#walk(principalId, held);
    return {
      syncId,
      principal: principal ?? { id: principalId, displayName: "" },
      entries: this.#entries(held),
    };
  }

  /** Breadth first over what the principal holds: each held entitlement S passes on what X's grants give. */
  #walk(principalId: ResourceId, held: Map<string, Held>): void {
    const queue = [...held.keys()];
    const walked = new Set<string>();
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (walked.has(next)) continue;
      walked.add(next);
      const source = held.get(next)!;
      const on = source.resource.id;
      for (const grant of this.#grantsHeldBy(on)) {
        if (!this.#passesOn(grant, next, source, principalId)) continue;
        const descendant = grant.entitlement.id;
        if (descendant === next) continue;
        holding(held, descendant, grant.entitlement.resource).sources.add(next);
        if (!walked.has(descendant)) queue.push(descendant);
      }
    }
  }

  #passesOn(grant: Grant, source: string, sourceHeld: Held, principalId: ResourceId): boolean {
    const expandable = grant.expandable;
    if (expandable) {
      if (!expandable.entitlementIds.includes(source)) return false;
      if (expandable.shallow && !sourceHeld.direct) return false;
      return expandable.resourceTypeIds.length === 0 || expandable.resourceTypeIds.includes(principalId.resourceType);
    }
    const sources = Object.keys(grant.sources ?? {});
    const directGrant = sources.length === 0 || sources.includes(grant.entitlement.id);
    const group = grant.principal.id;
    return (
      directGrant && this.lookup.hasTrait(group.resourceType, "group") && source === `${resourceKey(group)}:member`
    );
  }

  #entries(held: Map<string, Held>): AccessEntry[] {
    const chains = shortestChains(held);
    const entries: AccessEntry[] = [];
    for (const [id, entry] of held) {
      const entitlement = this.lookup.entitlement(id);
      const resourceId = entry.resource.id;
      const slug = entitlement?.slug || slugOf(id, resourceId);
      entries.push({
        entitlementId: id,
        slug,
        entitlementName: entitlement?.displayName || slug,
        resource: { id: resourceId, displayName: this.lookup.displayName(entry.resource) },
        grantId: entry.grant?.id ?? null,
        direct: entry.direct,
        via: [...entry.sources].sort(compareKeys).map((source) => [...(chains.get(source) ?? []), source]),
      });
    }
    return entries.sort(
      (a, b) =>
        compareKeys(a.resource.id.resourceType, b.resource.id.resourceType) ||
        compareKeys(a.resource.id.resource, b.resource.id.resource) ||
        compareKeys(a.entitlementId, b.entitlementId),
    );
  }
}

function holding(held: Map<string, Held>, entitlementId: string, resource: Resource): Held {
  let entry = held.get(entitlementId);
  if (!entry) {
    entry = { resource, grant: undefined, direct: false, sources: new Set() };
    held.set(entitlementId, entry);
  }
  return entry;
}

/** The slug of `<type>:<id>:<slug>` when the entitlement itself is not stored. */
function slugOf(entitlementId: string, resource: ResourceId): string {
  const prefix = `${resourceKey(resource)}:`;
  return entitlementId.startsWith(prefix) ? entitlementId.slice(prefix.length) : entitlementId;
}

/**
 * For each held entitlement, the shortest chain of entitlements leading to it from one held
 * directly (empty for direct ones), found breadth first over the `sources` edges.
 */
function shortestChains(held: Map<string, Held>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const [id, entry] of held) {
    for (const source of entry.sources) children.set(source, [...(children.get(source) ?? []), id]);
  }
  const parent = new Map<string, string | undefined>();
  const queue: string[] = [];
  for (const [id, entry] of held) {
    if (entry.direct) {
      parent.set(id, undefined);
      queue.push(id);
    }
  }
  for (let index = 0; index < queue.length; index++) {
    const id = queue[index]!;
    for (const child of children.get(id) ?? []) {
      if (parent.has(child)) continue;
      parent.set(child, id);
      queue.push(child);
    }
  }
  const chains = new Map<string, string[]>();
  const chainOf = (id: string): string[] => {
    const cached = chains.get(id);
    if (cached) return cached;
    const up = parent.get(id);
    // Unreachable from a direct holding (an inconsistent file): the chain is unknown, so empty.
    const chain = up === undefined ? [] : [...chainOf(up), up];
    chains.set(id, chain);
    return chain;
  };
  for (const id of held.keys()) chainOf(id);
  return chains;
}

/** Everything `principal` holds in the sync (a one-off resolver; reuse an `AccessResolver` for many). */
export function accessOf(reader: C1zReader, syncId: string, principal: ResourceId): AccessReport {
  return new AccessResolver(reader, syncId).accessOf(principal);
}
