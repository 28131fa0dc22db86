/**
 * @module
 * Every product simulator, for `idsync simulate`, the demo, the benchmarks and the conformance kit.
 * Adding a product is one line in `SIMULATORS`.
 */

import type { SimulatorDefinition } from "./_kit/index.ts";
import { clockify } from "./clockify/index.ts";
import { codefresh } from "./codefresh/index.ts";
import { env0 } from "./env0/index.ts";
import { runlayer } from "./runlayer/index.ts";

export const SIMULATORS: readonly SimulatorDefinition[] = [clockify, codefresh, env0, runlayer];

/** The simulator registered under `name`, if any. */
export function findSimulator(name: string): SimulatorDefinition | undefined {
  return SIMULATORS.find((definition) => definition.name === name);
}

export {
  serve,
  parseFault,
  parseReferenceDate,
  FAULT_KINDS,
  type FaultSpec,
  type ReliabilityTargets,
  type ServedHandler,
  type Simulator,
  type SimulatorDefinition,
  type SimulatorOptions,
} from "./_kit/index.ts";
