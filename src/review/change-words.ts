/**
 * @module
 * Changes in words, for people: "joined team Platform", "became Workspace Admin (role)",
 * "accountStatus: ACTIVE → INACTIVE". `diff`, the demo and the explorer all word a change
 * here, so they read alike. Machine output keeps the ids; these sentences go beside them.
 */
import type { Entitlement, ResourceType } from "../core/index.ts";
import type { ChangedResource } from "./diff.ts";
import type { FieldChange } from "./diff-fields.ts";

/** What wording needs from a sync: SyncLookup is one. */
export interface ChangeLookup {
  entitlement(id: string): Entitlement | undefined;
  resourceType(id: string): ResourceType | undefined;
  /** The name of the role whose resource id is `id`, for profile values that hold a role's id. */
  roleName?(id: string): string | undefined;
}

const NONE = "(none)";

/** "team", "user group": how a sentence names a resource type. */
function typeWord(entitlement: Entitlement, lookup: ChangeLookup): string {
  const type = entitlement.resource.id.resourceType;
  return (lookup.resourceType(type)?.displayName || type).toLowerCase();
}

/**
 * One entitlement a principal gained or lost, in words. Groups and teams are joined and left,
 * roles are become; any other entitlement (a project role, a group's manager) is gained or
 * lost on its resource. An entitlement the sync does not hold is named by its id.
 */
export function accessChangeText(entitlementId: string, gained: boolean, lookup: ChangeLookup): string {
  const entitlement = lookup.entitlement(entitlementId);
  if (!entitlement) return `${gained ? "gained" : "lost"} ${entitlementId}`;
  const resource = entitlement.resource;
  const name = resource.displayName || resource.id.resource;
  const traits = lookup.resourceType(resource.id.resourceType)?.traits ?? [];
  if (entitlement.slug === "member" && (traits.includes("group") || resource.group)) {
    return `${gained ? "joined" : "left"} ${typeWord(entitlement, lookup)} ${name}`;
  }
  if (entitlement.slug === "assigned" && (traits.includes("role") || resource.role)) {
    return `${gained ? "became" : "no longer"} ${name} (role)`;
  }
  return `${gained ? "gained" : "lost"} ${entitlement.slug} on ${typeWord(entitlement, lookup)} ${name}`;
}

/** "team Platform": the resource an entitlement is on, by its type and name; its id when unknown. */
export function entitlementHolderText(entitlementId: string, lookup: ChangeLookup): string {
  const entitlement = lookup.entitlement(entitlementId);
  if (!entitlement) return entitlementId;
  return `${typeWord(entitlement, lookup)} ${entitlement.resource.displayName || entitlement.resource.id.resource}`;
}

/** How a grant is held, in words: "direct", or "via team Platform" for one that comes through a group. */
export function viaText(via: readonly string[], lookup: ChangeLookup): string {
  return via.length > 0 ? `via ${via.map((id) => entitlementHolderText(id, lookup)).join(", ")}` : "direct";
}

/**
 * A JSON value as a reviewer reads it: text as is, lists joined, nothing as "(none)", and a
 * role's id as the role's name (env0 profiles hold a custom role by its id).
 */
function valueText(value: unknown, lookup?: ChangeLookup): string {
  if (value === undefined || value === null || value === "") return NONE;
  if (Array.isArray(value)) return value.length === 0 ? NONE : value.map((item) => valueText(item, lookup)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return (typeof value === "string" ? lookup?.roleName?.(value) : undefined) ?? String(value);
}

function parsedObject(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One changed field in words: "status: enabled → disabled". A profile (a JSON object) is
 * compared key by key, one line per key that changed, rather than shown whole.
 */
export function fieldChangeTexts(change: FieldChange, lookups?: { old: ChangeLookup; new: ChangeLookup }): string[] {
  if (change.field === "profile") {
    const [before, after] = [parsedObject(change.old), parsedObject(change.new)];
    if (before && after) {
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      return keys
        .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .map((key) => `${key}: ${valueText(before[key], lookups?.old)} → ${valueText(after[key], lookups?.new)}`);
    }
  }
  return [`${change.field}: ${change.old ?? NONE} → ${change.new ?? NONE}`];
}

/**
 * Every change of a resource in words: its fields, then the access it gained (named in the
 * new sync) and lost (named in the old one).
 */
export function resourceChangeTexts(
  item: ChangedResource,
  lookups: { old: ChangeLookup; new: ChangeLookup },
  options: { fields?: readonly FieldChange[] } = {},
): string[] {
  return [
    ...(options.fields ?? item.changes).flatMap((change) => fieldChangeTexts(change, lookups)),
    ...item.accessAdded.map((id) => accessChangeText(id, true, lookups.new)),
    ...item.accessRemoved.map((id) => accessChangeText(id, false, lookups.old)),
  ];
}
