/**
 * @module
 * The sync walk: resource types → resources (and their children) → entitlements → grants →
 * grant expansion, streaming every page into the store and checkpointing as it goes.
 *
 * The engine never holds a tenant in memory: resources are read back from the store in row
 * order for the entitlement and grant phases, and pages go to the store as they arrive.
 * Pages of different items are fetched concurrently but committed in a fixed order (see
 * ordered-pipeline.ts), so the result and every checkpoint are the same whatever the timing.
 */
import { InterruptedError, SyncError } from "../errors/index.ts";
import { silentLogger, type Logger } from "../log/index.ts";
import { resourceKey } from "../model/index.ts";
import type { Entitlement, Grant, Resource, ResourceType } from "../model/index.ts";
import type { AnswerChecks } from "./answer-checks.ts";
import {
  DEFAULT_MAX_CONCURRENCY,
  noEntitlements,
  type Connector,
  type Page,
  type ResourceSyncer,
  type SyncContext,
} from "./connector.ts";
import { expandGrants, type ExpansionStore } from "./expansion.ts";
import { validateResource } from "./guards.ts";
import { runOrderedPipeline } from "./ordered-pipeline.ts";
import { REPAGE_HINT } from "./paging/index.ts";
import {
  initialState,
  PHASE_ORDER,
  serializeState,
  type ResourceListing,
  type SyncPhase,
  type SyncState,
} from "./state.ts";

/** What the engine needs from the store, for the sync being written. */
export interface SyncStore extends ExpansionStore {
  putResourceTypes(list: ResourceType[]): void;
  putResources(list: Resource[]): void;
  putEntitlements(list: Entitlement[]): void;
  putGrants(list: Grant[]): void;
  /** Makes every row put so far durable before a checkpoint refers to it. */
  flush?(): void;
  setSyncToken(token: string): void;
  /**
   * Resources of this sync with a row id above `afterRowId`, in row-id order; with `types`, only
   * those of these resource types (the others are neither returned nor decoded).
   */
  resourcesAfter(
    afterRowId: number,
    limit: number,
    types?: readonly string[],
  ): Array<{ rowId: number; resource: Resource }>;
  /** Resources of this sync per resource type; when present, progress tells how far the per-resource phases are. */
  countResourcesByType?(): Record<string, number>;
}

export interface ProgressEvent {
  phase: SyncPhase;
  resourceType?: string;
  resources: number;
  entitlements: number;
  grants: number;
  /**
   * Pages the engine committed: one per connector answer, including each resource's
   * entitlement and grant answers, most of which need no request. Not a request count.
   */
  pages: number;
  /** HTTP requests the connector has sent (its `requestStats`), 0 when it does not count them. */
  requests: number;
  /**
   * How far the phase is, when its size is known: in the entitlements and grants phases, the
   * resources done of those stored whose type has entitlements (grants); in the resources phase, the resources listed of the totals
   * the API announced, once every listing has announced one.
   */
  of?: { done: number; total: number };
}

/**
 * Less than the whole walk, as a ConductorOne sync task may ask (`SyncFullTask` fields 2, 3, 5
 * and 6 in baton.proto).
 */
export interface SyncScope {
  /** Only these resource types (children of other types are left out too); absent or empty for all. */
  resourceTypeIds?: readonly string[];
  /** Resources only: no entitlements, grants or expansion (a `resources_only` sync). */
  resourcesOnly?: boolean;
  /** Resources and entitlements, no grants. */
  skipGrants?: boolean;
  /** Leave expandable grants as they are, for ConductorOne to expand. */
  skipExpansion?: boolean;
}

