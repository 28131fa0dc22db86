/**
 * @module
 * The JSON shape of each thing the reading commands print and the explorer's API returns, with
 * keys in a fixed order and every key always present (null when unknown). docs/json-output.md
 * documents these; change them together.
 */
import type { Entitlement, Grant, Resource, ResourceId, ResourceType, SyncRun } from "../../core/index.ts";
import { userFacts, type SyncLookup } from "../principals.ts";

export const iso = (date: Date | undefined | null): string | null =>
  date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;

export function refJson(id: ResourceId, displayName: string) {
  return { type: id.resourceType, id: id.resource, displayName: displayName || null };
}

export function syncJson(run: SyncRun) {
  return {
    id: run.id,
    type: run.type,
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    parentSyncId: run.parentSyncId ?? null,
  };
}

export function resourceTypeJson(type: ResourceType, resources: number) {
  return {
    id: type.id,
    displayName: type.displayName,
    traits: type.traits,
    description: type.description ?? null,
    resources,
  };
}

export function userJson(resource: Resource) {
  const facts = userFacts(resource);
  if (!facts) return null;
  return {
    email: facts.email,
    emails: facts.emails,
    accountType: facts.accountType,
    pendingInvite: facts.pendingInvite,
    login: facts.login,
    lastLogin: iso(facts.lastLogin),
  };
}

export function resourceJson(resource: Resource) {
  const facts = userFacts(resource);
  return {
    type: resource.id.resourceType,
    id: resource.id.resource,
    displayName: resource.displayName || null,
    description: resource.description ?? null,
    parent: resource.parentId ? { type: resource.parentId.resourceType, id: resource.parentId.resource } : null,
    status: facts?.status ?? resource.status?.status ?? null,
    statusDetails: (facts ? facts.statusDetails : resource.status?.details) ?? null,
    user: userJson(resource),
  };
}

export function entitlementJson(entitlement: Entitlement, resourceName: string) {
  return {
    id: entitlement.id,
    resource: refJson(entitlement.resource.id, resourceName),
    slug: entitlement.slug,
    displayName: entitlement.displayName || null,
    description: entitlement.description ?? null,
    purpose: entitlement.purpose,
    grantableTo: entitlement.grantableTo.map((type) => type.id),
  };
}

/** The entitlements a grant came through, itself excluded; empty for a plain direct grant. */
export function grantVia(grant: Grant): string[] {
  return Object.keys(grant.sources ?? {})
    .filter((source) => source !== grant.entitlement.id)
    .sort();
}

export function isDirectGrant(grant: Grant): boolean {
  const sources = Object.keys(grant.sources ?? {});
  return sources.length === 0 || sources.includes(grant.entitlement.id);
}

export function grantJson(grant: Grant, lookup: SyncLookup) {
  return {
    id: grant.id,
    entitlementId: grant.entitlement.id,
    resource: refJson(grant.entitlement.resource.id, lookup.displayName(grant.entitlement.resource)),
    principal: refJson(grant.principal.id, lookup.displayName(grant.principal)),
    direct: isDirectGrant(grant),
    via: grantVia(grant),
    expandable: grant.expandable
      ? {
          entitlementIds: grant.expandable.entitlementIds,
          shallow: grant.expandable.shallow,
          resourceTypeIds: grant.expandable.resourceTypeIds,
        }
      : null,
  };
}
