/**
 * @module
 * Grant expansion, with Baton's semantics (`pkg/sync/expand`): a grant of entitlement D to
 * principal P annotated `GrantExpandable{entitlement_ids: [S…]}` means "whoever holds S (an
 * entitlement on P) also holds D" — e.g. members of group G hold role R. Expansion adds the
 * derived grants, transitively, before the sync ends.
 *
 * Baton walks the graph level by level, paging through grants in the store. We compute the
 * same fixpoint semi-naively in memory over the grants of the entitlements that take part in
 * the graph (only those are loaded), which handles cycles without special cases:
 * - a derived grant gets id `D:<ptype>:<pid>`, a `GrantImmutable` annotation and
 *   `sources = {S: {isDirect}}` for every S it came through;
 * - a grant P already held directly gets its sources merged, with D itself marked direct;
 * - `shallow` edges pass on only direct holders of S; `resourceTypeIds` filters holders;
 * - an edge whose S does not exist is dropped with a warning; an S that is not on P fails
 *   the sync, as in Baton.
 */
import { SyncError } from "../errors/index.ts";
import type { Logger } from "../log/index.ts";
import { grantId, resourceKey } from "../model/index.ts";
import type { Entitlement, Grant, GrantExpandable, GrantSource, Resource, ResourceId } from "../model/index.ts";
import { yieldToEventLoop } from "../http/index.ts";

export interface ExpandableGrantRow {
  grantId: string;
  entitlementId: string;
  principal: ResourceId;
  expandable: GrantExpandable;
}

/** What expansion needs from the store, for the sync being written. */
export interface ExpansionStore {
  expandableGrants(): Iterable<ExpandableGrantRow>;
  getEntitlement(id: string): Entitlement | undefined;
  grantsOfEntitlement(entitlementId: string): Iterable<Grant>;
  putGrants(grants: Grant[]): void;
  clearNeedsExpansion(): void;
}

export interface ExpansionResult {
  edges: number;
  /** Grants that did not exist and were added. */
  derivedGrants: number;
  /** Existing grants whose sources were extended. */
  updatedGrants: number;
}

interface Edge {
  descendant: string;
  shallow: boolean;
  resourceTypes: Set<string> | undefined;
}

interface Holding {
  principal: Resource;
  /** Held directly, not only through expansion: no sources, or itself among them. */
  direct: boolean;
  /** The stored grant, when there is one. */
  grant: Grant | undefined;
}

const WRITE_BATCH = 1_000;
/** Holders pushed along edges between two breaks for the event loop: a few milliseconds. */
const STEPS_PER_SLICE = 20_000;

/**
 * Expands the store's grants. Asynchronous only to give the event loop turns (see `yield.ts`):
 * on a big tenant this is seconds of work, and a stop must be seen within a slice of it.
 */