export interface EngineOptions {
  connector: Connector;
  /** @default the whole walk */
  scope?: SyncScope;
  store: SyncStore;
  /** The checkpoint to continue from (a resumed sync), else the walk starts at the top. */
  state?: SyncState;
  /** Abort to stop: the engine checkpoints and throws InterruptedError. */
  signal?: AbortSignal;
  logger?: Logger;
  /** Pages fetched at once. @default the connector's maxConcurrency, else DEFAULT_MAX_CONCURRENCY (4) */
  concurrency?: number;
  /** @default 10_000 */
  checkpointIntervalMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Checks on the whole answer (answer-checks.ts), run when a phase's every page is committed
   * and before the next phase starts, so a refused answer costs no further request.
   * @default none
   */
  checks?: AnswerChecks;
  /** @default Date.now */
  now?: () => number;
}

export interface EngineResult {
  expansion: { edges: number; derivedGrants: number; updatedGrants: number };
  pages: number;
}

const RESOURCE_READ_BATCH = 256;

interface PageOf<T> {
  items: T[];
  next: string | undefined;
  total?: number | undefined;
}

export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const walk = new Walk(options);
  return walk.run();
}

class Walk {
  private readonly connector: Connector;
  private readonly store: SyncStore;
  private readonly logger: Logger;
  private readonly signal: AbortSignal;
  private readonly concurrency: number;
  private readonly checkpointIntervalMs: number;
  private readonly now: () => number;
  private readonly onProgress: ((event: ProgressEvent) => void) | undefined;
  private readonly checks: AnswerChecks | undefined;
  private readonly syncers = new Map<string, ResourceSyncer>();
  /** The syncers the scope keeps, in walk order. */
  private readonly walked: readonly ResourceSyncer[];
  /** The resource types a scope names, when it names some. */
  private readonly inScope: ReadonlySet<string> | undefined;
  private readonly skippedPhases: ReadonlySet<SyncPhase>;
  private readonly ctx: SyncContext;
  private state: SyncState;
  private lastCheckpoint: number;
  private readonly counts = { resources: 0, entitlements: 0, grants: 0 };
  private expansion: EngineResult["expansion"] = { edges: 0, derivedGrants: 0, updatedGrants: 0 };
  /** While the resources phase runs: the listings a checkpoint must save. */
  private captureListings: (() => ResourceListing[]) | undefined;
  /** While a phase of known size runs: how far it is, for progress. */
  private phaseSize: (() => { done: number; total: number } | undefined) | undefined;
  /** Resources the entitlements or grants phase in progress has finished. */
  private phaseDone = 0;
  /**
   * The phase a resumed walk started in. Its rows before the checkpoint are not counted in this
   * run, so its progress has no size: a size that starts part-way would mislead.
   */
  private readonly resumedPhase: SyncPhase | undefined;

  constructor(options: EngineOptions) {
    this.connector = options.connector;
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
    this.signal = options.signal ?? new AbortController().signal;
    this.concurrency = options.concurrency ?? options.connector.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    this.checkpointIntervalMs = options.checkpointIntervalMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.onProgress = options.onProgress;
    this.checks = options.checks;
    this.state = options.state ?? initialState();
    this.resumedPhase = options.state?.phase;
    this.lastCheckpoint = this.now();
    // A pager that can tell where its next pages start may read as many at once as the engine
    // would run listings at once; the client's rate limit and in-flight bound still hold.
    this.ctx = { signal: this.signal, logger: this.logger, readAhead: this.concurrency };
    for (const syncer of this.connector.syncers) {
      const id = syncer.resourceType.id;
      if (this.syncers.has(id))
        throw new SyncError(`connector ${this.connector.name} declares resource type "${id}" twice`);
      this.syncers.set(id, syncer);
    }
    const scope = options.scope ?? {};
    const only = scope.resourceTypeIds && scope.resourceTypeIds.length > 0 ? new Set(scope.resourceTypeIds) : undefined;
    this.walked = only ? this.connector.syncers.filter((s) => only.has(s.resourceType.id)) : this.connector.syncers;
    this.inScope = only;
    if (only && this.walked.length === 0) {
      throw new SyncError(
        `none of the resource types asked for (${[...only].join(", ")}) is one connector ${this.connector.name} syncs`,
        {
          hint: `it syncs ${this.connector.syncers.map((s) => s.resourceType.id).join(", ")}`,
        },
      );
    }
    const skipped = new Set<SyncPhase>();
    if (scope.resourcesOnly)
      ["entitlements", "grants", "expansion"].forEach((phase) => skipped.add(phase as SyncPhase));
    if (scope.skipGrants) ["grants", "expansion"].forEach((phase) => skipped.add(phase as SyncPhase));
    if (scope.skipExpansion) skipped.add("expansion");
    this.skippedPhases = skipped;
  }

