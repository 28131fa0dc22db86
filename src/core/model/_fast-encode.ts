/**
 * @module
 * Hand-written encoders for the messages a sync writes by the hundred thousand: Resource (with
 * its user, group and role traits as Any annotations), Entitlement, Grant and GrantExpandable.
 * Building @bufbuild/protobuf message objects and walking their descriptors cost most of a
 * sync's store time; these write the wire bytes straight from the model (see `_proto-writer.ts`).
 *
 * The bytes are exactly those of `toBinary` on the generated schema (`gen/`), which
 * `fast-encode.test.ts` checks on random inputs: fields in field-number order (the order of
 * `proto/c1/connector/v2/*.proto`, which is also declaration order), proto3 zero values left
 * out, message fields written whenever set (even when empty), repeated enums packed, map and
 * Struct entries in `Object.keys` order of a key-sorted object, annotations in the codec's order.
 */
import { ProtoWriter, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from "./_proto-writer.ts";
import type {
  Entitlement,
  Grant,
  GrantExpandable,
  JsonObject,
  JsonValue,
  OpaqueAnnotation,
  Resource,
  ResourceType,
  UserTrait,
} from "./types.ts";

import { ACCOUNT_TYPES, enumNumber, PURPOSES, STATUSES, TRAITS } from "./_enums.ts";

/** An Any's `type_url` field (1), tag and length included, encoded once: every row repeats it. */
function anyTypeUrl(name: string): Uint8Array {
  const url = Buffer.from(`type.googleapis.com/c1.connector.v2.${name}`, "utf8");
  // One length byte: every name here keeps the URL under 128 bytes.
  if (url.length >= 0x80) throw new Error(`type URL of ${name} is too long for one length byte`);
  return Uint8Array.of((1 << 3) | WIRE_LEN, url.length, ...url);
}
const USER_TRAIT = anyTypeUrl("UserTrait");
const GROUP_TRAIT = anyTypeUrl("GroupTrait");
const ROLE_TRAIT = anyTypeUrl("RoleTrait");
const CHILD_RESOURCE_TYPE = anyTypeUrl("ChildResourceType");
const EXTERNAL_LINK = anyTypeUrl("ExternalLink");
const SKIP_ENTITLEMENTS_AND_GRANTS = anyTypeUrl("SkipEntitlementsAndGrants");
const SKIP_ENTITLEMENTS = anyTypeUrl("SkipEntitlements");
const SKIP_GRANTS = anyTypeUrl("SkipGrants");
const ENTITLEMENT_IMMUTABLE = anyTypeUrl("EntitlementImmutable");
const GRANT_EXPANDABLE = anyTypeUrl("GrantExpandable");
const GRANT_IMMUTABLE = anyTypeUrl("GrantImmutable");
const GRANT_METADATA = anyTypeUrl("GrantMetadata");

const writer = new ProtoWriter();

// ── shared pieces ────────────────────────────────────────────────────────────

/** Opens field `field` as a sub-message. */
function open(field: number): void {
  writer.tag(field, WIRE_LEN);
  writer.fork();
}

function stringField(field: number, value: string | undefined): void {
  if (value === undefined || value === "") return;
  writer.tag(field, WIRE_LEN);
  writer.string(value);
}

function repeatedString(field: number, values: readonly string[] | undefined): void {
  if (values === undefined) return;
  for (const value of values) {
    writer.tag(field, WIRE_LEN);
    writer.string(value);
  }
}

function enumField(field: number, value: number): void {
  if (value === 0) return;
  writer.tag(field, WIRE_VARINT);
  writer.varint(value);
}

function boolField(field: number, value: boolean | undefined): void {
  if (!value) return;
  writer.tag(field, WIRE_VARINT);
  writer.bool(true);
}

/** The keys of a key-sorted copy of `object`, in the order `Object.keys` gives on that copy. */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  // Object.keys lists integer-like keys first, ascending, whatever the insertion order; only
  // the rest follow insertion order, so only they need sorting.
  let integers = 0;
  while (integers < keys.length && isArrayIndex(keys[integers]!)) integers++;
  if (isSortedFrom(keys, integers)) return keys;
  if (integers === 0) return keys.sort();
  return [...keys.slice(0, integers), ...keys.slice(integers).sort()];
}

