/**
 * @module
 * What changed between two syncs — of one file or of two. Memory holds the differences, never
 * a sync: each kind of row is read from both syncs in external-id order and merged like two
 * sorted lists; rows whose stored bytes are equal are skipped without decoding.
 */
import {
  countOf,
  IdsyncError,
  resourceKey,
  type C1zReader,
  type Entitlement,
  type Grant,
  type KeyedKinds,
  type KeyedRow,
  type Resource,
  type ResourceType,
  type SyncRun,
} from "../core/index.ts";
import {
  changedFields,
  entitlementFields,
  grantFields,
  resourceFields,
  resourceTypeFields,
  type FieldChange,
  type Fields,
} from "./diff-fields.ts";
import { compareKeys } from "./order.ts";

export interface DiffSide {
  reader: C1zReader;
  sync: SyncRun;
}

export interface Changed<T> {
  key: string;
  old: T;
  new: T;
  changes: FieldChange[];
}

/** A resource that changed; for principals, also the entitlements they gained or lost directly. */
export interface ChangedResource extends Changed<Resource> {
  accessAdded: string[];
  accessRemoved: string[];
}

export interface Section<T, C = Changed<T>> {
  added: T[];
  removed: T[];
  changed: C[];
}

export interface SyncDiff {
  old: { file: string; sync: SyncRun };
  new: { file: string; sync: SyncRun };
  resourceTypes: Section<ResourceType>;
  /** Resources with a user trait. */
  users: Section<Resource, ChangedResource>;
  /** Every other resource (groups, roles, projects…). */
  resources: Section<Resource, ChangedResource>;
  entitlements: Section<Entitlement>;
  grants: Section<Grant>;
}

const emptySection = <T, C = Changed<T>>(): Section<T, C> => ({ added: [], removed: [], changed: [] });

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && Buffer.compare(a, b) === 0);

export interface DiffOptions {
  /** Stops the comparison (an `interrupted` error) once aborted, e.g. by Ctrl-C. */
  signal?: AbortSignal;
}

/** Rows compared between two turns given to the event loop, so a signal can be heard. */
const ROWS_PER_TURN = 10_000;

/**
 * Walks two streams sorted by key and reports each key once: only in `old`, only in `new`,
 * or in both with different content.
 */
async function diffStreams<T>(
  older: Iterable<KeyedRow<T>>,
  newer: Iterable<KeyedRow<T>>,
  fields: (value: T) => Fields,
  report: { added(value: T): void; removed(value: T): void; changed(item: Changed<T>): void },
  signal: AbortSignal | undefined,
): Promise<void> {
  const a = older[Symbol.iterator]();
  const b = newer[Symbol.iterator]();
  let x = a.next();
  let y = b.next();
  for (let step = 1; !x.done || !y.done; step++) {
    if (step % ROWS_PER_TURN === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new IdsyncError("interrupted", "stopped by a signal before the comparison finished");
    }
    const order = x.done ? 1 : y.done ? -1 : compareKeys(x.value.key, y.value.key);
    if (order < 0) {
      report.removed(x.value!.decode());
      x = a.next();
    } else if (order > 0) {
      report.added(y.value!.decode());
      y = b.next();
    } else {
      const [left, right] = [x.value!, y.value!];
      if (!sameBytes(left.data, right.data) || !sameBytes(left.expansion, right.expansion)) {
        const [old, now] = [left.decode(), right.decode()];
        const changes = changedFields(fields(old), fields(now));
        if (changes.length > 0) report.changed({ key: left.key, old, new: now, changes });
      }
      x = a.next();
      y = b.next();
    }
  }
}

/** A grant its principal holds in its own right (not only derived through expansion). */
function isDirect(grant: Grant): boolean {
  const sources = Object.keys(grant.sources ?? {});
  return sources.length === 0 || sources.includes(grant.entitlement.id);
}