export async function expandGrants(
  store: ExpansionStore,
  options: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<ExpansionResult> {
  const edges = loadEdges(store, options.logger);
  if (edges.size === 0) {
    store.clearNeedsExpansion();
    return { edges: 0, derivedGrants: 0, updatedGrants: 0 };
  }

  const holdings = new Map<string, Map<string, Holding>>();
  const holdersOf = (entitlement: string): Map<string, Holding> => {
    let holders = holdings.get(entitlement);
    if (!holders) {
      holders = new Map();
      for (const grant of store.grantsOfEntitlement(entitlement)) {
        const sources = grant.sources ? Object.keys(grant.sources) : [];
        holders.set(resourceKey(grant.principal.id), {
          principal: grant.principal,
          direct: sources.length === 0 || sources.includes(entitlement),
          grant,
        });
      }
      holdings.set(entitlement, holders);
    }
    return holders;
  };

  // newSources[D][principalKey][S] = whether P held S directly.
  const newSources = new Map<string, Map<string, Map<string, boolean>>>();
  // Semi-naive fixpoint: each round only pushes the holders an entitlement gained last round.
  let delta = new Map<string, Set<string>>();
  for (const source of edges.keys()) delta.set(source, new Set(holdersOf(source).keys()));
  let steps = 0;
  while (delta.size > 0) {
    await yieldToEventLoop();
    options.signal?.throwIfAborted();
    const next = new Map<string, Set<string>>();
    for (const [source, gained] of delta) {
      const sourceHolders = holdersOf(source);
      for (const edge of edges.get(source) ?? []) {
        const descendantHolders = holdersOf(edge.descendant);
        for (const key of gained) {
          if (++steps % STEPS_PER_SLICE === 0) {
            await yieldToEventLoop();
            options.signal?.throwIfAborted();
          }
          const holding = sourceHolders.get(key)!;
          if (edge.shallow && !holding.direct) continue;
          if (edge.resourceTypes && !edge.resourceTypes.has(holding.principal.id.resourceType)) continue;
          let byPrincipal = newSources.get(edge.descendant);
          if (!byPrincipal) newSources.set(edge.descendant, (byPrincipal = new Map()));
          let sources = byPrincipal.get(key);
          if (!sources) byPrincipal.set(key, (sources = new Map()));
          if (!sources.has(source)) sources.set(source, holding.direct);
          if (!descendantHolders.has(key)) {
            descendantHolders.set(key, { principal: holding.principal, direct: false, grant: undefined });
            if (edges.has(edge.descendant)) {
              let gainedByDescendant = next.get(edge.descendant);
              if (!gainedByDescendant) next.set(edge.descendant, (gainedByDescendant = new Set()));
              gainedByDescendant.add(key);
            }
          }
        }
      }
    }
    delta = next;
  }

  const result = await writeExpandedGrants(store, holdings, newSources, options.signal);
  store.clearNeedsExpansion();
  let edgeCount = 0;
  for (const list of edges.values()) edgeCount += list.length;
  return { edges: edgeCount, ...result };
}

function loadEdges(store: ExpansionStore, logger: Logger | undefined): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  const seen = new Set<string>();
  for (const row of store.expandableGrants()) {
    for (const source of row.expandable.entitlementIds) {
      if (source.trim() === "") continue;
      const entitlement = store.getEntitlement(source);
      if (!entitlement) {
        logger?.warn("grant expansion: source entitlement not found; edge dropped", {
          source,
          descendant: row.entitlementId,
          grant: row.grantId,
        });
        continue;
      }
      const on = entitlement.resource.id;
      if (on.resourceType !== row.principal.resourceType || on.resource !== row.principal.resource) {
        throw new SyncError(
          `grant ${row.grantId} expands entitlement ${source}, which is not an entitlement of its principal ` +
            `${resourceKey(row.principal)}`,
          { hint: "the connector built a GrantExpandable annotation pointing at the wrong entitlement" },
        );
      }
      const pair = `${source}\u0000${row.entitlementId}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const list = edges.get(source) ?? [];
      list.push({
        descendant: row.entitlementId,
        shallow: row.expandable.shallow,
        resourceTypes: row.expandable.resourceTypeIds.length > 0 ? new Set(row.expandable.resourceTypeIds) : undefined,
      });
      edges.set(source, list);
    }
  }
  return edges;
}

async function writeExpandedGrants(
  store: ExpansionStore,
  holdings: Map<string, Map<string, Holding>>,
  newSources: Map<string, Map<string, Map<string, boolean>>>,
  signal: AbortSignal | undefined,
): Promise<{ derivedGrants: number; updatedGrants: number }> {
  let derivedGrants = 0;
  let updatedGrants = 0;
  let batch: Grant[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await yieldToEventLoop();
    signal?.throwIfAborted();
    store.putGrants(batch);
    batch = [];
  };

  // Sorted, so the rows are written in the same order on every run.
  for (const descendant of [...newSources.keys()].sort()) {
    const entitlement = store.getEntitlement(descendant);
    if (!entitlement) continue; // a descendant that does not exist has nothing to grant
    const byPrincipal = newSources.get(descendant)!;
    const holders = holdings.get(descendant)!;
    for (const key of [...byPrincipal.keys()].sort()) {
      const sources = byPrincipal.get(key)!;
      const holding = holders.get(key)!;
      if (holding.grant) {
        const merged: Record<string, GrantSource> = { ...holding.grant.sources };
        let changed = false;
        if (Object.keys(merged).length === 0) {
          merged[descendant] = { isDirect: true };
          changed = true;
        }
        for (const [source, isDirect] of sources) {
          if (!merged[source]) {
            merged[source] = { isDirect };
            changed = true;
          }
        }
        if (!changed) continue;
        batch.push({ ...holding.grant, sources: merged });
        updatedGrants++;
      } else {
        batch.push({
          id: grantId(descendant, holding.principal.id),
          entitlement: { id: descendant, resource: entitlement.resource },
          principal: holding.principal,
          immutable: {},
          sources: Object.fromEntries([...sources].map(([source, isDirect]) => [source, { isDirect }])),
        });
        derivedGrants++;
      }
      if (batch.length >= WRITE_BATCH) await flush();
    }
  }
  await flush();
  return { derivedGrants, updatedGrants };
}
