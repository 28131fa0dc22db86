/**
 * @module
 * Resource and its UserTrait, Group/RoleTrait, ChildResourceType and ExternalLink annotations,
 * for the hand-written decoders (`_fast-decode.ts` tells the rules they keep).
 */
import type { JsonObjectBuilder } from "./_fast-decode-struct.ts";
import { dateOf, readTimestamp, type TimestampFields } from "./_fast-decode-struct.ts";
import {
  CHILD_RESOURCE_TYPE,
  EXTERNAL_LINK,
  GROUP_TRAIT,
  ignoredStrings,
  message,
  opaque,
  PACKAGE,
  readAny,
  reader,
  readStatus,
  resourceIdField,
  ROLE_TRAIT,
  setIf,
  structField,
  top,
  unpack,
  USER_TRAIT,
  enumName,
  type AnyFields,
  type StatusFields,
} from "./_fast-decode-parts.ts";
import type { JsonObject, OpaqueAnnotation, Resource, ResourceId, UserTrait } from "./types.ts";
import { ACCOUNT_TYPES, STATUSES } from "./_enums.ts";

// ── resources ────────────────────────────────────────────────────────────────

export interface ResourceFields {
  id: ResourceId | undefined;
  parent: ResourceId | undefined;
  displayName: string;
  annotations: AnyFields[];
  description: string;
  profile: JsonObjectBuilder | undefined;
  status: StatusFields | undefined;
  createdAt: TimestampFields | undefined;
}

export const newResourceFields = (): ResourceFields => ({
  id: undefined,
  parent: undefined,
  displayName: "",
  annotations: [],
  description: "",
  profile: undefined,
  status: undefined,
  createdAt: undefined,
});

export function resourceField(r: ResourceFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
      r.id = message(`${PACKAGE}ResourceId`, r.id ?? { resourceType: "", resource: "" }, resourceIdField);
      return;
    case 2:
      r.parent = message(`${PACKAGE}ResourceId`, r.parent ?? { resourceType: "", resource: "" }, resourceIdField);
      return;
    case 3:
      r.displayName = reader.string();
      return;
    case 4:
      r.annotations.push(readAny());
      return;
    case 5:
      r.description = reader.string();
      return;
    case 6: // baton_resource
      reader.bool();
      return;
    case 7:
      ignoredStrings(`${PACKAGE}ExternalId`, 3);
      return;
    case 8: // creation_source
      reader.int32();
      return;
    case 9:
      r.profile = structField(r.profile);
      return;
    case 10:
      ignoredStrings(`${PACKAGE}AssetRef`, 1);
      return;
    case 11:
      r.status = readStatus(`${PACKAGE}Status`, r.status);
      return;
    case 12:
      r.createdAt = readTimestamp(reader, r.createdAt);
      return;
    default:
      reader.skipField(tag);
  }
}

export const readResource = (r: ResourceFields | undefined): ResourceFields =>
  message(`${PACKAGE}Resource`, r ?? newResourceFields(), resourceField);

/** The profile field of a Group- or RoleTrait, the only one the model keeps. */
function traitProfile(any: AnyFields, typeName: string, profileField: number): { profile?: JsonObject } {
  const fields = unpack(any, typeName, { profile: undefined as JsonObjectBuilder | undefined }, (t, tag) => {
    const field = tag >>> 3;
    if (field === profileField) t.profile = structField(t.profile);
    else if (field === 1)
      ignoredStrings(`${PACKAGE}AssetRef`, 1); // GroupTrait's icon
    else reader.skipField(tag);
  });
  return fields.profile ? { profile: fields.profile.build() } : {};
}

function oneString(any: AnyFields, typeName: string): string {
  let value = "";
  unpack(any, typeName, undefined, (_, tag) => {
    if (tag >>> 3 === 1) value = reader.string();
    else reader.skipField(tag);
  });
  return value;
}

/** The model of a read Resource, as codec.ts's `resourceFromPb` builds it. */
export function resourceOf(r: ResourceFields): Resource {
  const resource: Resource = { id: r.id ?? { resourceType: "", resource: "" }, displayName: r.displayName };
  if (r.parent) resource.parentId = r.parent;
  setIf(resource, "description", r.description);
  const children: string[] = [];
  const other: OpaqueAnnotation[] = [];
  for (const any of r.annotations) {
    switch (any.typeUrl) {
      case USER_TRAIT:
        resource.user = userTraitOf(any);
        break;
      case GROUP_TRAIT:
        resource.group = traitProfile(any, `${PACKAGE}GroupTrait`, 2);
        break;
      case ROLE_TRAIT:
        resource.role = traitProfile(any, `${PACKAGE}RoleTrait`, 1);
        break;
      case CHILD_RESOURCE_TYPE:
        children.push(oneString(any, `${PACKAGE}ChildResourceType`));
        break;
      case EXTERNAL_LINK:
        resource.externalLink = oneString(any, `${PACKAGE}ExternalLink`);
        break;
      default:
        other.push(opaque(any));
    }
  }
  setIf(resource, "childResourceTypes", children);
  if (r.profile) resource.profile = r.profile.build();
  if (r.status) {
    resource.status = { status: enumName(STATUSES, r.status.status) };
    setIf(resource.status, "details", r.status.details);
  }
  if (r.createdAt) resource.createdAt = dateOf(r.createdAt);
  setIf(resource, "otherAnnotations", other);
  return resource;
}