export async function diffSyncs(older: DiffSide, newer: DiffSide, options: DiffOptions = {}): Promise<SyncDiff> {
  const rows = <K extends keyof KeyedKinds>(
    kind: K,
  ): [Iterable<KeyedRow<KeyedKinds[K]>>, Iterable<KeyedRow<KeyedKinds[K]>>] => [
    older.reader.keyedRows(kind, older.sync.id),
    newer.reader.keyedRows(kind, newer.sync.id),
  ];
  const diff: SyncDiff = {
    old: { file: older.reader.path, sync: older.sync },
    new: { file: newer.reader.path, sync: newer.sync },
    resourceTypes: emptySection(),
    users: emptySection(),
    resources: emptySection(),
    entitlements: emptySection(),
    grants: emptySection(),
  };
  const collect = <T>(section: Section<T>) => ({
    added: (value: T) => section.added.push(value),
    removed: (value: T) => section.removed.push(value),
    changed: (item: Changed<T>) => section.changed.push(item),
  });
  const sectionOf = (resource: Resource) => (resource.user ? diff.users : diff.resources);

  const signal = options.signal;
  await diffStreams(...rows("resourceTypes"), resourceTypeFields, collect(diff.resourceTypes), signal);
  await diffStreams(
    ...rows("resources"),
    resourceFields,
    {
      added: (resource) => sectionOf(resource).added.push(resource),
      removed: (resource) => sectionOf(resource).removed.push(resource),
      changed: (item) => sectionOf(item.new).changed.push({ ...item, accessAdded: [], accessRemoved: [] }),
    },
    signal,
  );
  await diffStreams(...rows("entitlements"), entitlementFields, collect(diff.entitlements), signal);

  // Direct grants gained or lost, per principal, to tell a reviewer "bob: +role admin".
  const access = new Map<string, { added: string[]; removed: string[] }>();
  const note = (grant: Grant, side: "added" | "removed"): void => {
    if (!isDirect(grant)) return;
    const key = resourceKey(grant.principal.id);
    const entry = access.get(key) ?? { added: [], removed: [] };
    entry[side].push(grant.entitlement.id);
    access.set(key, entry);
  };
  await diffStreams(
    ...rows("grants"),
    grantFields,
    {
      added: (grant) => {
        diff.grants.added.push(grant);
        note(grant, "added");
      },
      removed: (grant) => {
        diff.grants.removed.push(grant);
        note(grant, "removed");
      },
      changed: (item) => diff.grants.changed.push(item),
    },
    signal,
  );
  attachAccessChanges(diff, access, older, newer);
  return diff;
}

/**
 * Principals present in both syncs whose direct grants changed are "changed" too, with the
 * entitlements they gained and lost; added and removed principals need no such line.
 */
function attachAccessChanges(
  diff: SyncDiff,
  access: Map<string, { added: string[]; removed: string[] }>,
  older: DiffSide,
  newer: DiffSide,
): void {
  if (access.size === 0) return;
  const sections = [diff.users, diff.resources];
  const appeared = new Set(
    sections.flatMap((section) => [...section.added, ...section.removed]).map((r) => resourceKey(r.id)),
  );
  const changed = new Map(sections.flatMap((section) => section.changed).map((item) => [item.key, item]));
  for (const [key, { added, removed }] of access) {
    if (appeared.has(key)) continue;
    let item = changed.get(key);
    if (!item) {
      const id = { resourceType: key.slice(0, key.indexOf(":")), resource: key.slice(key.indexOf(":") + 1) };
      const before = older.reader.getResource(older.sync.id, id);
      const after = newer.reader.getResource(newer.sync.id, id);
      // A grant to a principal the sync does not store says nothing about a principal's change.
      if (!before || !after) continue;
      item = { key, old: before, new: after, changes: [], accessAdded: [], accessRemoved: [] };
      (after.user ? diff.users : diff.resources).changed.push(item);
    }
    item.accessAdded.push(...added);
    item.accessRemoved.push(...removed);
  }
  for (const section of sections) section.changed.sort((a, b) => compareKeys(a.key, b.key));
}

export interface SectionCounts {
  added: number;
  removed: number;
  changed: number;
}

export function diffCounts(
  diff: SyncDiff,
): Record<"resourceTypes" | "users" | "resources" | "entitlements" | "grants", SectionCounts> {
  const count = (section: Section<unknown, unknown>): SectionCounts => ({
    added: section.added.length,
    removed: section.removed.length,
    changed: section.changed.length,
  });
  return {
    resourceTypes: count(diff.resourceTypes),
    users: count(diff.users),
    resources: count(diff.resources),
    entitlements: count(diff.entitlements),
    grants: count(diff.grants),
  };
}

const NOUNS = {
  resourceTypes: ["resource type", "resource types"],
  users: ["user", "users"],
  resources: ["resource", "resources"],
  entitlements: ["entitlement", "entitlements"],
  grants: ["grant", "grants"],
} as const;

/** e.g. `+3 users, -1 user, 2 changed; +5 grants, -2 grants`, or `no changes`. */
export function diffSummary(diff: SyncDiff): string {
  const parts: string[] = [];
  for (const [kind, counts] of Object.entries(diffCounts(diff)) as Array<[keyof typeof NOUNS, SectionCounts]>) {
    const [one, many] = NOUNS[kind];
    const bits = [
      counts.added ? `+${countOf(counts.added, one, many)}` : "",
      counts.removed ? `-${countOf(counts.removed, one, many)}` : "",
      counts.changed ? `${counts.changed.toLocaleString("en-US")} changed` : "",
    ].filter(Boolean);
    // "2 changed" alone would not say what changed.
    if (bits.length === 1 && !counts.added && !counts.removed) {
      bits[0] = `${countOf(counts.changed, one, many)} changed`;
    }
    if (bits.length > 0) parts.push(bits.join(", "));
  }
  return parts.length > 0 ? parts.join("; ") : "no changes";
}
