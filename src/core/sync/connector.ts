/**
 * @module
 * What a connector is, as the engine sees it. A connector answers one page at a time; the
 * engine owns every loop, checkpoint, retry budget, concurrency bound and write.
 */
import type { Logger } from "../log/index.ts";
import type { Entitlement, Grant, Resource, ResourceId, ResourceType } from "../model/index.ts";

/** One page of results. An empty or absent `nextPageToken` means this was the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
  /**
   * How many items the whole listing holds, when the API says so (Runlayer's `count`). Only
   * progress reads it: nothing is checked or cut against it.
   */
  total?: number;
}

/**
 * What every client method's one options object ends with, so that a request stops when the sync
 * does: `listTeams({ pageKey, signal })`. One shape for every connector's client.
 */
export interface WithSignal {
  signal: AbortSignal;
}

/** Passed to every connector call. */
export interface SyncContext {
  /** Aborted on SIGINT/SIGTERM or when another part of the sync failed: stop and throw. */
  signal: AbortSignal;
  logger: Logger;
  /**
   * How many requests a pager may send at once for one page when it knows where the pages after
   * it start (skip/limit with a known total): it reads them together and answers them as one
   * page. The engine sets it from its concurrency.
   * @default 1
   */
  readAhead?: number;
}

/**
 * Syncs one resource type. `pageToken` is whatever the previous page returned (undefined for
 * the first page); it is opaque to the engine and saved in checkpoints, so it must be a
 * plain string that still works after a restart.
 */
export interface ResourceSyncer {
  readonly resourceType: ResourceType;
  /** Resources of this type, under `parentId` when the walk reaches a parent's children. */
  list(ctx: SyncContext, request: { parentId?: ResourceId; pageToken?: string }): Promise<Page<Resource>>;
  entitlements(ctx: SyncContext, resource: Resource, pageToken?: string): Promise<Page<Entitlement>>;
  grants(ctx: SyncContext, resource: Resource, pageToken?: string): Promise<Page<Grant>>;
}

/** Pages the engine fetches at once when neither the connector nor the caller says. */
export const DEFAULT_MAX_CONCURRENCY = 4;

/**
 * The `entitlements` of a syncer whose resources offer none while they still receive grants in
 * that phase's place (Clockify's users carry their role grants), so the type cannot be marked
 * `skipEntitlements`, which is written into the file. Seeing it, the engine does not read that
 * type's resources back for the phase: at 100,000 users that read is most of the phase.
 */
export const noEntitlements = (): Promise<Page<Entitlement>> => Promise.resolve({ items: [] });

/** Request counters a connector reports from its HTTP clients, for the sync's stats. */
export interface RequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

/**
 * The user the credentials belong to, as validation learned it. A member by nature (a personal
 * API key acts as its user), so a finished listing of its type must hold it.
 */
export interface ExpectedCaller {
  id: ResourceId;
  /** For messages: who it is, e.g. `the API key's own user`. Never an email. */
  description: string;
  /** Where validation learned it, e.g. `GET /user`. */
  source: string;
}

/** What validation learned besides "the credentials work". */
export interface Validation {
  /** Absent when the credentials are no user of the tenant (an organization key) or the API does not say. */
  caller?: ExpectedCaller;
}

export interface Connector {
  /** Short lower-case name: `clockify`, `env0`… */
  readonly name: string;
  readonly displayName: string;
  /** In the order the walk lists them. */
  readonly syncers: readonly ResourceSyncer[];
  /**
   * One cheap request proving the credentials work and see the configured tenant. Throws an
   * ApiError (unauthenticated, permission-denied, not-found…) with a message for a person.
   * Returns who the credentials belong to when the API says so.
   */
  validate(ctx: SyncContext): Promise<Validation | void>;
  /** How many pages the engine may fetch at once. @default DEFAULT_MAX_CONCURRENCY (4) */
  readonly maxConcurrency?: number;
  requestStats?(): RequestStats;
}