export function fastDecodeResource(bytes: Uint8Array): Resource {
  return resourceOf(top(bytes, `${PACKAGE}Resource`, newResourceFields(), resourceField));
}

// ── user traits ──────────────────────────────────────────────────────────────

interface UserTraitFields {
  emails: UserTrait["emails"];
  status: StatusFields | undefined;
  profile: JsonObjectBuilder | undefined;
  accountType: number;
  login: string;
  loginAliases: string[];
  createdAt: TimestampFields | undefined;
  lastLogin: TimestampFields | undefined;
  mfa: { enabled: boolean } | undefined;
  sso: { enabled: boolean } | undefined;
  name: NameFields | undefined;
  employeeIds: string[];
}

interface NameFields {
  givenName: string;
  familyName: string;
  middleNames: string[];
  prefix: string;
  suffix: string;
}

function emailField(email: { address: string; primary: boolean }, tag: number): void {
  const field = tag >>> 3;
  if (field === 1) email.address = reader.string();
  else if (field === 2) email.primary = reader.bool();
  else reader.skipField(tag);
}

function enabledField(flag: { enabled: boolean }, tag: number): void {
  if (tag >>> 3 === 1) flag.enabled = reader.bool();
  else reader.skipField(tag);
}

function nameField(name: NameFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
      name.givenName = reader.string();
      return;
    case 2:
      name.familyName = reader.string();
      return;
    case 3:
      name.middleNames.push(reader.string());
      return;
    case 4:
      name.prefix = reader.string();
      return;
    case 5:
      name.suffix = reader.string();
      return;
    default:
      reader.skipField(tag);
  }
}

function userTraitField(u: UserTraitFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
      u.emails.push(message(`${PACKAGE}UserTrait.Email`, { address: "", primary: false }, emailField));
      return;
    case 2:
      u.status = readStatus(`${PACKAGE}UserTrait.Status`, u.status);
      return;
    case 3:
      u.profile = structField(u.profile);
      return;
    case 4:
      ignoredStrings(`${PACKAGE}AssetRef`, 1);
      return;
    case 5:
      u.accountType = reader.int32();
      return;
    case 6:
      u.login = reader.string();
      return;
    case 7:
      u.loginAliases.push(reader.string());
      return;
    case 8:
      u.createdAt = readTimestamp(reader, u.createdAt);
      return;
    case 9:
      u.lastLogin = readTimestamp(reader, u.lastLogin);
      return;
    case 10:
      u.mfa = message(`${PACKAGE}UserTrait.MFAStatus`, u.mfa ?? { enabled: false }, enabledField);
      return;
    case 11:
      u.sso = message(`${PACKAGE}UserTrait.SSOStatus`, u.sso ?? { enabled: false }, enabledField);
      return;
    case 12:
      u.name = message(
        `${PACKAGE}UserTrait.StructuredName`,
        u.name ?? { givenName: "", familyName: "", middleNames: [], prefix: "", suffix: "" },
        nameField,
      );
      return;
    case 13:
      u.employeeIds.push(reader.string());
      return;
    default:
      reader.skipField(tag);
  }
}

/** The model of a UserTrait annotation, as codec.ts's `userTraitFromAny` builds it. */
export function userTraitOf(any: AnyFields): UserTrait {
  const u = unpack<UserTraitFields>(
    any,
    `${PACKAGE}UserTrait`,
    {
      emails: [],
      status: undefined,
      profile: undefined,
      accountType: 0,
      login: "",
      loginAliases: [],
      createdAt: undefined,
      lastLogin: undefined,
      mfa: undefined,
      sso: undefined,
      name: undefined,
      employeeIds: [],
    },
    userTraitField,
  );
  const user: UserTrait = {
    emails: u.emails,
    status: enumName(STATUSES, u.status?.status ?? 0),
    accountType: enumName(ACCOUNT_TYPES, u.accountType),
  };
  setIf(user, "statusDetails", u.status?.details);
  setIf(user, "login", u.login);
  setIf(user, "loginAliases", u.loginAliases);
  if (u.profile) user.profile = u.profile.build();
  if (u.createdAt) user.createdAt = dateOf(u.createdAt);
  if (u.lastLogin) user.lastLogin = dateOf(u.lastLogin);
  if (u.mfa) user.mfaEnabled = u.mfa.enabled;
  if (u.sso) user.ssoEnabled = u.sso.enabled;
  if (u.name) {
    const name: NonNullable<UserTrait["structuredName"]> = {};
    setIf(name, "givenName", u.name.givenName);
    setIf(name, "familyName", u.name.familyName);
    setIf(name, "middleNames", u.name.middleNames);
    setIf(name, "prefix", u.name.prefix);
    setIf(name, "suffix", u.name.suffix);
    user.structuredName = name;
  }
  setIf(user, "employeeIds", u.employeeIds);
  return user;
}
