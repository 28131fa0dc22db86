/**
 * @module
 * Converts the plain model to and from Baton's `c1.connector.v2` protobuf bytes.
 *
 * Encoding is deterministic: the same objects always give the same bytes. Struct keys are
 * sorted (Go's deterministic marshalling sorts map keys, and `baton diff` compares bytes),
 * annotations are written in a fixed order, and optional fields left unset stay unset.
 */
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, type Any, AnySchema, type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { EntitlementImmutableSchema } from "./gen/c1/connector/v2/annotation_entitlement_pb.js";
import { ExternalLinkSchema } from "./gen/c1/connector/v2/annotation_external_link_pb.js";
import {
  GrantExpandableSchema,
  GrantImmutableSchema,
  GrantMetadataSchema,
} from "./gen/c1/connector/v2/annotation_grant_pb.js";
import {
  SkipEntitlementsAndGrantsSchema,
  SkipEntitlementsSchema,
  SkipGrantsSchema,
} from "./gen/c1/connector/v2/annotation_resource_pb.js";
import { ChildResourceTypeSchema } from "./gen/c1/connector/v2/annotation_resource_tree_pb.js";
import { GroupTraitSchema, RoleTraitSchema, UserTraitSchema } from "./gen/c1/connector/v2/annotation_trait_pb.js";
import { EntitlementSchema, type Entitlement as PbEntitlement } from "./gen/c1/connector/v2/entitlement_pb.js";
import { GrantSchema, type Grant as PbGrant } from "./gen/c1/connector/v2/grant_pb.js";
import {
  ResourceSchema,
  ResourceTypeSchema,
  type Resource as PbResource,
  type ResourceType as PbResourceType,
} from "./gen/c1/connector/v2/resource_pb.js";
import {
  fastDecodeEntitlement,
  fastDecodeGrant,
  fastDecodeGrantExpandable,
  fastDecodeResource,
} from "./_fast-decode.ts";
import {
  fastEncodeEntitlement,
  fastEncodeGrant,
  fastEncodeGrantExpandable,
  fastEncodeResource,
} from "./_fast-encode.ts";
import type {
  Entitlement,
  Grant,
  GrantExpandable,
  JsonObject,
  JsonValue,
  OpaqueAnnotation,
  Resource,
  ResourceType,
  Trait,
  UserTrait,
} from "./types.ts";

import { ACCOUNT_TYPES, enumNumber, PURPOSES, STATUSES, TRAITS } from "./_enums.ts";
const enumName = <T>(names: readonly T[], value: number): T => names[value] ?? names[0]!;

const TYPE_URL_PREFIX = "type.googleapis.com/";
const typeUrlOf = (schema: DescMessage): string => TYPE_URL_PREFIX + schema.typeName;

// ── shared pieces ────────────────────────────────────────────────────────────

/**
 * A copy of `object` with keys sorted at every level. @bufbuild/protobuf maps Struct fields to
 * plain JSON objects and writes their entries in key order, so sorting gives Go's
 * deterministic bytes.
 */
export function sortedJson(object: JsonObject): JsonObject {
  const sorted: JsonObject = {};
  for (const key of Object.keys(object).sort()) {
    const value = object[key];
    if (value !== undefined) sorted[key] = sortJsonValue(value);
  }
  return sorted;
}

function sortJsonValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortJsonValue);
  if (value !== null && typeof value === "object") return sortedJson(value);
  return value;
}

function toTimestamp(date: Date): Timestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return create(TimestampSchema, { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 });
}

function fromTimestamp(ts: Timestamp): Date {
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000));
}

function pack<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): Any {
  return anyPack(schema, create(schema, init));
}

function unpack<Desc extends DescMessage>(schema: Desc, any: Any): MessageShape<Desc> {
  return fromBinary(schema, any.value);
}

function toOpaque(any: Any): OpaqueAnnotation {
  return { typeUrl: any.typeUrl, value: any.value };
}

function fromOpaque(annotations: OpaqueAnnotation[] | undefined): Any[] {
  return (annotations ?? []).map((a) => create(AnySchema, { typeUrl: a.typeUrl, value: a.value }));
}

/** Sets `key` only when the value is meaningful, so decoded objects equal freshly built ones. */
function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | "" | false): void {
  if (value === undefined || value === "" || value === false) return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value as T[K];
}

