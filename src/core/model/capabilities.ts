/**
 * @module
 * What a connector can do, in Baton's `c1.connector.v2.ConnectorCapabilities`: printed by
 * `baton-<name> capabilities` and announced to ConductorOne in service mode's Hello. idsync's
 * connectors are read-only, so every resource type can sync and nothing else; the list follows
 * from the resource types, not from bookkeeping. As Go's builder does, the types are sorted by
 * id (baton-sdk `pkg/connectorbuilder/connectorbuilder.go:390-503`).
 */
import { create, createRegistry, toJson, type JsonValue } from "@bufbuild/protobuf";
import { file_c1_connector_v2_annotation_resource } from "./gen/c1/connector/v2/annotation_resource_pb.js";
import {
  Capability,
  ConnectorCapabilitiesSchema,
  ConnectorMetadataSchema,
  type ConnectorCapabilities,
  type ConnectorMetadata,
} from "./gen/c1/connector/v2/connector_pb.js";
import { resourceTypeToPb } from "./codec.ts";
import type { ResourceType } from "./types.ts";

export function connectorCapabilities(resourceTypes: readonly ResourceType[]): ConnectorCapabilities {
  const sorted = [...resourceTypes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return create(ConnectorCapabilitiesSchema, {
    resourceTypeCapabilities: sorted.map((type) => ({
      resourceType: resourceTypeToPb(type),
      capabilities: [Capability.SYNC],
      permissions: {},
    })),
    connectorCapabilities: [Capability.SYNC],
  });
}

/** The metadata a connector announces: its name, what it is, and its capabilities. */
export function connectorMetadata(connector: {
  displayName: string;
  description: string;
  resourceTypes: readonly ResourceType[];
}): ConnectorMetadata {
  return create(ConnectorMetadataSchema, {
    displayName: connector.displayName,
    description: connector.description,
    capabilities: connectorCapabilities(connector.resourceTypes),
  });
}

const ANNOTATIONS = createRegistry(file_c1_connector_v2_annotation_resource);

/** The protojson Baton's `capabilities` subcommand prints: an Any, so with its `@type`. */
export function capabilitiesJson(resourceTypes: readonly ResourceType[]): JsonValue {
  const json = toJson(ConnectorCapabilitiesSchema, connectorCapabilities(resourceTypes), {
    registry: ANNOTATIONS,
  }) as Record<string, JsonValue>;
  return { "@type": `type.googleapis.com/${ConnectorCapabilitiesSchema.typeName}`, ...json };
}
