/**
 * @module
 * Grant expansion, with Baton's semantics (`pkg/sync/expand`): a grant of entitlement D to
 * principal P annotated `GrantExpandable{entitlement_ids: [S…]}` means "whoever holds S (an
 * entitlement on P) also holds D" — e.g. members of group G hold role R. Expansion adds the
 * derived grants, transitively, before the sync ends.
 *
 * Baton walks the graph level by level, paging through grants in the store. We compute the
 * same fixpoint semi-naively in memory over the grants of the entitlements that take part in
 * the graph (only those are loaded), which handles cycles without special cases. Entitlements
 * and principals are numbered once, and the fixpoint holds only numbers (no object per
 * holding or per derived grant), so a graph expanding to 400,000 grants stays in tens of MB;
 * the derived grants are built a batch at a time as they are written:
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
  /**
   * Runs `write`, which puts `rows` new grants and reads none back, so the store may defer
   * upkeep of its grant indexes meanwhile. Without it, `write` simply runs.
   */
  deferGrantIndexes?<T>(rows: number, write: () => Promise<T>): Promise<T>;
}

export interface ExpansionResult {
  edges: number;
  /** Grants that did not exist and were added. */
  derivedGrants: number;
  /** Existing grants whose sources were extended. */
  updatedGrants: number;
}

interface Edge {
  descendant: number;
  shallow: boolean;
  resourceTypes: Set<string> | undefined;
}

const WRITE_BATCH = 1_000;
/** Holders pushed along edges between two breaks for the event loop: a few milliseconds. */
const STEPS_PER_SLICE = 20_000;

// A holding's flags, per (entitlement, principal).
const DIRECT = 1;
const STORED = 2;

/**
 * The sources a derived or extended holding came through, each `source * 2 + (isDirect ? 1 : 0)`:
 * one number for the common single source, an array once there are more.
 */
type SourceCodes = number | number[];

/** Numbers strings in order of first sight, both ways. */
class Numbering {
  readonly names: string[] = [];
  readonly #numbers = new Map<string, number>();

  of(name: string): number {
    let n = this.#numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.#numbers.set(name, n);
    }
    return n;
  }

  get(name: string): number | undefined {
    return this.#numbers.get(name);
  }
}

/**
 * Expands the store's grants. Asynchronous only to give the event loop turns (see `yield.ts`):
 * on a big tenant this is seconds of work, and a stop must be seen within a slice of it.
 */
export async function expandGrants(
  store: ExpansionStore,
  options: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<ExpansionResult> {
  const entitlements = new Numbering();
  const edges = loadEdges(store, entitlements, options.logger);
  if (edges.size === 0) {
    store.clearNeedsExpansion();
    return { edges: 0, derivedGrants: 0, updatedGrants: 0 };
  }

  const principals = new Numbering();
  /** The principal as the first grant naming it embeds it, for the grants derived for it. */
  const principalResources: Resource[] = [];
  const holdings: Array<Map<number, number> | undefined> = [];
  const holdersOf = (entitlement: number): Map<number, number> => {
    let holders = holdings[entitlement];
    if (!holders) {
      holders = new Map();
      const id = entitlements.names[entitlement]!;
      for (const grant of store.grantsOfEntitlement(id)) {
        const principal = principals.of(resourceKey(grant.principal.id));
        principalResources[principal] ??= grant.principal;
        const sources = grant.sources ? Object.keys(grant.sources) : [];
        holders.set(principal, STORED | (sources.length === 0 || sources.includes(id) ? DIRECT : 0));
      }
      holdings[entitlement] = holders;
    }
    return holders;
  };

  // newSources[D] maps each principal that gained D to the sources it gained it through.
  const newSources: Array<Map<number, SourceCodes> | undefined> = [];
  // Semi-naive fixpoint: each round only pushes the holders an entitlement gained last round.
  let delta = new Map<number, number[]>();
  for (const source of edges.keys()) delta.set(source, [...holdersOf(source).keys()]);
  let steps = 0;
  while (delta.size > 0) {
    await yieldToEventLoop();
    options.signal?.throwIfAborted();
    const next = new Map<number, number[]>();
    for (const [source, gained] of delta) {
      const sourceHolders = holdersOf(source);
      for (const edge of edges.get(source) ?? []) {
        const descendant = edge.descendant;
        const descendantHolders = holdersOf(descendant);
        let byPrincipal = newSources[descendant];
        if (!byPrincipal) newSources[descendant] = byPrincipal = new Map();
        const passesOn = edges.has(descendant);
        for (const principal of gained) {
          if (++steps % STEPS_PER_SLICE === 0) {
            await yieldToEventLoop();
            options.signal?.throwIfAborted();
          }
          const direct = (sourceHolders.get(principal)! & DIRECT) !== 0;
          if (edge.shallow && !direct) continue;
          if (edge.resourceTypes && !edge.resourceTypes.has(principalResources[principal]!.id.resourceType)) continue;
          const code = source * 2 + (direct ? 1 : 0);
          const codes = byPrincipal.get(principal);
          if (codes === undefined) byPrincipal.set(principal, code);
          else if (typeof codes === "number") {
            if (codes >> 1 !== source) byPrincipal.set(principal, [codes, code]);
          } else if (!codes.some((c) => c >> 1 === source)) codes.push(code);
          if (!descendantHolders.has(principal)) {
            descendantHolders.set(principal, 0);
            if (passesOn) {
              let gainedByDescendant = next.get(descendant);
              if (!gainedByDescendant) next.set(descendant, (gainedByDescendant = []));
              gainedByDescendant.push(principal);
            }
          }
        }
      }
    }
    delta = next;
  }

  const result = await writeExpandedGrants(
    store,
    { entitlements, principals, principalResources, holdings, newSources },
    options.signal,
  );
  store.clearNeedsExpansion();
  let edgeCount = 0;
  for (const list of edges.values()) edgeCount += list.length;
  return { edges: edgeCount, ...result };
}

function loadEdges(store: ExpansionStore, entitlements: Numbering, logger: Logger | undefined): Map<number, Edge[]> {
  const edges = new Map<number, Edge[]>();
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
      const from = entitlements.of(source);
      const list = edges.get(from) ?? [];
      list.push({
        descendant: entitlements.of(row.entitlementId),
        shallow: row.expandable.shallow,
        resourceTypes: row.expandable.resourceTypeIds.length > 0 ? new Set(row.expandable.resourceTypeIds) : undefined,
      });
      edges.set(from, list);
    }
  }
  return edges;
}