// ── resource types ───────────────────────────────────────────────────────────

/** The protobuf message of a resource type, for messages that carry one (capabilities). */
export function resourceTypeToPb(rt: ResourceType): PbResourceType {
  const annotations: Any[] = [];
  // Both skips are written as Baton's single SkipEntitlementsAndGrants, as its SDK does.
  if (rt.skipEntitlements && rt.skipGrants) annotations.push(pack(SkipEntitlementsAndGrantsSchema, {}));
  else if (rt.skipEntitlements) annotations.push(pack(SkipEntitlementsSchema, {}));
  else if (rt.skipGrants) annotations.push(pack(SkipGrantsSchema, {}));
  annotations.push(...fromOpaque(rt.otherAnnotations));
  return create(ResourceTypeSchema, {
    id: rt.id,
    displayName: rt.displayName,
    traits: rt.traits.map((t) => enumNumber(TRAITS, t)),
    annotations,
    description: rt.description ?? "",
  });
}

function resourceTypeFromPb(pb: PbResourceType): ResourceType {
  const rt: ResourceType = {
    id: pb.id,
    displayName: pb.displayName,
    traits: pb.traits.map((t) => enumName(TRAITS, t)).filter((t): t is Trait => t !== "unspecified"),
  };
  setIf(rt, "description", pb.description);
  const other: OpaqueAnnotation[] = [];
  for (const any of pb.annotations) {
    if (any.typeUrl === typeUrlOf(SkipEntitlementsAndGrantsSchema)) {
      rt.skipEntitlements = true;
      rt.skipGrants = true;
    } else if (any.typeUrl === typeUrlOf(SkipEntitlementsSchema)) rt.skipEntitlements = true;
    else if (any.typeUrl === typeUrlOf(SkipGrantsSchema)) rt.skipGrants = true;
    else other.push(toOpaque(any));
  }
  setIf(rt, "otherAnnotations", other);
  return rt;
}

export function encodeResourceType(rt: ResourceType): Uint8Array {
  return toBinary(ResourceTypeSchema, resourceTypeToPb(rt));
}

export function decodeResourceType(bytes: Uint8Array): ResourceType {
  return resourceTypeFromPb(fromBinary(ResourceTypeSchema, bytes));
}

// ── resources ────────────────────────────────────────────────────────────────

function userTraitToAny(user: UserTrait): Any {
  return pack(UserTraitSchema, {
    emails: user.emails.map((e) => ({ address: e.address, isPrimary: e.primary })),
    status: { status: enumNumber(STATUSES, user.status), details: user.statusDetails ?? "" },
    profile: user.profile ? sortedJson(user.profile) : undefined,
    accountType: enumNumber(ACCOUNT_TYPES, user.accountType),
    login: user.login ?? "",
    loginAliases: user.loginAliases ?? [],
    createdAt: user.createdAt ? toTimestamp(user.createdAt) : undefined,
    lastLogin: user.lastLogin ? toTimestamp(user.lastLogin) : undefined,
    mfaStatus: user.mfaEnabled === undefined ? undefined : { mfaEnabled: user.mfaEnabled },
    ssoStatus: user.ssoEnabled === undefined ? undefined : { ssoEnabled: user.ssoEnabled },
    structuredName: user.structuredName
      ? {
          givenName: user.structuredName.givenName ?? "",
          familyName: user.structuredName.familyName ?? "",
          middleNames: user.structuredName.middleNames ?? [],
          prefix: user.structuredName.prefix ?? "",
          suffix: user.structuredName.suffix ?? "",
        }
      : undefined,
    employeeIds: user.employeeIds ?? [],
  });
}

