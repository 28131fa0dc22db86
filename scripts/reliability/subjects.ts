/**
 * @module
 * The connectors the reliability table has a column for: every registered product with a
 * simulator (src/cli/products.ts), in the registry's order. Each brings, from its simulator's
 * `reliability` targets, a tenant big enough that its paged lists span more than one page at the
 * connector's own page size, the routes faults are aimed at, and a key of the right shape that
 * the simulator refuses (401).
 */
import { simulatedProducts, type SimulatedProduct } from "../../src/cli/products.ts";
import type { ConnectorDefinition } from "../../src/core/index.ts";
import type { ReliabilityTargets, SimulatorDefinition, SimulatorOptions } from "../../src/simulators/index.ts";

/** A column of the table: the product's own targets, with the two tenants its runs sync. */
export interface Subject extends Omit<ReliabilityTargets, "pagedTenant"> {
  definition: ConnectorDefinition;
  simulator: SimulatorDefinition;
  /** The tenant every scenario syncs unless it asks for pages. */
  tenant: SimulatorOptions;
  /** A tenant whose paged lists have a second page, for the repeated and changed page scenarios. */
  pagedTenant: SimulatorOptions;
}

const SEED = { seed: 7, referenceDate: new Date("2026-01-01T00:00:00Z") };

/** One column per product; a simulator without `reliability` targets is a mistake named here. */
export function subjectsOf(products: readonly SimulatedProduct[]): Subject[] {
  return products.map(({ connector: definition, simulator }) => {
    const targets = simulator.reliability;
    if (!targets)
      throw new Error(
        `the ${simulator.name} simulator declares no reliability targets: add them to its SimulatorDefinition (src/simulators/${simulator.name}/index.ts)`,
      );
    const { pagedTenant, ...rest } = targets;
    return { definition, simulator, tenant: { ...SEED, users: 40 }, pagedTenant: { ...SEED, ...pagedTenant }, ...rest };
  });
}

export const SUBJECTS: readonly Subject[] = subjectsOf(simulatedProducts());