interface Fixpoint {
  entitlements: Numbering;
  principals: Numbering;
  principalResources: Resource[];
  holdings: Array<Map<number, number> | undefined>;
  newSources: Array<Map<number, SourceCodes> | undefined>;
}

const codeList = (codes: SourceCodes): number[] => (typeof codes === "number" ? [codes] : codes);

async function writeExpandedGrants(
  store: ExpansionStore,
  fixpoint: Fixpoint,
  signal: AbortSignal | undefined,
): Promise<{ derivedGrants: number; updatedGrants: number }> {
  const { entitlements, principals, principalResources, holdings, newSources } = fixpoint;
  let batch: Grant[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await yieldToEventLoop();
    signal?.throwIfAborted();
    store.putGrants(batch);
    batch = [];
  };
  const put = async (grant: Grant) => {
    batch.push(grant);
    if (batch.length >= WRITE_BATCH) await flush();
  };
  const sourcesOf = (codes: SourceCodes): Record<string, GrantSource> =>
    Object.fromEntries(codeList(codes).map((code) => [entitlements.names[code >> 1]!, { isDirect: (code & 1) === 1 }]));
  // Principal keys in sorted order, numbered once, so each descendant's principals sort as numbers.
  const rank = new Int32Array(principals.names.length);
  principals.names
    .map((name, n) => [name, n] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach(([, n], position) => (rank[n] = position));

  // Sorted, so the rows are written in the same order on every run; a descendant that does not
  // exist has nothing to grant.
  const descendants = newSources
    .flatMap((map, n) => (map && map.size > 0 ? [n] : []))
    .sort((a, b) => (entitlements.names[a]! < entitlements.names[b]! ? -1 : 1))
    .flatMap((n) => {
      const entitlement = store.getEntitlement(entitlements.names[n]!);
      return entitlement ? [{ n, entitlement }] : [];
    });

  // First the held grants gaining sources, read back from the store (only they are, and only
  // now). Their rows are updated in place, keeping their row ids, so the query paging through
  // them sees no new rows, and writing them all before any new one stores the same rows in the
  // same order as interleaving them would.
  let updatedGrants = 0;
  for (const { n: descendant, entitlement } of descendants) {
    const byPrincipal = newSources[descendant]!;
    const updates: Array<[number, Grant]> = [];
    for (const grant of store.grantsOfEntitlement(entitlement.id)) {
      const principal = principals.get(resourceKey(grant.principal.id));
      const codes = principal === undefined ? undefined : byPrincipal.get(principal);
      if (codes === undefined) continue;
      const merged: Record<string, GrantSource> = { ...grant.sources };
      let changed = false;
      if (Object.keys(merged).length === 0) {
        merged[entitlement.id] = { isDirect: true };
        changed = true;
      }
      for (const [source, value] of Object.entries(sourcesOf(codes))) {
        if (!merged[source]) {
          merged[source] = value;
          changed = true;
        }
      }
      if (changed) updates.push([rank[principal!]!, { ...grant, sources: merged }]);
    }
    updates.sort(([a], [b]) => a - b);
    for (const [, grant] of updates) await put(grant);
    updatedGrants += updates.length;
    await flush();
  }

  // Then the derived grants, which read nothing from the store's grants: it may build its
  // indexes once at the end instead of row by row.
  const derivedOf = descendants.map(({ n, entitlement }) => {
    const principalsDerived = [...newSources[n]!.keys()].filter((p) => (holdings[n]!.get(p)! & STORED) === 0);
    return { n, entitlement, principals: principalsDerived.sort((a, b) => rank[a]! - rank[b]!) };
  });
  const derivedGrants = derivedOf.reduce((sum, { principals: list }) => sum + list.length, 0);
  const writeDerived = async () => {
    for (const { n, entitlement, principals: derived } of derivedOf) {
      const byPrincipal = newSources[n]!;
      for (const principal of derived) {
        const resource = principalResources[principal]!;
        await put({
          id: grantId(entitlement.id, resource.id),
          entitlement: { id: entitlement.id, resource: entitlement.resource },
          principal: resource,
          immutable: {},
          sources: sourcesOf(byPrincipal.get(principal)!),
        });
      }
    }
    await flush();
  };
  if (store.deferGrantIndexes) await store.deferGrantIndexes(derivedGrants, writeDerived);
  else await writeDerived();
  return { derivedGrants, updatedGrants };
}