function userTraitFromAny(any: Any): UserTrait {
  const pb = unpack(UserTraitSchema, any);
  const user: UserTrait = {
    emails: pb.emails.map((e) => ({ address: e.address, primary: e.isPrimary })),
    status: enumName(STATUSES, pb.status?.status ?? 0),
    accountType: enumName(ACCOUNT_TYPES, pb.accountType),
  };
  setIf(user, "statusDetails", pb.status?.details);
  setIf(user, "login", pb.login);
  setIf(user, "loginAliases", pb.loginAliases);
  if (pb.profile) user.profile = sortedJson(pb.profile);
  if (pb.createdAt) user.createdAt = fromTimestamp(pb.createdAt);
  if (pb.lastLogin) user.lastLogin = fromTimestamp(pb.lastLogin);
  if (pb.mfaStatus) user.mfaEnabled = pb.mfaStatus.mfaEnabled;
  if (pb.ssoStatus) user.ssoEnabled = pb.ssoStatus.ssoEnabled;
  if (pb.structuredName) {
    const name: NonNullable<UserTrait["structuredName"]> = {};
    setIf(name, "givenName", pb.structuredName.givenName);
    setIf(name, "familyName", pb.structuredName.familyName);
    setIf(name, "middleNames", pb.structuredName.middleNames);
    setIf(name, "prefix", pb.structuredName.prefix);
    setIf(name, "suffix", pb.structuredName.suffix);
    user.structuredName = name;
  }
  setIf(user, "employeeIds", pb.employeeIds);
  return user;
}

function resourceToPb(resource: Resource): PbResource {
  const annotations: Any[] = [];
  if (resource.user) annotations.push(userTraitToAny(resource.user));
  if (resource.group) {
    const profile = resource.group.profile;
    annotations.push(pack(GroupTraitSchema, { profile: profile ? sortedJson(profile) : undefined }));
  }
  if (resource.role) {
    const profile = resource.role.profile;
    annotations.push(pack(RoleTraitSchema, { profile: profile ? sortedJson(profile) : undefined }));
  }
  for (const child of resource.childResourceTypes ?? []) {
    annotations.push(pack(ChildResourceTypeSchema, { resourceTypeId: child }));
  }
  if (resource.externalLink) annotations.push(pack(ExternalLinkSchema, { url: resource.externalLink }));
  annotations.push(...fromOpaque(resource.otherAnnotations));
  return create(ResourceSchema, {
    id: { resourceType: resource.id.resourceType, resource: resource.id.resource },
    parentResourceId: resource.parentId
      ? { resourceType: resource.parentId.resourceType, resource: resource.parentId.resource }
      : undefined,
    displayName: resource.displayName,
    annotations,
    description: resource.description ?? "",
    profile: resource.profile ? sortedJson(resource.profile) : undefined,
    status: resource.status
      ? { status: enumNumber(STATUSES, resource.status.status), details: resource.status.details ?? "" }
      : undefined,
    createdAt: resource.createdAt ? toTimestamp(resource.createdAt) : undefined,
  });
}

function resourceFromPb(pb: PbResource): Resource {
  const resource: Resource = {
    id: { resourceType: pb.id?.resourceType ?? "", resource: pb.id?.resource ?? "" },
    displayName: pb.displayName,
  };
  if (pb.parentResourceId) {
    resource.parentId = { resourceType: pb.parentResourceId.resourceType, resource: pb.parentResourceId.resource };
  }
  setIf(resource, "description", pb.description);
  const children: string[] = [];
  const other: OpaqueAnnotation[] = [];
  for (const any of pb.annotations) {
    switch (any.typeUrl) {
      case typeUrlOf(UserTraitSchema):
        resource.user = userTraitFromAny(any);
        break;
      case typeUrlOf(GroupTraitSchema): {
        const group = unpack(GroupTraitSchema, any);
        resource.group = group.profile ? { profile: sortedJson(group.profile) } : {};
        break;
      }
      case typeUrlOf(RoleTraitSchema): {
        const role = unpack(RoleTraitSchema, any);
        resource.role = role.profile ? { profile: sortedJson(role.profile) } : {};
        break;
      }
      case typeUrlOf(ChildResourceTypeSchema):
        children.push(unpack(ChildResourceTypeSchema, any).resourceTypeId);
        break;
      case typeUrlOf(ExternalLinkSchema):
        resource.externalLink = unpack(ExternalLinkSchema, any).url;
        break;
      default:
        other.push(toOpaque(any));
    }
  }
  setIf(resource, "childResourceTypes", children);
  if (pb.profile) resource.profile = sortedJson(pb.profile);
  if (pb.status) {
    resource.status = { status: enumName(STATUSES, pb.status.status) };
    setIf(resource.status, "details", pb.status.details);
  }
  if (pb.createdAt) resource.createdAt = fromTimestamp(pb.createdAt);
  setIf(resource, "otherAnnotations", other);
  return resource;
}

