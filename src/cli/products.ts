/**
 * @module
 * The products idsync ships, read from the two registries (src/connectors/index.ts and
 * src/simulators/index.ts) and nowhere else: what the help texts name, what the demo serves, and
 * what the reliability runs and the benchmarks cover. A product registered in both appears in all
 * of them with no further edit; each function takes the registries as arguments so a test can
 * register one more.
 */
import type { ConnectorDefinition } from "../core/index.ts";
import { CONNECTORS } from "../connectors/index.ts";
import { SIMULATORS, type SimulatorDefinition } from "../simulators/index.ts";

/** A connector and the simulator of its API, registered under the same name. */
export interface SimulatedProduct {
  readonly connector: ConnectorDefinition;
  readonly simulator: SimulatorDefinition;
}

/**
 * Every registered connector that has a simulator of the same name, in the connectors' order.
 * A connector without one (a product synced only against its real API) is left out: there is
 * nothing to serve it from.
 */
export function simulatedProducts(
  connectors: readonly ConnectorDefinition[] = CONNECTORS,
  simulators: readonly SimulatorDefinition[] = SIMULATORS,
): SimulatedProduct[] {
  return connectors.flatMap((connector) => {
    const simulator = simulators.find((candidate) => candidate.name === connector.name);
    return simulator ? [{ connector, simulator }] : [];
  });
}

/**
 * The display names as a sentence names them, in the registry's order.
 * @example productNames() // "Clockify, Codefresh, env0 and Runlayer"
 */
export function productNames(connectors: readonly Pick<ConnectorDefinition, "displayName">[] = CONNECTORS): string {
  const names = connectors.map((connector) => connector.displayName);
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
