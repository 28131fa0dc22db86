/**
 * @module
 * Typed builders for resource types, resources, entitlements and grants. They apply Baton's
 * id conventions and SDK defaults (users ENABLED and HUMAN; the user trait's profile, status
 * and creation time mirrored onto the resource), so connectors never assemble ids by hand.
 */
import { PRIVILEGED_KEY, STATUS_REASON_KEY, withProfileFact, type StatusReason } from "./facts.ts";
import { entitlementId, grantId } from "./ids.ts";
import type {
  AccountType,
  Email,
  Entitlement,
  EntitlementPurpose,
  Grant,
  GrantExpandable,
  GroupTrait,
  JsonObject,
  Resource,
  ResourceId,
  ResourceStatus,
  ResourceType,
  RoleTrait,
  StructuredName,
  Trait,
  UserTrait,
} from "./types.ts";

export interface ResourceTypeSpec {
  id: string;
  displayName: string;
  traits?: Trait[];
  description?: string;
  skipEntitlements?: boolean;
  skipGrants?: boolean;
}

export function defineResourceType(spec: ResourceTypeSpec): ResourceType {
  return dropUndefined({
    id: spec.id,
    displayName: spec.displayName,
    traits: spec.traits ?? [],
    description: spec.description,
    skipEntitlements: spec.skipEntitlements,
    skipGrants: spec.skipGrants,
  });
}

/** Options every resource builder accepts. */
export interface ResourceOptions {
  parentId?: ResourceId;
  description?: string;
  childResourceTypes?: string[];
  externalLink?: string;
  createdAt?: Date;
}

type TypeRef = ResourceType | string;
const typeIdOf = (type: TypeRef): string => (typeof type === "string" ? type : type.id);

export function newResource(
  type: TypeRef,
  id: string,
  displayName: string,
  options: ResourceOptions & { profile?: JsonObject; status?: ResourceStatus; statusDetails?: string } = {},
): Resource {
  return dropUndefined({
    id: { resourceType: typeIdOf(type), resource: id },
    parentId: options.parentId,
    displayName,
    description: options.description,
    childResourceTypes: options.childResourceTypes,
    externalLink: options.externalLink,
    profile: options.profile,
    status: options.status ? dropUndefined({ status: options.status, details: options.statusDetails }) : undefined,
    createdAt: options.createdAt,
  });
}

export interface UserSpec extends ResourceOptions {
  /** The first address is marked primary unless `Email` objects say otherwise. */
  emails?: Array<string | Email>;
  /** @default "enabled" */
  status?: ResourceStatus;
  /** Words for people (Baton UIs show them), e.g. "pending invite: not accepted yet". */
  statusDetails?: string;
  /** The same, as a fact readers act on (facts.ts); stored in the profile as `idsync_status_reason`. */
  statusReason?: StatusReason;
  /** @default "human" */
  accountType?: AccountType;
  login?: string;
  loginAliases?: string[];
  profile?: JsonObject;
  lastLogin?: Date;
  mfaEnabled?: boolean;
  ssoEnabled?: boolean;
  structuredName?: StructuredName;
  employeeIds?: string[];
}

export function newUserResource(type: TypeRef, id: string, displayName: string, spec: UserSpec = {}): Resource {
  const status = spec.status ?? "enabled";
  const emails = (spec.emails ?? [])
    .filter((e) => (typeof e === "string" ? e : e.address).length > 0)
    .map((e, index): Email => (typeof e === "string" ? { address: e, primary: index === 0 } : e));
  const profile = withProfileFact(spec.profile, STATUS_REASON_KEY, spec.statusReason);
  const user: UserTrait = dropUndefined({
    emails,
    status,
    statusDetails: spec.statusDetails,
    accountType: spec.accountType ?? "human",
    login: spec.login,
    loginAliases: spec.loginAliases,
    profile,
    createdAt: spec.createdAt,
    lastLogin: spec.lastLogin,
    mfaEnabled: spec.mfaEnabled,
    ssoEnabled: spec.ssoEnabled,
    structuredName: spec.structuredName,
    employeeIds: spec.employeeIds,
  });
  return {
    ...newResource(type, id, displayName, { ...spec, profile, status, statusDetails: spec.statusDetails }),
    user,
  };
}

export function newGroupResource(
  type: TypeRef,
  id: string,
  displayName: string,
  spec: ResourceOptions & { profile?: JsonObject } = {},
): Resource {
  const group: GroupTrait = dropUndefined({ profile: spec.profile });
  return { ...newResource(type, id, displayName, spec), group };
}

export interface RoleSpec extends ResourceOptions {
  profile?: JsonObject;
  /**
   * Whether holding the role is admin-grade, as the product defines its roles (facts.ts); stored
   * in the profile as `idsync_privileged`. Left out when the connector cannot tell (a role the
   * product added later, say): readers then judge by the role's name.
   */
  privileged?: boolean;
}

export function newRoleResource(type: TypeRef, id: string, displayName: string, spec: RoleSpec = {}): Resource {
  const profile = withProfileFact(spec.profile, PRIVILEGED_KEY, spec.privileged);
  const role: RoleTrait = dropUndefined({ profile });
  return { ...newResource(type, id, displayName, { ...spec, profile }), role };
}

export interface EntitlementSpec {
  /** @default the slug */
  displayName?: string;
  description?: string;
  /** The resource types whose resources can hold this entitlement. */
  grantableTo?: ResourceType[];
  /** @default "assignment" */
  purpose?: EntitlementPurpose;
}

/** An entitlement on `resource`, id `<type>:<id>:<slug>`; `member` and `assigned` are the usual slugs. */
export function newEntitlement(resource: Resource, slug: string, spec: EntitlementSpec = {}): Entitlement {
  return dropUndefined({
    id: entitlementId(resource.id, slug),
    resource,
    displayName: spec.displayName ?? slug,
    description: spec.description,
    slug,
    purpose: spec.purpose ?? "assignment",
    grantableTo: spec.grantableTo ?? [],
  });
}

export interface GrantSpec {
  /** Holders of these entitlements (on the principal) receive this grant's entitlement too. */
  expandable?: { entitlementIds: string[]; shallow?: boolean; resourceTypeIds?: string[] };
  metadata?: JsonObject;
}

/**
 * `principal` holds the entitlement `slug` on `resource`. A bare `ResourceId` principal is
 * stored as a resource carrying only its id, as Baton's SDK does.
 */
export function newGrant(
  resource: Resource,
  slug: string,
  principal: Resource | ResourceId,
  spec: GrantSpec = {},
): Grant {
  const principalResource: Resource = "id" in principal ? principal : { id: { ...principal }, displayName: "" };
  const entitlement = entitlementId(resource.id, slug);
  const expandable: GrantExpandable | undefined = spec.expandable
    ? {
        entitlementIds: spec.expandable.entitlementIds,
        shallow: spec.expandable.shallow ?? false,
        resourceTypeIds: spec.expandable.resourceTypeIds ?? [],
      }
    : undefined;
  return dropUndefined({
    id: grantId(entitlement, principalResource.id),
    entitlement: { id: entitlement, resource },
    principal: principalResource,
    expandable,
    metadata: spec.metadata,
  });
}

/**
 * `value` without its undefined keys, so built objects compare equal to decoded ones. A copy
 * rather than `delete`: deleting a key turns a V8 object into a hash table, and every later
 * read of it (the store encodes these objects by the hundred thousand) becomes a lookup.
 */
export function dropUndefined<T extends object>(value: T): T {
  const defined = {} as T;
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] !== undefined) defined[key] = value[key];
  }
  return defined;
}
