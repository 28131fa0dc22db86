/**
 * @module
 * Baton's id conventions. Grant ids are an external contract upstream: they must stay
 * byte-identical to what Baton's SDK produces (`pkg/types/grant/grant.go`).
 */
import type { ResourceId } from "./types.ts";

/** `"<resourceType>:<resource>:<slug>"`, e.g. `group:123:member`. */
export function entitlementId(resource: ResourceId, slug: string): string {
  return `${resource.resourceType}:${resource.resource}:${slug}`;
}

/** `"<entitlementId>:<principalType>:<principalId>"`, e.g. `role:dev:assigned:user:42`. */
export function grantId(entitlement: string, principal: ResourceId): string {
  return `${entitlement}:${principal.resourceType}:${principal.resource}`;
}

/** The `external_id` of a resource row: `"<resourceType>:<resource>"`. */
export function resourceKey(id: ResourceId): string {
  return `${id.resourceType}:${id.resource}`;
}

/** Parses `"type:id"` (the id may itself contain colons). Returns undefined when malformed. */
export function parseResourceKey(key: string): ResourceId | undefined {
  const colon = key.indexOf(":");
  if (colon <= 0 || colon === key.length - 1) return undefined;
  return { resourceType: key.slice(0, colon), resource: key.slice(colon + 1) };
}

export function sameResourceId(a: ResourceId | undefined, b: ResourceId | undefined): boolean {
  return a?.resourceType === b?.resourceType && a?.resource === b?.resource;
}
