/**
 * @module
 * What `npm run bench` may run, read from the registries: every registered product with a
 * simulator is a connector the sync section measures (src/cli/products.ts), so a new product is
 * benchmarked with no edit here.
 */
import { simulatedProducts, type SimulatedProduct } from "../src/cli/products.ts";

/** The connectors' names, in the registry's order. */
export function benchConnectors(products: readonly SimulatedProduct[] = simulatedProducts()): string[] {
  return products.map((product) => product.connector.name);
}

/** `npm run bench -- --help`. */
export function benchUsage({
  connectors,
  sections,
  sizes,
  latencyMs,
}: {
  connectors: readonly string[];
  sections: readonly string[];
  sizes: readonly number[];
  latencyMs: number;
}): string {
  return [
    "Usage: npm run bench -- [--sizes N,N…] [--connectors NAME,NAME…] [--sections NAME,NAME…] [--latency-ms N] [--out DIR]",
    "",
    `  --sizes        users per tenant (default ${sizes.join(",")})`,
    `  --connectors   which connectors to sync: any of ${connectors.join(", ")} (default all)`,
    `  --sections     which sections to run: any of ${sections.join(", ")} (default all)`,
    `  --latency-ms   latency the simulators add to every answer (default ${latencyMs})`,
    "  --out          where the results go (default bench/results)",
    "  -h, --help     print this, and run nothing",
    "",
  ].join("\n");
}