export function encodeResource(resource: Resource): Uint8Array {
  return fastEncodeResource(resource);
}

/** A stored resource's model; bytes `fromBinary` refuses are refused with its error. */
export function decodeResource(bytes: Uint8Array): Resource {
  return fastDecodeResource(bytes);
}

// ── entitlements ─────────────────────────────────────────────────────────────

function immutableInit(immutable: { sourceId?: string; metadata?: JsonObject }) {
  return {
    sourceId: immutable.sourceId ?? "",
    metadata: immutable.metadata ? sortedJson(immutable.metadata) : undefined,
  };
}

function immutableFrom(pb: { sourceId: string; metadata?: JsonObject }): { sourceId?: string; metadata?: JsonObject } {
  const immutable: { sourceId?: string; metadata?: JsonObject } = {};
  setIf(immutable, "sourceId", pb.sourceId);
  if (pb.metadata) immutable.metadata = sortedJson(pb.metadata);
  return immutable;
}

function entitlementToPb(entitlement: Entitlement): PbEntitlement {
  const annotations: Any[] = [];
  if (entitlement.immutable) {
    annotations.push(pack(EntitlementImmutableSchema, immutableInit(entitlement.immutable)));
  }
  annotations.push(...fromOpaque(entitlement.otherAnnotations));
  return create(EntitlementSchema, {
    resource: resourceToPb(entitlement.resource),
    id: entitlement.id,
    displayName: entitlement.displayName,
    description: entitlement.description ?? "",
    grantableTo: entitlement.grantableTo.map(resourceTypeToPb),
    annotations,
    purpose: enumNumber(PURPOSES, entitlement.purpose),
    slug: entitlement.slug,
  });
}

function entitlementFromPb(pb: PbEntitlement): Entitlement {
  const entitlement: Entitlement = {
    id: pb.id,
    resource: pb.resource ? resourceFromPb(pb.resource) : { id: { resourceType: "", resource: "" }, displayName: "" },
    displayName: pb.displayName,
    slug: pb.slug,
    purpose: enumName(PURPOSES, pb.purpose),
    grantableTo: pb.grantableTo.map(resourceTypeFromPb),
  };
  setIf(entitlement, "description", pb.description);
  const other: OpaqueAnnotation[] = [];
  for (const any of pb.annotations) {
    if (any.typeUrl === typeUrlOf(EntitlementImmutableSchema)) {
      entitlement.immutable = immutableFrom(unpack(EntitlementImmutableSchema, any));
    } else {
      other.push(toOpaque(any));
    }
  }
  setIf(entitlement, "otherAnnotations", other);
  return entitlement;
}

export function encodeEntitlement(entitlement: Entitlement): Uint8Array {
  return fastEncodeEntitlement(entitlement);
}

export function decodeEntitlement(bytes: Uint8Array): Entitlement {
  return fastDecodeEntitlement(bytes);
}

// ── grants ───────────────────────────────────────────────────────────────────

export function encodeGrantExpandable(expandable: GrantExpandable): Uint8Array {
  return fastEncodeGrantExpandable(expandable);
}

export function decodeGrantExpandable(bytes: Uint8Array): GrantExpandable {
  return fastDecodeGrantExpandable(bytes);
}

function grantExpandableFromBinary(bytes: Uint8Array): GrantExpandable {
  const pb = fromBinary(GrantExpandableSchema, bytes);
  return { entitlementIds: pb.entitlementIds, shallow: pb.shallow, resourceTypeIds: pb.resourceTypeIds };
}

function grantToPb(grant: Grant, options: { omitExpandable: boolean }): PbGrant {
  const annotations: Any[] = [];
  if (grant.expandable && !options.omitExpandable) {
    annotations.push(
      pack(GrantExpandableSchema, {
        entitlementIds: grant.expandable.entitlementIds,
        shallow: grant.expandable.shallow,
        resourceTypeIds: grant.expandable.resourceTypeIds,
      }),
    );
  }
  if (grant.immutable) annotations.push(pack(GrantImmutableSchema, immutableInit(grant.immutable)));
  if (grant.metadata) annotations.push(pack(GrantMetadataSchema, { metadata: sortedJson(grant.metadata) }));
  annotations.push(...fromOpaque(grant.otherAnnotations));
  const sources = grant.sources
    ? {
        sources: Object.fromEntries(
          Object.keys(grant.sources)
            .sort()
            .map((key) => [key, { isDirect: grant.sources![key]!.isDirect }]),
        ),
      }
    : undefined;
  return create(GrantSchema, {
    entitlement: create(EntitlementSchema, {
      id: grant.entitlement.id,
      resource: resourceToPb(grant.entitlement.resource),
    }),
    principal: resourceToPb(grant.principal),
    id: grant.id,
    annotations,
    sources,
  });
}

