/**
 * @module
 * The engine's checkpoint, saved as JSON in the sync's `sync_token` column.
 *
 * Bump `SYNC_STATE_VERSION` whenever a field changes meaning or a phase is added or
 * reordered. An older or newer token is not resumed — the sync starts over — because
 * resuming from a misread position could seal a sync with rows missing, which is worse than
 * the time lost.
 */
import type { ResourceId } from "../model/index.ts";

export const SYNC_STATE_VERSION = 1;

export type SyncPhase = "resource-types" | "resources" | "entitlements" | "grants" | "expansion" | "done";

export const PHASE_ORDER: readonly SyncPhase[] = [
  "resource-types",
  "resources",
  "entitlements",
  "grants",
  "expansion",
  "done",
];

/** One listing of the resources phase: a resource type, at the top or under a parent. */
export interface ResourceListing {
  resourceType: string;
  parentId?: ResourceId;
}

export interface SyncState {
  version: typeof SYNC_STATE_VERSION;
  /** The phase in progress; every earlier phase is complete. */
  phase: SyncPhase;
  /**
   * Resources phase: the listings not yet fully committed, the first one being in progress.
   * Child listings join the end of the queue as their parents are committed.
   */
  listings?: ResourceListing[];
  /**
   * Entitlements and grants phases: the row id of the last resource whose pages are all
   * committed; the walk continues with the next resource in row order.
   */
  afterRowId?: number;
  /** The next page token of the item in progress (the first listing, or the next resource). */
  pageToken?: string;
  /** Pages committed so far in this sync, across resumes; for progress and stats. */
  pagesCommitted: number;
}

export function initialState(): SyncState {
  return { version: SYNC_STATE_VERSION, phase: "resource-types", pagesCommitted: 0 };
}

export function serializeState(state: SyncState): string {
  return JSON.stringify(state);
}

/** Parses a saved token; undefined when it is empty, foreign or from another version. */
export function parseState(token: string | undefined): SyncState | undefined {
  if (!token) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(token);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const state = parsed as Partial<SyncState>;
  if (state.version !== SYNC_STATE_VERSION || !PHASE_ORDER.includes(state.phase as SyncPhase)) return undefined;
  return { pagesCommitted: 0, ...state } as SyncState;
}
