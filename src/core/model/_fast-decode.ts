/**
 * @module
 * Hand-written decoders for the messages every sync reads back and every reading command
 * streams: Resource (with its user, group and role traits as Any annotations), Entitlement,
 * Grant and GrantExpandable, the mirror of `_fast-encode.ts`. The generated codec builds
 * @bufbuild/protobuf message objects, turns each Struct into JSON and codec.ts then copies that
 * JSON again to sort it; these read the wire bytes (`_proto-reader.ts`) straight into the model.
 *
 * The results are exactly codec.ts's over `fromBinary` on the generated schema (`gen/`), which
 * `fast-decode.test.ts` checks on random and hand-damaged inputs, and so are the failures: the
 * same bytes are refused with the same error. To get there each message is read in two steps,
 * as the codec does: first the whole message with every field the schema knows (fields the
 * model drops, such as a resource's icon, are still read and so still checked), then the Any
 * annotations are unpacked in order; objects get their keys in the codec's order, so printed
 * JSON does not change either.
 */
import type { JsonObjectBuilder } from "./_fast-decode-struct.ts";
import {
  ENTITLEMENT_IMMUTABLE,
  enumName,
  GRANT_EXPANDABLE,
  GRANT_IMMUTABLE,
  GRANT_METADATA,
  message,
  opaque,
  PACKAGE,
  readAny,
  reader,
  setIf,
  SKIP_ENTITLEMENTS,
  SKIP_ENTITLEMENTS_AND_GRANTS,
  SKIP_GRANTS,
  structField,
  top,
  unpack,
  type AnyFields,
} from "./_fast-decode-parts.ts";
import { readResource, resourceOf, type ResourceFields } from "./_fast-decode-resource.ts";
import { WIRE_LEN } from "./_proto-reader.ts";
import type {
  Entitlement,
  Grant,
  GrantExpandable,
  JsonObject,
  OpaqueAnnotation,
  Resource,
  ResourceType,
  Trait,
} from "./types.ts";
import { PURPOSES, TRAITS } from "./_enums.ts";

export { fastDecodeResource } from "./_fast-decode-resource.ts";

// ── resource types (embedded in entitlements' grantable_to) ───────────────────

interface ResourceTypeFields {
  id: string;
  displayName: string;
  traits: number[];
  annotations: AnyFields[];
  description: string;
}

function resourceTypeField(rt: ResourceTypeFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
      rt.id = reader.string();
      return;
    case 2:
      rt.displayName = reader.string();
      return;
    case 3:
      // Packed or not: @bufbuild/protobuf takes both, whatever the schema says.
      if ((tag & 7) === WIRE_LEN) {
        const end = reader.uint32() + reader.pos;
        while (reader.pos < end) rt.traits.push(reader.int32());
      } else rt.traits.push(reader.int32());
      return;
    case 4:
      rt.annotations.push(readAny());
      return;
    case 5:
      rt.description = reader.string();
      return;
    case 6: // sourced_externally
      reader.bool();
      return;
    default:
      reader.skipField(tag);
  }
}

/** As codec.ts's `resourceTypeFromPb`. */
function resourceTypeOf(fields: ResourceTypeFields): ResourceType {
  const rt: ResourceType = {
    id: fields.id,
    displayName: fields.displayName,
    traits: fields.traits.map((t) => enumName(TRAITS, t)).filter((t): t is Trait => t !== "unspecified"),
  };
  setIf(rt, "description", fields.description);
  const other: OpaqueAnnotation[] = [];
  for (const any of fields.annotations) {
    if (any.typeUrl === SKIP_ENTITLEMENTS_AND_GRANTS) {
      rt.skipEntitlements = true;
      rt.skipGrants = true;
    } else if (any.typeUrl === SKIP_ENTITLEMENTS) rt.skipEntitlements = true;
    else if (any.typeUrl === SKIP_GRANTS) rt.skipGrants = true;
    else other.push(opaque(any));
  }
  setIf(rt, "otherAnnotations", other);
  return rt;
}

// ── entitlements ─────────────────────────────────────────────────────────────

interface EntitlementFields {
  resource: ResourceFields | undefined;
  id: string;
  displayName: string;
  description: string;
  grantableTo: ResourceTypeFields[];
  annotations: AnyFields[];
  purpose: number;
  slug: string;
}

const newEntitlementFields = (): EntitlementFields => ({
  resource: undefined,
  id: "",
  displayName: "",
  description: "",
  grantableTo: [],
  annotations: [],
  purpose: 0,
  slug: "",
});

function entitlementField(e: EntitlementFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
      e.resource = readResource(e.resource);
      return;
    case 2:
      e.id = reader.string();
      return;
    case 3:
      e.displayName = reader.string();
      return;
    case 4:
      e.description = reader.string();
      return;
    case 5:
      e.grantableTo.push(
        message(
          `${PACKAGE}ResourceType`,
          { id: "", displayName: "", traits: [], annotations: [], description: "" },
          resourceTypeField,
        ),
      );
      return;
    case 6:
      e.annotations.push(readAny());
      return;
    case 7:
      e.purpose = reader.int32();
      return;
    case 8:
      e.slug = reader.string();
      return;
    default:
      reader.skipField(tag);
  }
}

const emptyResource = (): Resource => ({ id: { resourceType: "", resource: "" }, displayName: "" });

interface ImmutableFields {
  sourceId: string;
  metadata: JsonObjectBuilder | undefined;
}

