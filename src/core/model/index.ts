export type * from "./types.ts";
export { entitlementId, grantId, resourceKey, parseResourceKey, sameResourceId } from "./ids.ts";
export {
  defineResourceType,
  newResource,
  newUserResource,
  newGroupResource,
  newRoleResource,
  newEntitlement,
  newGrant,
  dropUndefined,
  type ResourceTypeSpec,
  type ResourceOptions,
  type UserSpec,
  type RoleSpec,
  type EntitlementSpec,
  type GrantSpec,
} from "./builders.ts";
export {
  STATUS_REASONS,
  STATUS_REASON_KEY,
  PRIVILEGED_KEY,
  statusReasonOf,
  privilegeOf,
  type StatusReason,
} from "./facts.ts";
export {
  encodeResourceType,
  decodeResourceType,
  encodeResource,
  decodeResource,
  encodeEntitlement,
  decodeEntitlement,
  encodeGrant,
  decodeGrant,
  encodeGrantExpandable,
  decodeGrantExpandable,
  sortedJson,
} from "./codec.ts";
export { connectorCapabilities, connectorMetadata, capabilitiesJson } from "./capabilities.ts";
export type { ConnectorMetadata } from "./gen/c1/connector/v2/connector_pb.js";
