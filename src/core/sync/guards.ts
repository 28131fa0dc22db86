/**
 * @module
 * Checks on what a connector returns, applied before anything is written. A failed check
 * fails the sync with a message naming the resource: a file missing a user's trait would
 * silently drop that user from every access review, which is worse than no file.
 */
import { SyncError } from "../errors/index.ts";
import { resourceKey, sameResourceId } from "../model/index.ts";
import type { Resource, ResourceId, ResourceType, Trait } from "../model/index.ts";

const TRAIT_FIELDS: Partial<Record<Trait, "user" | "group" | "role">> = {
  user: "user",
  group: "group",
  role: "role",
};

export function validateResource(
  resource: Resource,
  declared: ResourceType,
  listedUnder: ResourceId | undefined,
): void {
  const key = resourceKey(resource.id);
  if (!resource.id.resource) {
    throw new SyncError(`a ${declared.id} resource came back without an id (display name "${resource.displayName}")`);
  }
  if (resource.id.resourceType !== declared.id) {
    throw new SyncError(`listing ${declared.id} returned ${key}, a resource of another type`);
  }
  for (const trait of declared.traits) {
    const field = TRAIT_FIELDS[trait];
    if (field && !resource[field]) {
      throw new SyncError(`${key} lacks the ${trait} trait its resource type "${declared.id}" declares`, {
        hint: "every resource of a type with a trait must carry that trait's annotation (a connector bug)",
      });
    }
  }
  if (listedUnder && resource.parentId && !sameResourceId(resource.parentId, listedUnder)) {
    throw new SyncError(
      `${key} was listed under ${resourceKey(listedUnder)} but names ${resourceKey(resource.parentId)} as its parent`,
    );
  }
}
