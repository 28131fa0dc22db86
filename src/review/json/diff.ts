/**
 * @module
 * The JSON document of `idsync diff` and the explorer's diff (shape in docs/json-output.md).
 */
import type { Grant, ResourceType } from "../../core/index.ts";
import { accessChangeText, fieldChangeTexts, resourceChangeTexts } from "../change-words.ts";
import type { ChangedResource, SectionCounts, SyncDiff } from "../diff.ts";
import type { SyncLookup } from "../principals.ts";
import { entitlementJson, grantJson, resourceJson, syncJson } from "./shapes.ts";

const typeJson = (type: ResourceType) => ({
  id: type.id,
  displayName: type.displayName,
  traits: type.traits,
  description: type.description ?? null,
});

type Lookups = { old: SyncLookup; new: SyncLookup };

/** The ids stay as they are; `inWords` says the same for a person, with names. */
const changedResourceJson = (item: ChangedResource, lookups: Lookups) => ({
  type: item.new.id.resourceType,
  id: item.new.id.resource,
  displayName: item.new.displayName || null,
  changes: item.changes,
  accessAdded: item.accessAdded,
  accessRemoved: item.accessRemoved,
  inWords: resourceChangeTexts(item, lookups),
});

const grantChangeJson = (grant: Grant, gained: boolean, lookup: SyncLookup) => ({
  ...grantJson(grant, lookup),
  inWords: accessChangeText(grant.entitlement.id, gained, lookup),
});

const fieldsChangedJson = (item: { key: string; changes: ChangedResource["changes"] }) => ({
  id: item.key,
  changes: item.changes,
  inWords: item.changes.flatMap((change) => fieldChangeTexts(change)),
});

export function diffJson(diff: SyncDiff, counts: Record<string, SectionCounts>, summary: string, lookups: Lookups) {
  const side = (part: SyncDiff["old"]) => ({ file: part.file, sync: syncJson(part.sync) });
  const resources = (section: SyncDiff["users"]) => ({
    added: section.added.map(resourceJson),
    removed: section.removed.map(resourceJson),
    changed: section.changed.map((item) => changedResourceJson(item, lookups)),
  });
  return {
    old: side(diff.old),
    new: side(diff.new),
    summary: { text: summary, ...counts },
    resourceTypes: {
      added: diff.resourceTypes.added.map(typeJson),
      removed: diff.resourceTypes.removed.map(typeJson),
      changed: diff.resourceTypes.changed.map(fieldsChangedJson),
    },
    users: resources(diff.users),
    resources: resources(diff.resources),
    entitlements: {
      added: diff.entitlements.added.map((entitlement) =>
        entitlementJson(entitlement, lookups.new.displayName(entitlement.resource)),
      ),
      removed: diff.entitlements.removed.map((entitlement) =>
        entitlementJson(entitlement, lookups.old.displayName(entitlement.resource)),
      ),
      changed: diff.entitlements.changed.map(fieldsChangedJson),
    },
    grants: {
      added: diff.grants.added.map((grant) => grantChangeJson(grant, true, lookups.new)),
      removed: diff.grants.removed.map((grant) => grantChangeJson(grant, false, lookups.old)),
      changed: diff.grants.changed.map(fieldsChangedJson),
    },
  };
}
