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
  type GrantExpandable,
  type Resource,
  type ResourceType,
} from "../model/index.ts";
import { dataBlob, nullableBlob, requiredText, RowProblem } from "./_row-errors.ts";
import type { Row } from "./_sql.ts";
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

/** A short, one-line rendering of a stored id for messages. */
const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

function nonEmpty(value: string, what: string): void {
  if (value === "") throw new RowProblem(`its data has an empty ${what}`);
}

function validTime(date: Date | undefined, what: string): void {
  if (date !== undefined && Number.isNaN(date.getTime())) throw new RowProblem(`its data has a ${what} out of range`);
}

/** Baton's `external_id` is the id inside `data` (c1z-format.md §1); a mismatch means one of them changed. */
function matchesKey(row: Row, key: string): void {
  if (!("external_id" in row)) return;
  const stored = requiredText(row, "external_id");
  if (stored !== key) throw new RowProblem(`its external_id ${shown(stored)} is not the id in its data, ${shown(key)}`);
}

function checkResource(resource: Resource, what = "resource id"): void {
  nonEmpty(resource.id.resourceType, `${what} type`);
  nonEmpty(resource.id.resource, what);
  validTime(resource.createdAt, "creation time");
  validTime(resource.user?.createdAt, "user creation time");
  validTime(resource.user?.lastLogin, "last login");
}

export function resourceTypeFromRow(row: Row): ResourceType {
  const resourceType = decodeResourceType(dataBlob(row));
  nonEmpty(resourceType.id, "resource type id");
  matchesKey(row, resourceType.id);
  return resourceType;
}

export function resourceFromRow(row: Row): Resource {
  const resource = decodeResource(dataBlob(row));
  checkResource(resource);
  matchesKey(row, resourceKey(resource.id));
  return resource;
}

export function entitlementFromRow(row: Row): Entitlement {
  const entitlement = decodeEntitlement(dataBlob(row));
  nonEmpty(entitlement.id, "entitlement id");
  checkResource(entitlement.resource, "resource id of the entitlement");
  matchesKey(row, entitlement.id);
  return entitlement;
}

/** The columns `grantFromRow` needs, for SELECT lists. */
export const GRANT_COLUMNS =
  "id, external_id, data, expansion, entitlement_id, resource_type_id, resource_id, principal_resource_type_id, principal_resource_id";
/** The same for files whose v1_grants predates the `expansion` column. */
export const LEGACY_GRANT_COLUMNS = GRANT_COLUMNS.replace("expansion", "NULL AS expansion");

/** A stored `expansion` column; one that does not decode names the row as damaged. */
export function decodeExpansion(bytes: Uint8Array): GrantExpandable {
  try {
    return decodeGrantExpandable(bytes);
  } catch (error) {
    const invalidUtf8 = (error as { code?: unknown }).code === "ERR_ENCODING_INVALID_ENCODED_DATA";
    throw new RowProblem(
      `its expansion does not decode (${invalidUtf8 ? "a string is not valid UTF-8" : (error as Error).message})`,
      { cause: error },
    );
  }
}

/**
 * Decodes a grant row. A slim grant (no entitlement or principal inside `data`) gets them
 * rebuilt from the identity columns, as Baton's `grants_hydrate.go` does; a GrantExpandable
 * stored in the `expansion` column is put back on the grant.
 */
export function grantFromRow(row: Row): Grant {
  const data = dataBlob(row);
  const grant = decodeGrant(data);
  if (!hasField(data, GRANT_ENTITLEMENT_FIELD)) {
    grant.entitlement = {
      id: requiredText(row, "entitlement_id"),
      resource: {
        id: { resourceType: requiredText(row, "resource_type_id"), resource: requiredText(row, "resource_id") },
        displayName: "",
      },
    };
  }
  if (!hasField(data, GRANT_PRINCIPAL_FIELD)) {
    grant.principal = {
      id: {
        resourceType: requiredText(row, "principal_resource_type_id"),
        resource: requiredText(row, "principal_resource_id"),
      },
      displayName: "",
    };
  }
  const expansion = nullableBlob(row, "expansion");
  if (expansion) grant.expandable = decodeExpansion(expansion);
  checkGrantIdentity(row, grant);
  return grant;
}

/** The checks every decoded grant row passes: ids present, principal well formed, `external_id` its id. */
export function checkGrantIdentity(row: Row, grant: Grant): void {
  nonEmpty(grant.id, "grant id");
  nonEmpty(grant.entitlement.id, "entitlement id");
  checkResource(grant.principal, "principal id");
  matchesKey(row, grant.id);
}