/** Whether `keys` from `start` on are already in `sort()`'s order (UTF-16 code units), as builders' objects often are. */
function isSortedFrom(keys: readonly string[], start: number): boolean {
  for (let i = start + 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

function isArrayIndex(key: string): boolean {
  const code = key.charCodeAt(0);
  if (code < 48 || code > 57) return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 4294967295 && String(n) === key;
}

/** google.protobuf.Struct from a JSON object, keys sorted (see `sortedJson` in codec.ts). */
function struct(field: number, object: JsonObject): void {
  open(field);
  for (const key of sortedKeys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    open(1); // fields: map entry
    writer.tag(1, WIRE_LEN);
    writer.string(key);
    open(2);
    jsonValue(value);
    writer.join();
    writer.join();
  }
  writer.join();
}

/** The fields of a google.protobuf.Value (its `kind` oneof: always written, zero or not). */
function jsonValue(value: JsonValue | undefined): void {
  switch (typeof value) {
    case "number":
      writer.tag(2, WIRE_FIXED64);
      writer.double(value);
      return;
    case "string":
      writer.tag(3, WIRE_LEN);
      writer.string(value);
      return;
    case "boolean":
      writer.tag(4, WIRE_VARINT);
      writer.bool(value);
      return;
    case "object":
      if (value === null) {
        writer.tag(1, WIRE_VARINT);
        writer.varint(0);
      } else if (Array.isArray(value)) {
        open(6);
        for (const item of value) {
          open(1);
          jsonValue(item);
          writer.join();
        }
        writer.join();
      } else {
        struct(5, value);
      }
      return;
    default:
      return; // no kind: an empty Value, as @bufbuild/protobuf writes it
  }
}

/** google.protobuf.Timestamp, as codec.ts's `toTimestamp` builds it (millisecond precision). */
function timestamp(field: number, date: Date | undefined): void {
  if (date === undefined) return;
  const ms = date.getTime();
  // BigInt() refuses NaN with a RangeError, as the generated codec's path does.
  if (Number.isNaN(ms))
    throw new RangeError(`The number ${ms} cannot be converted to a BigInt because it is not an integer`);
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  open(field);
  if (seconds !== 0) {
    writer.tag(1, WIRE_VARINT);
    writer.int64(seconds);
  }
  if (nanos !== 0) {
    writer.tag(2, WIRE_VARINT);
    writer.varint(nanos);
  }
  writer.join();
}

/** Starts a google.protobuf.Any in repeated field `field`; the caller writes its value's fields, then `endAny()`. */
function beginAny(field: number, typeUrl: Uint8Array): void {
  open(field);
  writer.raw(typeUrl);
  writer.tag(2, WIRE_LEN);
  writer.fork();
}

/** Ends an Any; an empty value is left out, as proto3 leaves out empty bytes. */
function endAny(): void {
  writer.joinOmittingEmpty();
  writer.join();
}

function opaque(field: number, annotations: readonly OpaqueAnnotation[] | undefined): void {
  if (annotations === undefined) return;
  for (const annotation of annotations) {
    open(field);
    stringField(1, annotation.typeUrl);
    if (annotation.value.length > 0) {
      writer.tag(2, WIRE_LEN);
      writer.bytes(annotation.value);
    }
    writer.join();
  }
}

function resourceId(field: number, id: { resourceType: string; resource: string }): void {
  open(field);
  stringField(1, id.resourceType);
  stringField(2, id.resource);
  writer.join();
}

function immutable(value: { sourceId?: string; metadata?: JsonObject }): void {
  stringField(1, value.sourceId);
  if (value.metadata) struct(2, value.metadata);
}

// ── resource types (embedded in entitlements' grantable_to) ───────────────────

function resourceType(field: number, rt: ResourceType): void {
  open(field);
  stringField(1, rt.id);
  stringField(2, rt.displayName);
  if (rt.traits.length > 0) {
    open(3); // packed
    for (const trait of rt.traits) writer.varint(enumNumber(TRAITS, trait));
    writer.join();
  }
  const skip =
    rt.skipEntitlements && rt.skipGrants
      ? SKIP_ENTITLEMENTS_AND_GRANTS
      : rt.skipEntitlements
        ? SKIP_ENTITLEMENTS
        : rt.skipGrants
          ? SKIP_GRANTS
          : undefined;
  if (skip) {
    beginAny(4, skip);
    endAny();
  }
  opaque(4, rt.otherAnnotations);
  stringField(5, rt.description);
  writer.join();
}

// ── resources ────────────────────────────────────────────────────────────────

function userTrait(user: UserTrait): void {
  for (const email of user.emails) {
    open(1);
    stringField(1, email.address);
    boolField(2, email.primary);
    writer.join();
  }
  open(2);
  enumField(1, enumNumber(STATUSES, user.status));
  stringField(2, user.statusDetails);
  writer.join();
  if (user.profile) struct(3, user.profile);
  enumField(5, enumNumber(ACCOUNT_TYPES, user.accountType));
  stringField(6, user.login);
  repeatedString(7, user.loginAliases);
  timestamp(8, user.createdAt);
  timestamp(9, user.lastLogin);
  if (user.mfaEnabled !== undefined) {
    open(10);
    boolField(1, user.mfaEnabled);
    writer.join();
  }
  if (user.ssoEnabled !== undefined) {
    open(11);
    boolField(1, user.ssoEnabled);
    writer.join();
  }
  const name = user.structuredName;
  if (name) {
    open(12);
    stringField(1, name.givenName);
    stringField(2, name.familyName);
    repeatedString(3, name.middleNames);
    stringField(4, name.prefix);
    stringField(5, name.suffix);
    writer.join();
  }
  repeatedString(13, user.employeeIds);
}

function resource(field: number, r: Resource): void {
  open(field);
  resourceFields(r);
  writer.join();
}

function resourceFields(r: Resource): void {
  resourceId(1, r.id);
  if (r.parentId) resourceId(2, r.parentId);
  stringField(3, r.displayName);
  if (r.user) {
    beginAny(4, USER_TRAIT);
    userTrait(r.user);
    endAny();
  }
  if (r.group) {
    beginAny(4, GROUP_TRAIT);
    if (r.group.profile) struct(2, r.group.profile);
    endAny();
  }
  if (r.role) {
    beginAny(4, ROLE_TRAIT);
    if (r.role.profile) struct(1, r.role.profile);
    endAny();
  }
  if (r.childResourceTypes) {
    for (const child of r.childResourceTypes) {
      beginAny(4, CHILD_RESOURCE_TYPE);
      stringField(1, child);
      endAny();
    }
  }
  if (r.externalLink) {
    beginAny(4, EXTERNAL_LINK);
    stringField(1, r.externalLink);
    endAny();
  }
  opaque(4, r.otherAnnotations);
  stringField(5, r.description);
  if (r.profile) struct(9, r.profile);
  if (r.status) {
    open(11);
    enumField(1, enumNumber(STATUSES, r.status.status));
    stringField(2, r.status.details);
    writer.join();
  }
  timestamp(12, r.createdAt);
}

/** One top-level message: `write` writes its fields. */
function encodeTop(write: () => void): Uint8Array {
  writer.reset();
  write();
  return writer.finish();
}

export function fastEncodeResource(r: Resource): Uint8Array {
  return encodeTop(() => resourceFields(r));
}

// ── entitlements ─────────────────────────────────────────────────────────────

export function fastEncodeEntitlement(e: Entitlement): Uint8Array {
  return encodeTop(() => {
    resource(1, e.resource);
    stringField(2, e.id);
    stringField(3, e.displayName);
    stringField(4, e.description);
    for (const rt of e.grantableTo) resourceType(5, rt);
    if (e.immutable) {
      beginAny(6, ENTITLEMENT_IMMUTABLE);
      immutable(e.immutable);
      endAny();
    }
    opaque(6, e.otherAnnotations);
    enumField(7, enumNumber(PURPOSES, e.purpose));
    stringField(8, e.slug);
  });
}

// ── grants ───────────────────────────────────────────────────────────────────

function expandableFields(expandable: GrantExpandable): void {
  repeatedString(1, expandable.entitlementIds);
  boolField(2, expandable.shallow);
  repeatedString(3, expandable.resourceTypeIds);
}

export function fastEncodeGrantExpandable(expandable: GrantExpandable): Uint8Array {
  return encodeTop(() => expandableFields(expandable));
}

/** A grant's bytes; `omitExpandable` as in codec.ts's `encodeGrant`. */
export function fastEncodeGrant(g: Grant, omitExpandable: boolean): Uint8Array {
  return encodeTop(() => {
    open(1); // entitlement: only its resource and id, as Baton's SDK embeds it
    resource(1, g.entitlement.resource);
    stringField(2, g.entitlement.id);
    writer.join();
    resource(2, g.principal);
    stringField(3, g.id);
    if (g.expandable && !omitExpandable) {
      beginAny(4, GRANT_EXPANDABLE);
      expandableFields(g.expandable);
      endAny();
    }
    if (g.immutable) {
      beginAny(4, GRANT_IMMUTABLE);
      immutable(g.immutable);
      endAny();
    }
    if (g.metadata) {
      beginAny(4, GRANT_METADATA);
      struct(1, g.metadata);
      endAny();
    }
    opaque(4, g.otherAnnotations);
    if (g.sources) {
      open(5);
      for (const key of sortedKeys(g.sources)) {
        open(1); // sources: map entry
        writer.tag(1, WIRE_LEN);
        writer.string(key);
        open(2);
        boolField(1, g.sources[key]!.isDirect);
        writer.join();
        writer.join();
      }
      writer.join();
    }
  });
}
