/**
 * @module
 * Every connector idsync ships, in the order commands list them. Adding one is one line here.
 */
import type { ConnectorDefinition } from "../core/kit.ts";
import { clockify } from "./clockify/index.ts";
import { codefresh } from "./codefresh/index.ts";
import { env0 } from "./env0/index.ts";
import { runlayer } from "./runlayer/index.ts";

export const CONNECTORS: readonly ConnectorDefinition[] = [clockify, codefresh, env0, runlayer];

export function findConnector(name: string): ConnectorDefinition | undefined {
  return CONNECTORS.find((connector) => connector.name === name.toLowerCase());
}
