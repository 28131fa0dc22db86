/**
 * @module
 * Model objects ⇄ table rows, following Baton's column rules (c1z-format.md §1 "Column
 * semantics"): which ids go into which columns, GrantExpandable kept beside `data` rather
 * than in it, and slim grants rebuilt from their columns.
 */
import {
  decodeEntitlement,
  decodeGrant,
  decodeGrantExpandable,
  decodeResource,
  decodeResourceType,
  encodeEntitlement,
  encodeGrant,
  encodeGrantExpandable,
  encodeResource,
  encodeResourceType,
  resourceKey,
  type Entitlement,
  type Grant,
  type Resource,
  type ResourceType,
} from "../model/index.ts";
import { blob, optionalBlob, text, type Row } from "./_sql.ts";
import { hasField } from "./_wire.ts";

// Field numbers of c1.connector.v2.Grant (c1z-format.md §2).
const GRANT_ENTITLEMENT_FIELD = 1;
const GRANT_PRINCIPAL_FIELD = 2;
export const GRANT_ANNOTATIONS_FIELD = 4;
export const GRANT_EXPANDABLE_TYPE_URL = "type.googleapis.com/c1.connector.v2.GrantExpandable";

export function resourceTypeRow(resourceType: ResourceType): { externalId: string; data: Uint8Array } {
  return { externalId: resourceType.id, data: encodeResourceType(resourceType) };
}

export function resourceRow(resource: Resource) {
  return {
    resourceTypeId: resource.id.resourceType,
    externalId: resourceKey(resource.id),
    parentResourceTypeId: resource.parentId?.resourceType ?? null,
    parentResourceId: resource.parentId?.resource ?? null,
    data: encodeResource(resource),
  };
}

export function entitlementRow(entitlement: Entitlement) {
  return {
    resourceTypeId: entitlement.resource.id.resourceType,
    resourceId: entitlement.resource.id.resource,
    externalId: entitlement.id,
    data: encodeEntitlement(entitlement),
  };
}

export function grantRow(grant: Grant) {
  // Baton only queues a grant for expansion when it names at least one real entitlement.
  const expandable = grant.expandable?.entitlementIds.some((id) => id.trim() !== "") ? grant.expandable : undefined;
  return {
    resourceTypeId: grant.entitlement.resource.id.resourceType,
    resourceId: grant.entitlement.resource.id.resource,
    entitlementId: grant.entitlement.id,
    principalResourceTypeId: grant.principal.id.resourceType,
    principalResourceId: grant.principal.id.resource,
    externalId: grant.id,
    expansion: expandable ? encodeGrantExpandable(expandable) : null,
    needsExpansion: expandable ? 1 : 0,
    data: encodeGrant(grant, { omitExpandable: true }),
  };
}

export const resourceTypeFromRow = (row: Row): ResourceType => decodeResourceType(blob(row, "data"));
export const resourceFromRow = (row: Row): Resource => decodeResource(blob(row, "data"));
export const entitlementFromRow = (row: Row): Entitlement => decodeEntitlement(blob(row, "data"));

/** The columns `grantFromRow` needs, for SELECT lists. */
export const GRANT_COLUMNS =
  "id, data, expansion, entitlement_id, resource_type_id, resource_id, principal_resource_type_id, principal_resource_id";
/** The same for files whose v1_grants predates the `expansion` column. */
export const LEGACY_GRANT_COLUMNS = GRANT_COLUMNS.replace("expansion", "NULL AS expansion");

/**
 * Decodes a grant row. A slim grant (no entitlement or principal inside `data`) gets them
 * rebuilt from the identity columns, as Baton's `grants_hydrate.go` does; a GrantExpandable
 * stored in the `expansion` column is put back on the grant.
 */
export function grantFromRow(row: Row): Grant {
  const data = blob(row, "data");
  const grant = decodeGrant(data);
  if (!hasField(data, GRANT_ENTITLEMENT_FIELD)) {
    grant.entitlement = {
      id: text(row, "entitlement_id"),
      resource: {
        id: { resourceType: text(row, "resource_type_id"), resource: text(row, "resource_id") },
        displayName: "",
      },
    };
  }
  if (!hasField(data, GRANT_PRINCIPAL_FIELD)) {
    grant.principal = {
      id: { resourceType: text(row, "principal_resource_type_id"), resource: text(row, "principal_resource_id") },
      displayName: "",
    };
  }
  const expansion = optionalBlob(row, "expansion");
  if (expansion) grant.expandable = decodeGrantExpandable(expansion);
  return grant;
}