function grantFromPb(pb: PbGrant): Grant {
  const entitlementResource = pb.entitlement?.resource
    ? resourceFromPb(pb.entitlement.resource)
    : { id: { resourceType: "", resource: "" }, displayName: "" };
  const grant: Grant = {
    id: pb.id,
    entitlement: { id: pb.entitlement?.id ?? "", resource: entitlementResource },
    principal: pb.principal
      ? resourceFromPb(pb.principal)
      : { id: { resourceType: "", resource: "" }, displayName: "" },
  };
  const other: OpaqueAnnotation[] = [];
  for (const any of pb.annotations) {
    switch (any.typeUrl) {
      case typeUrlOf(GrantExpandableSchema):
        grant.expandable = grantExpandableFromBinary(any.value);
        break;
      case typeUrlOf(GrantImmutableSchema):
        grant.immutable = immutableFrom(unpack(GrantImmutableSchema, any));
        break;
      case typeUrlOf(GrantMetadataSchema): {
        const metadata = unpack(GrantMetadataSchema, any).metadata;
        grant.metadata = metadata ? sortedJson(metadata) : {};
        break;
      }
      default:
        other.push(toOpaque(any));
    }
  }
  if (pb.sources) {
    grant.sources = {};
    for (const key of Object.keys(pb.sources.sources).sort()) {
      grant.sources[key] = { isDirect: pb.sources.sources[key]!.isDirect };
    }
  }
  setIf(grant, "otherAnnotations", other);
  return grant;
}

/**
 * Encodes a grant's `data`. The store passes `omitExpandable` because Baton keeps the
 * GrantExpandable annotation in the `expansion` column, not inside `data`.
 */
export function encodeGrant(grant: Grant, options: { omitExpandable?: boolean } = {}): Uint8Array {
  return fastEncodeGrant(grant, options.omitExpandable ?? false);
}

/**
 * The same four encoders through the generated schema and `toBinary`: the reference the
 * hand-written ones (`_fast-encode.ts`) must match byte for byte, and the baseline the store
 * bench compares them with.
 */
export const generatedEncoders = {
  resource: (resource: Resource): Uint8Array => toBinary(ResourceSchema, resourceToPb(resource)),
  entitlement: (entitlement: Entitlement): Uint8Array => toBinary(EntitlementSchema, entitlementToPb(entitlement)),
  grant: (grant: Grant, options: { omitExpandable?: boolean } = {}): Uint8Array =>
    toBinary(GrantSchema, grantToPb(grant, { omitExpandable: options.omitExpandable ?? false })),
  grantExpandable: (expandable: GrantExpandable): Uint8Array =>
    toBinary(
      GrantExpandableSchema,
      create(GrantExpandableSchema, {
        entitlementIds: expandable.entitlementIds,
        shallow: expandable.shallow,
        resourceTypeIds: expandable.resourceTypeIds,
      }),
    ),
};

export function decodeGrant(bytes: Uint8Array): Grant {
  return fastDecodeGrant(bytes);
}

/**
 * The same four decoders through the generated schema and `fromBinary`: the reference the
 * hand-written ones (`_fast-decode.ts`) must match, results and refusals alike, and the
 * baseline the store bench compares them with.
 */
export const generatedDecoders = {
  resource: (bytes: Uint8Array): Resource => resourceFromPb(fromBinary(ResourceSchema, bytes)),
  entitlement: (bytes: Uint8Array): Entitlement => entitlementFromPb(fromBinary(EntitlementSchema, bytes)),
  grant: (bytes: Uint8Array): Grant => grantFromPb(fromBinary(GrantSchema, bytes)),
  grantExpandable: grantExpandableFromBinary,
};