/** An Entitlement- or GrantImmutable annotation, as codec.ts's `immutableFrom` gives it. */
function immutableOf(any: AnyFields, typeName: string): { sourceId?: string; metadata?: JsonObject } {
  const fields = unpack<ImmutableFields>(any, typeName, { sourceId: "", metadata: undefined }, (f, tag) => {
    const field = tag >>> 3;
    if (field === 1) f.sourceId = reader.string();
    else if (field === 2) f.metadata = structField(f.metadata);
    else reader.skipField(tag);
  });
  const immutable: { sourceId?: string; metadata?: JsonObject } = {};
  setIf(immutable, "sourceId", fields.sourceId);
  if (fields.metadata) immutable.metadata = fields.metadata.build();
  return immutable;
}

export function fastDecodeEntitlement(bytes: Uint8Array): Entitlement {
  const e = top(bytes, `${PACKAGE}Entitlement`, newEntitlementFields(), entitlementField);
  const entitlement: Entitlement = {
    id: e.id,
    resource: e.resource ? resourceOf(e.resource) : emptyResource(),
    displayName: e.displayName,
    slug: e.slug,
    purpose: enumName(PURPOSES, e.purpose),
    grantableTo: e.grantableTo.map(resourceTypeOf),
  };
  setIf(entitlement, "description", e.description);
  const other: OpaqueAnnotation[] = [];
  for (const any of e.annotations) {
    if (any.typeUrl === ENTITLEMENT_IMMUTABLE)
      entitlement.immutable = immutableOf(any, `${PACKAGE}EntitlementImmutable`);
    else other.push(opaque(any));
  }
  setIf(entitlement, "otherAnnotations", other);
  return entitlement;
}

// ── grants ───────────────────────────────────────────────────────────────────

function expandableField(x: GrantExpandable, tag: number): void {
  const field = tag >>> 3;
  if (field === 1) x.entitlementIds.push(reader.string());
  else if (field === 2) x.shallow = reader.bool();
  else if (field === 3) x.resourceTypeIds.push(reader.string());
  else reader.skipField(tag);
}

const newExpandable = (): GrantExpandable => ({ entitlementIds: [], shallow: false, resourceTypeIds: [] });

export function fastDecodeGrantExpandable(bytes: Uint8Array): GrantExpandable {
  return top(bytes, `${PACKAGE}GrantExpandable`, newExpandable(), expandableField);
}

interface GrantFields {
  entitlement: EntitlementFields | undefined;
  principal: ResourceFields | undefined;
  id: string;
  annotations: AnyFields[];
  /** Keyed as the map arrives, `__proto__` included: a prototype-less object. */
  sources: Record<string, { isDirect: boolean }> | undefined;
}

function sourceField(source: { isDirect: boolean }, tag: number): void {
  if (tag >>> 3 === 1) source.isDirect = reader.bool();
  else reader.skipField(tag);
}

function sourcesField(sources: Record<string, { isDirect: boolean }>, tag: number): void {
  if (tag >>> 3 !== 1) return reader.skipField(tag);
  const end = reader.uint32() + reader.pos; // a map entry: key 1, value 2
  let key = "";
  let value: { isDirect: boolean } | undefined;
  while (reader.pos < end) {
    const entryTag = reader.tag();
    const field = entryTag >>> 3;
    if (field === 1) key = reader.string();
    else if (field === 2)
      value = message(`${PACKAGE}GrantSources.GrantSource`, value ?? { isDirect: false }, sourceField);
    else reader.skipField(entryTag);
  }
  sources[key] = value ?? { isDirect: false };
}

function grantField(g: GrantFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
      g.entitlement = message(`${PACKAGE}Entitlement`, g.entitlement ?? newEntitlementFields(), entitlementField);
      return;
    case 2:
      g.principal = readResource(g.principal);
      return;
    case 3:
      g.id = reader.string();
      return;
    case 4:
      g.annotations.push(readAny());
      return;
    case 5:
      g.sources = message(
        `${PACKAGE}GrantSources`,
        g.sources ?? (Object.create(null) as Record<string, { isDirect: boolean }>),
        sourcesField,
      );
      return;
    default:
      reader.skipField(tag);
  }
}

export function fastDecodeGrant(bytes: Uint8Array): Grant {
  const g = top<GrantFields>(
    bytes,
    `${PACKAGE}Grant`,
    { entitlement: undefined, principal: undefined, id: "", annotations: [], sources: undefined },
    grantField,
  );
  // Only the entitlement's id and resource are kept, as Baton's SDK embeds it.
  const entitlementResource = g.entitlement?.resource ? resourceOf(g.entitlement.resource) : emptyResource();
  const grant: Grant = {
    id: g.id,
    entitlement: { id: g.entitlement?.id ?? "", resource: entitlementResource },
    principal: g.principal ? resourceOf(g.principal) : emptyResource(),
  };
  const other: OpaqueAnnotation[] = [];
  for (const any of g.annotations) {
    switch (any.typeUrl) {
      case GRANT_EXPANDABLE:
        grant.expandable = unpack(any, `${PACKAGE}GrantExpandable`, newExpandable(), expandableField);
        break;
      case GRANT_IMMUTABLE:
        grant.immutable = immutableOf(any, `${PACKAGE}GrantImmutable`);
        break;
      case GRANT_METADATA: {
        let metadata: JsonObjectBuilder | undefined;
        unpack(any, `${PACKAGE}GrantMetadata`, undefined, (_, tag) => {
          if (tag >>> 3 === 1) metadata = structField(metadata);
          else reader.skipField(tag);
        });
        grant.metadata = metadata ? metadata.build() : {};
        break;
      }
      default:
        other.push(opaque(any));
    }
  }
  if (g.sources) {
    const sources: Record<string, { isDirect: boolean }> = {};
    for (const key of Object.keys(g.sources).sort()) sources[key] = { isDirect: g.sources[key]!.isDirect };
    grant.sources = sources;
  }
  setIf(grant, "otherAnnotations", other);
  return grant;
}