  async run(): Promise<EngineResult> {
    try {
      while (this.state.phase !== "done") {
        this.signal.throwIfAborted();
        await this.runPhase(this.state.phase);
        this.checkAnswer(this.state.phase);
        this.advance();
      }
    } catch (error) {
      if (this.signal.aborted) {
        this.checkpoint(true);
        throw this.signal.reason instanceof InterruptedError ? this.signal.reason : new InterruptedError("abort");
      }
      throw error;
    }
    return { expansion: this.expansion, pages: this.state.pagesCommitted };
  }

  private async runPhase(phase: SyncPhase): Promise<void> {
    this.logger.debug("sync phase", { phase });
    switch (phase) {
      case "resource-types":
        this.store.putResourceTypes(this.walked.map((s) => s.resourceType));
        return;
      case "resources":
        return this.syncResources();
      case "entitlements":
        return this.syncPerResource("entitlements");
      case "grants":
        return this.syncPerResource("grants");
      case "expansion":
        this.store.flush?.();
        this.expansion = await expandGrants(this.store, { logger: this.logger, signal: this.signal });
        this.logger.debug("grant expansion done", { ...this.expansion });
        return;
      case "done":
        return;
    }
  }

  /**
   * Before the phase is left (and checkpointed as done): the resources once all are listed, the
   * grants once expanded. A walk that skips expansion is not compared on grants: the previous
   * sync's counts include derived grants it would lack. A resumed sync past a phase had passed
   * its check before the checkpoint.
   */
  private checkAnswer(phase: SyncPhase): void {
    if (!this.checks) return;
    const types = this.walked.map((s) => s.resourceType.id);
    if (phase === "resources") {
      this.store.flush?.();
      this.checks.afterResources(types);
    }
    if (phase === "expansion") {
      this.store.flush?.();
      this.checks.afterGrants(types);
    }
  }

  /** Moves to the next phase and checkpoints, so a resume never repeats a finished phase. */
  private advance(): void {
    let next = PHASE_ORDER[PHASE_ORDER.indexOf(this.state.phase) + 1] ?? "done";
    while (this.skippedPhases.has(next)) next = PHASE_ORDER[PHASE_ORDER.indexOf(next) + 1] ?? "done";
    this.state = { version: this.state.version, phase: next, pagesCommitted: this.state.pagesCommitted };
    if (next === "resources") {
      this.state.listings = this.walked.map((s) => ({ resourceType: s.resourceType.id }));
    }
    this.checkpoint(true);
    if (next === "entitlements" || next === "grants") this.sizePerResourcePhase(next);
    this.emitProgress();
  }

  /** Sizes a per-resource phase by the resources stored that it visits (flushed by the checkpoint before). */
  private sizePerResourcePhase(kind: "entitlements" | "grants"): void {
    const byType = this.store.countResourcesByType?.();
    this.phaseDone = 0;
    if (byType === undefined) {
      this.phaseSize = undefined;
      return;
    }
    const total = this.typesVisitedIn(kind).reduce((sum, type) => sum + (byType[type] ?? 0), 0);
    this.phaseSize = () => ({ done: this.phaseDone, total });
  }

  /**
   * The resource types whose resources a per-resource phase asks about: a type that skips it
   * (users, most often: they grant nothing) is never read back from the store, let alone
   * decoded, which at 100,000 users is most of the phase's work.
   */
  private typesVisitedIn(kind: "entitlements" | "grants"): string[] {
    return [...this.syncers.values()]
      .filter(({ resourceType: type, entitlements }) =>
        kind === "entitlements"
          ? type.skipEntitlements !== true && entitlements !== noEntitlements
          : type.skipGrants !== true,
      )
      .map((syncer) => syncer.resourceType.id);
  }

