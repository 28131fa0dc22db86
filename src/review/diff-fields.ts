/**
 * @module
 * What `diff` compares for each kind of row: a flat, ordered list of readable fields. Two
 * rows are "changed" when a field differs. Left out on purpose:
 * - a user's last login, which moves on every sync for every active user and would bury the
 *   changes a reviewer looks for (export and `resources` show it);
 * - the copies of resources embedded inside entitlements and grants, which change whenever
 *   the resource does and are reported once, on the resource.
 */
import {
  sortedJson,
  type Entitlement,
  type Grant,
  type JsonObject,
  type Resource,
  type ResourceType,
} from "../core/index.ts";
import { resourceKey } from "../core/index.ts";
import { statusLabel, userFacts } from "./principals.ts";

export type Fields = Array<[field: string, value: string | null]>;

const list = (values: readonly string[] | undefined): string | null =>
  values && values.length > 0 ? values.join(", ") : null;
const json = (value: JsonObject | undefined): string | null =>
  value && Object.keys(value).length > 0 ? JSON.stringify(sortedJson(value)) : null;
const flag = (value: boolean | undefined): string | null => (value === undefined ? null : String(value));
const text = (value: string | undefined): string | null => (value ? value : null);

export function resourceTypeFields(type: ResourceType): Fields {
  return [
    ["name", type.displayName],
    ["traits", list(type.traits)],
    ["description", text(type.description)],
    ["skipEntitlements", flag(type.skipEntitlements)],
    ["skipGrants", flag(type.skipGrants)],
  ];
}

export function resourceFields(resource: Resource): Fields {
  const facts = userFacts(resource);
  const user = resource.user;
  const status = facts
    ? statusLabel(facts)
    : resource.status
      ? statusLabel({ status: resource.status.status, statusDetails: resource.status.details ?? null })
      : null;
  const fields: Fields = [
    ["name", resource.displayName],
    ["email", list(facts?.emails)],
    ["status", status],
    ["accountType", facts?.accountType ?? null],
    ["login", text(user?.login)],
    ["loginAliases", list(user?.loginAliases)],
    ["mfa", flag(user?.mfaEnabled)],
    ["sso", flag(user?.ssoEnabled)],
    ["employeeIds", list(user?.employeeIds)],
    ["description", text(resource.description)],
    ["parent", resource.parentId ? resourceKey(resource.parentId) : null],
    ["externalLink", text(resource.externalLink)],
    ["profile", json(user?.profile ?? resource.profile)],
  ];
  return fields;
}

export function entitlementFields(entitlement: Entitlement): Fields {
  return [
    ["name", entitlement.displayName],
    ["description", text(entitlement.description)],
    ["slug", entitlement.slug],
    ["purpose", entitlement.purpose],
    ["grantableTo", list(entitlement.grantableTo.map((type) => type.id).sort())],
    ["immutable", entitlement.immutable ? (json({ ...entitlement.immutable }) ?? "{}") : null],
  ];
}

export function grantFields(grant: Grant): Fields {
  const sources = Object.entries(grant.sources ?? {})
    .map(([id, source]) => `${id}${source.isDirect ? " (direct)" : ""}`)
    .sort();
  const expandable = grant.expandable
    ? [
        grant.expandable.entitlementIds.join(" "),
        grant.expandable.shallow ? "shallow" : "",
        grant.expandable.resourceTypeIds.length > 0 ? `types ${grant.expandable.resourceTypeIds.join(" ")}` : "",
      ]
        .filter(Boolean)
        .join("; ")
    : null;
  return [
    ["sources", list(sources)],
    ["expandable", expandable],
    ["immutable", grant.immutable ? (json({ ...grant.immutable }) ?? "{}") : null],
    ["metadata", json(grant.metadata)],
  ];
}

export interface FieldChange {
  field: string;
  old: string | null;
  new: string | null;
}

/** The fields whose values differ, in the order the fields are listed. */
export function changedFields(before: Fields, after: Fields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [index, [field, value]] of after.entries()) {
    const old = before[index]?.[1] ?? null;
    if (old !== value) changes.push({ field, old, new: value });
  }
  return changes;
}
