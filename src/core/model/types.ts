/**
 * @module
 * idsync's plain view of Baton's data model. Connectors build these objects; the codec turns
 * them into `c1.connector.v2` protobuf for the store, and the reader turns stored rows back
 * into them. Nothing here knows about SQLite or protobuf.
 */

/** Baton's `ResourceType.Trait`, by name. */
export type Trait =
  | "user"
  | "group"
  | "role"
  | "app"
  | "secret"
  | "security-insight"
  | "scope-binding"
  | "vendor"
  | "vendor-agreement"
  | "license-profile"
  | "agent"
  | "managed-device";

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** An annotation idsync does not model, kept as Baton wrote it so it survives a round trip. */
export interface OpaqueAnnotation {
  /** e.g. `type.googleapis.com/c1.connector.v2.EntitlementImmutable` */
  typeUrl: string;
  value: Uint8Array;
}

export interface ResourceType {
  id: string;
  displayName: string;
  traits: Trait[];
  description?: string;
  /** Baton's Skip* annotations on the type. */
  skipEntitlements?: boolean;
  skipGrants?: boolean;
  otherAnnotations?: OpaqueAnnotation[];
}

export interface ResourceId {
  resourceType: string;
  resource: string;
}

export type ResourceStatus = "unspecified" | "enabled" | "disabled" | "deleted";
export type AccountType = "unspecified" | "human" | "service" | "system";

export interface Email {
  address: string;
  primary: boolean;
}

export interface StructuredName {
  givenName?: string;
  familyName?: string;
  middleNames?: string[];
  prefix?: string;
  suffix?: string;
}

export interface UserTrait {
  emails: Email[];
  status: ResourceStatus;
  /** Why the user has that status, e.g. "pending invite". */
  statusDetails?: string;
  accountType: AccountType;
  login?: string;
  loginAliases?: string[];
  profile?: JsonObject;
  createdAt?: Date;
  lastLogin?: Date;
  mfaEnabled?: boolean;
  ssoEnabled?: boolean;
  structuredName?: StructuredName;
  employeeIds?: string[];
}

export interface GroupTrait {
  profile?: JsonObject;
}

export interface RoleTrait {
  profile?: JsonObject;
}

export interface Resource {
  id: ResourceId;
  parentId?: ResourceId;
  displayName: string;
  description?: string;
  user?: UserTrait;
  group?: GroupTrait;
  role?: RoleTrait;
  /** Resource types listed under this resource (Baton's ChildResourceType annotations). */
  childResourceTypes?: string[];
  externalLink?: string;
  /**
   * Resource-level profile, status and creation time. For users the builders mirror the
   * UserTrait's values here, as Baton's SDK does.
   */
  profile?: JsonObject;
  status?: { status: ResourceStatus; details?: string };
  createdAt?: Date;
  otherAnnotations?: OpaqueAnnotation[];
}

export type EntitlementPurpose = "unspecified" | "assignment" | "permission" | "ownership";

export interface Entitlement {
  /** `<resourceType>:<resource>:<slug>` */
  id: string;
  resource: Resource;
  displayName: string;
  description?: string;
  slug: string;
  purpose: EntitlementPurpose;
  grantableTo: ResourceType[];
  immutable?: { sourceId?: string; metadata?: JsonObject };
  otherAnnotations?: OpaqueAnnotation[];
}

/** "Holders of these entitlements (on the principal) also hold the grant's entitlement." */
export interface GrantExpandable {
  entitlementIds: string[];
  shallow: boolean;
  resourceTypeIds: string[];
}

export interface GrantSource {
  isDirect: boolean;
}

export interface Grant {
  /** `<entitlementId>:<principalType>:<principalId>` */
  id: string;
  /** As Baton's SDK embeds it: the entitlement id and the resource it is on. */
  entitlement: { id: string; resource: Resource };
  /** The principal: a full resource, or one carrying only its id. */
  principal: Resource;
  expandable?: GrantExpandable;
  immutable?: { sourceId?: string; metadata?: JsonObject };
  metadata?: JsonObject;
  /** Keyed by source entitlement id; set by grant expansion. */
  sources?: Record<string, GrantSource>;
  otherAnnotations?: OpaqueAnnotation[];
}