  private pageCommitted(nextToken: string | undefined, resourceType: string): void {
    this.state.pagesCommitted++;
    this.state.pageToken = nextToken;
    this.checkpoint(false);
    this.emitProgress(resourceType);
  }

  private checkpoint(force: boolean): void {
    const at = this.now();
    if (!force && at - this.lastCheckpoint < this.checkpointIntervalMs) return;
    if (this.captureListings) this.state.listings = this.captureListings();
    this.store.flush?.();
    this.store.setSyncToken(serializeState(this.state));
    this.lastCheckpoint = at;
  }

  private emitProgress(resourceType?: string): void {
    if (!this.onProgress) return;
    const requests = this.connector.requestStats?.().requests ?? 0;
    const of = this.phaseSize?.();
    this.onProgress({
      phase: this.state.phase,
      resourceType,
      ...this.counts,
      pages: this.state.pagesCommitted,
      requests,
      ...(of ? { of } : {}),
    });
  }

  // ── resources ───────────────────────────────────────────────────────────────

  private async syncResources(): Promise<void> {
    // The queue holds every listing of this phase in walk order; `head` is the first one not
    // fully committed. A checkpoint saves the queue from the head on, plus the head's token.
    const queue: ResourceListing[] = [...(this.state.listings ?? [])];
    let head = 0;
    let started = 0;
    this.captureListings = () => queue.slice(head);
    // The totals the API announced per listing (Page.total); the phase has a size once every
    // listing queued so far has announced one.
    const totals = new Map<ResourceListing, number>();
    if (this.resumedPhase !== "resources") {
      this.phaseSize = () => {
        if (!queue.every((listing) => totals.has(listing))) return undefined;
        let total = 0;
        for (const value of totals.values()) total += value;
        return { done: this.counts.resources, total: Math.max(total, this.counts.resources) };
      };
    }
    try {
      await runOrderedPipeline<{ listing: ResourceListing; firstToken: string | undefined }, PageOf<Resource>>({
        signal: this.signal,
        concurrency: this.concurrency,
        nextItem: () => {
          const listing = queue[started];
          if (!listing) return undefined;
          const firstToken = started === 0 ? this.state.pageToken : undefined;
          started++;
          return { listing, firstToken };
        },
        produce: (item, push, signal) => {
          const { resourceType, parentId } = item.listing;
          const syncer = this.syncerFor(resourceType);
          const what = `listing ${resourceType}${parentId ? ` under ${resourceKey(parentId)}` : ""}`;
          return this.pageThrough(what, item.firstToken, push, (token) =>
            syncer.list({ ...this.ctx, signal }, { parentId, pageToken: token }),
          );
        },
        commit: (item, page) => {
          const { resourceType, parentId } = item.listing;
          const declared = this.syncerFor(resourceType).resourceType;
          for (const resource of page.items) {
            validateResource(resource, declared, parentId);
            for (const child of resource.childResourceTypes ?? []) {
              const childSyncer = this.syncerFor(child); // an undeclared child type fails here, before any write
              if (this.walked.includes(childSyncer)) queue.push({ resourceType: child, parentId: resource.id });
            }
          }
          this.store.putResources(page.items);
          this.counts.resources += page.items.length;
          if (page.total !== undefined) totals.set(item.listing, page.total);
          this.pageCommitted(page.next, resourceType);
        },
        finish: () => {
          head++;
          this.state.pageToken = undefined;
        },
      });
    } finally {
      // An interrupted phase checkpoints after this returns: leave it the exact queue.
      this.state.listings = queue.slice(head);
      this.captureListings = undefined;
      this.phaseSize = undefined;
    }
  }

  // ── entitlements and grants ─────────────────────────────────────────────────

