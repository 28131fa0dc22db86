/**
 * @module
 * The pieces the hand-written decoders (`_fast-decode.ts`, `_fast-decode-resource.ts`) share:
 * the one reader, the type URLs they dispatch on, and readers for the small messages of every
 * row (Any, ResourceId, Status).
 */
import { ProtoReader } from "./_proto-reader.ts";
import { JsonObjectBuilder, readStruct } from "./_fast-decode-struct.ts";
import type { OpaqueAnnotation, ResourceId } from "./types.ts";

/** One reader for every decode: decoding never calls out, so nothing else can use it meanwhile. */
export const reader = new ProtoReader();
export const enumName = <T>(names: readonly T[], value: number): T => names[value] ?? names[0]!;
export const PACKAGE = "c1.connector.v2.";
export const typeUrlOf = (name: string): string => `type.googleapis.com/${PACKAGE}${name}`;

export const USER_TRAIT = typeUrlOf("UserTrait");
export const GROUP_TRAIT = typeUrlOf("GroupTrait");
export const ROLE_TRAIT = typeUrlOf("RoleTrait");
export const CHILD_RESOURCE_TYPE = typeUrlOf("ChildResourceType");
export const EXTERNAL_LINK = typeUrlOf("ExternalLink");
export const SKIP_ENTITLEMENTS_AND_GRANTS = typeUrlOf("SkipEntitlementsAndGrants");
export const SKIP_ENTITLEMENTS = typeUrlOf("SkipEntitlements");
export const SKIP_GRANTS = typeUrlOf("SkipGrants");
export const ENTITLEMENT_IMMUTABLE = typeUrlOf("EntitlementImmutable");
export const GRANT_EXPANDABLE = typeUrlOf("GrantExpandable");
export const GRANT_IMMUTABLE = typeUrlOf("GrantImmutable");
export const GRANT_METADATA = typeUrlOf("GrantMetadata");
/** The type URLs every row repeats, with their bytes, so a match needs no string decoded. */
export const KNOWN_TYPE_URLS = [
  USER_TRAIT,
  GROUP_TRAIT,
  ROLE_TRAIT,
  CHILD_RESOURCE_TYPE,
  EXTERNAL_LINK,
  GRANT_EXPANDABLE,
  GRANT_IMMUTABLE,
  GRANT_METADATA,
  ENTITLEMENT_IMMUTABLE,
].map((url) => ({ url, bytes: new Uint8Array(Buffer.from(url, "utf8")) }));

/** Sets `key` only when the value is meaningful, as codec.ts's `setIf` does. */
export function setIf<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined | "" | false,
): void {
  if (value === undefined || value === "" || value === false) return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value as T[K];
}

// ── reading messages ─────────────────────────────────────────────────────────

/** Reads a length-delimited message of `typeName` into `target`, one field at a time. */
export function message<T>(typeName: string, target: T, field: (target: T, tag: number) => void): T {
  const length = reader.uint32();
  reader.nest(typeName);
  const end = reader.pos + length;
  while (reader.pos < end) field(target, reader.tag());
  reader.depth--;
  return target;
}

/** Reads `bytes` as one top-level message, as `fromBinary` does. */
export function top<T>(bytes: Uint8Array, typeName: string, target: T, field: (target: T, tag: number) => void): T {
  reader.reset(bytes);
  reader.nest(typeName);
  while (reader.pos < bytes.length) field(target, reader.tag());
  return target;
}

/** A message whose fields 1…`count` are strings nobody keeps: read (and so checked), then dropped. */
export function ignoredStrings(typeName: string, count: number): void {
  message(typeName, undefined, (_, tag) => {
    if (tag >>> 3 <= count) reader.string();
    else reader.skipField(tag);
  });
}

/** An Any as read: its type URL and where its value lies (-1: no value field, an empty value). */
export interface AnyFields {
  typeUrl: string;
  start: number;
  end: number;
}

export function anyField(any: AnyFields, tag: number): void {
  const field = tag >>> 3;
  if (field === 1) any.typeUrl = typeUrl();
  else if (field === 2) {
    any.start = reader.lengthDelimited();
    any.end = reader.pos;
  } else reader.skipField(tag);
}

export function typeUrl(): string {
  for (const known of KNOWN_TYPE_URLS) if (reader.matchesBytes(known.bytes)) return known.url;
  return reader.string();
}

export const readAny = (): AnyFields => message("google.protobuf.Any", { typeUrl: "", start: -1, end: -1 }, anyField);

/** Decodes an Any's value as a message of `typeName`, as `fromBinary` on those bytes does. */
export function unpack<T>(any: AnyFields, typeName: string, target: T, field: (target: T, tag: number) => void): T {
  if (any.start < 0) return target;
  const saved = reader.enter(any.start, any.end);
  reader.nest(typeName);
  while (reader.pos < any.end) field(target, reader.tag());
  reader.restore(saved);
  return target;
}

export function opaque(any: AnyFields): OpaqueAnnotation {
  return { typeUrl: any.typeUrl, value: any.start < 0 ? new Uint8Array(0) : reader.buf.subarray(any.start, any.end) };
}

export function resourceIdField(id: ResourceId, tag: number): void {
  const field = tag >>> 3;
  if (field === 1) id.resourceType = reader.recurringString();
  else if (field === 2) id.resource = reader.string();
  else if (field === 3) reader.bool();
  else reader.skipField(tag);
}

export interface StatusFields {
  status: number;
  details: string;
}

export function statusField(status: StatusFields, tag: number): void {
  const field = tag >>> 3;
  if (field === 1) status.status = reader.int32();
  else if (field === 2) status.details = reader.string();
  else reader.skipField(tag);
}

export const readStatus = (typeName: string, status: StatusFields | undefined): StatusFields =>
  message(typeName, status ?? { status: 0, details: "" }, statusField);

export const structField = (builder: JsonObjectBuilder | undefined): JsonObjectBuilder =>
  readStruct(reader, builder ?? new JsonObjectBuilder());
