/**
 * @module
 * `capabilities` output, in the protojson shape of Baton's `c1.connector.v2.ConnectorCapabilities`
 * (what `baton-<name> capabilities` prints and connector repositories commit as
 * `baton_capabilities.json`). idsync connectors are read-only, so every resource type can sync
 * and nothing else: the list follows from the resource types, not from bookkeeping.
 */
import type { ConnectorDefinition, ResourceType, Trait } from "../core/index.ts";

const TRAIT_NAMES: Record<Trait, string> = {
  user: "TRAIT_USER",
  group: "TRAIT_GROUP",
  role: "TRAIT_ROLE",
  app: "TRAIT_APP",
  secret: "TRAIT_SECRET",
  "security-insight": "TRAIT_SECURITY_INSIGHT",
  "scope-binding": "TRAIT_SCOPE_BINDING",
  vendor: "TRAIT_VENDOR",
  "vendor-agreement": "TRAIT_VENDOR_AGREEMENT",
  "license-profile": "TRAIT_LICENSE_PROFILE",
  agent: "TRAIT_AGENT",
  "managed-device": "TRAIT_MANAGED_DEVICE",
};

function resourceTypeJson(type: ResourceType): Record<string, unknown> {
  const annotations: Array<{ "@type": string }> = [];
  const at = (name: string) => ({ "@type": `type.googleapis.com/c1.connector.v2.${name}` });
  if (type.skipEntitlements && type.skipGrants) annotations.push(at("SkipEntitlementsAndGrants"));
  else if (type.skipEntitlements) annotations.push(at("SkipEntitlements"));
  else if (type.skipGrants) annotations.push(at("SkipGrants"));
  return {
    id: type.id,
    displayName: type.displayName,
    ...(type.traits.length > 0 ? { traits: type.traits.map((t) => TRAIT_NAMES[t]) } : {}),
    ...(annotations.length > 0 ? { annotations } : {}),
    ...(type.description ? { description: type.description } : {}),
  };
}

export function capabilitiesJson(definition: ConnectorDefinition): Record<string, unknown> {
  return {
    "@type": "type.googleapis.com/c1.connector.v2.ConnectorCapabilities",
    resourceTypeCapabilities: definition.resourceTypes.map((type) => ({
      resourceType: resourceTypeJson(type),
      capabilities: ["CAPABILITY_SYNC"],
      permissions: {},
    })),
    connectorCapabilities: ["CAPABILITY_SYNC"],
  };
}