  private async syncPerResource(kind: "entitlements" | "grants"): Promise<void> {
    let cursor = this.state.afterRowId ?? 0;
    let buffered: Array<{ rowId: number; resource: Resource }> = [];
    let firstToken = this.state.pageToken;
    let exhausted = false;
    const types = this.typesVisitedIn(kind);
    await runOrderedPipeline<
      { rowId: number; resource: Resource; firstToken: string | undefined },
      PageOf<Entitlement | Grant>
    >({
      signal: this.signal,
      concurrency: this.concurrency,
      nextItem: () => {
        if (buffered.length === 0) {
          if (exhausted) return undefined;
          buffered = this.store.resourcesAfter(cursor, RESOURCE_READ_BATCH, types);
          if (buffered.length < RESOURCE_READ_BATCH) exhausted = true;
          if (buffered.length === 0) return undefined;
        }
        const next = buffered.shift()!;
        cursor = next.rowId;
        const token = firstToken;
        firstToken = undefined;
        return { ...next, firstToken: token };
      },
      produce: (item, push, signal) => {
        const syncer = this.syncerFor(item.resource.id.resourceType);
        const ctx = { ...this.ctx, signal };
        const what = `${kind} of ${resourceKey(item.resource.id)}`;
        return this.pageThrough<Entitlement | Grant>(what, item.firstToken, push, (token) =>
          kind === "entitlements"
            ? syncer.entitlements(ctx, item.resource, token)
            : syncer.grants(ctx, item.resource, token),
        );
      },
      commit: (item, page) => {
        if (kind === "entitlements") {
          this.store.putEntitlements(page.items as Entitlement[]);
          this.counts.entitlements += page.items.length;
        } else {
          const grants = this.inScope
            ? (page.items as Grant[]).filter((grant) => this.keepsGrant(grant, this.inScope!))
            : (page.items as Grant[]);
          this.store.putGrants(grants);
          this.counts.grants += grants.length;
        }
        this.pageCommitted(page.next, item.resource.id.resourceType);
      },
      finish: (item) => {
        this.state.afterRowId = item.rowId;
        this.state.pageToken = undefined;
        this.phaseDone++;
      },
    }).finally(() => {
      this.phaseSize = undefined;
    });
  }

  /**
   * Whether a grant fits a resource-type scope: its entitlement's resource and its principal
   * are both of synced types, else it would point at nothing in the file (a role grant listed
   * on a user when roles are not synced, a grant to a user when users are not). Baton drops
   * them the same way (`pkg/sync/ingest_filter.go`).
   */
  private keepsGrant(grant: Grant, types: ReadonlySet<string>): boolean {
    return types.has(grant.entitlement.resource.id.resourceType) && types.has(grant.principal.id.resourceType);
  }

  // ── shared ──────────────────────────────────────────────────────────────────

  private syncerFor(resourceType: string): ResourceSyncer {
    const syncer = this.syncers.get(resourceType);
    if (!syncer) {
      throw new SyncError(`connector ${this.connector.name} has no syncer for resource type "${resourceType}"`);
    }
    return syncer;
  }

  /** Fetches every page of one item, refusing a page token the API already gave. */
  private async pageThrough<T>(
    what: string,
    firstToken: string | undefined,
    push: (page: PageOf<T>) => Promise<void>,
    fetchPage: (token: string | undefined) => Promise<Page<T>>,
  ): Promise<void> {
    const seen = new Set<string>();
    let token = firstToken;
    if (token) seen.add(token);
    do {
      const page = await fetchPage(token);
      const next = page.nextPageToken ? page.nextPageToken : undefined;
      if (next !== undefined) {
        if (seen.has(next)) {
          throw new SyncError(
            `${what}: the API returned page token "${truncate(next)}" twice; stopping instead of looping`,
            {
              hint: REPAGE_HINT,
            },
          );
        }
        seen.add(next);
      }
      await push({ items: page.items, next, total: page.total });
      token = next;
    } while (token !== undefined);
  }
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
