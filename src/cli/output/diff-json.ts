/**
 * @module
 * The JSON document of `idsync diff` (shape in docs/json-output.md).
 */
import type { ResourceType } from "../../core/index.ts";
import type { ChangedResource, SectionCounts, SyncDiff, SyncLookup } from "../../review/index.ts";
import { entitlementJson, grantJson, resourceJson, syncJson } from "./shapes.ts";

const typeJson = (type: ResourceType) => ({
  id: type.id,
  displayName: type.displayName,
  traits: type.traits,
  description: type.description ?? null,
});

const changedResourceJson = (item: ChangedResource) => ({
  type: item.new.id.resourceType,
  id: item.new.id.resource,
  displayName: item.new.displayName || null,
  changes: item.changes,
  accessAdded: item.accessAdded,
  accessRemoved: item.accessRemoved,
});

export function diffJson(
  diff: SyncDiff,
  counts: Record<string, SectionCounts>,
  summary: string,
  lookups: { old: SyncLookup; new: SyncLookup },
) {
  const side = (part: SyncDiff["old"]) => ({ file: part.file, sync: syncJson(part.sync) });
  const resources = (section: SyncDiff["users"]) => ({
    added: section.added.map(resourceJson),
    removed: section.removed.map(resourceJson),
    changed: section.changed.map(changedResourceJson),
  });
  return {
    old: side(diff.old),
    new: side(diff.new),
    summary: { text: summary, ...counts },
    resourceTypes: {
      added: diff.resourceTypes.added.map(typeJson),
      removed: diff.resourceTypes.removed.map(typeJson),
      changed: diff.resourceTypes.changed.map((item) => ({ id: item.key, changes: item.changes })),
    },
    users: resources(diff.users),
    resources: resources(diff.resources),
    entitlements: {
      added: diff.entitlements.added.map((entitlement) => entitlementJson(entitlement, lookups.new.displayName(entitlement.resource))),
      removed: diff.entitlements.removed.map((entitlement) => entitlementJson(entitlement, lookups.old.displayName(entitlement.resource))),
      changed: diff.entitlements.changed.map((item) => ({ id: item.key, changes: item.changes })),
    },
    grants: {
      added: diff.grants.added.map((grant) => grantJson(grant, lookups.new)),
      removed: diff.grants.removed.map((grant) => grantJson(grant, lookups.old)),
      changed: diff.grants.changed.map((item) => ({ id: item.key, changes: item.changes })),
    },
  };
}
