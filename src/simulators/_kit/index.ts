/**
 * @module
 * The shared simulator kit: everything the four fake APIs have in common, product-agnostic and built
 * on Node built-ins only. Product simulators import from here and nowhere else in the kit.
 */

export type {
  FetchHandler,
  ReliabilityTargets,
  Simulator,
  SimulatorDefinition,
  SimulatorOptions,
  SimulatorStats,
} from "./types.ts";
export { serve, type ServedHandler, type ServeOptions } from "./serve.ts";
export {
  createRouter,
  pathMatcher,
  route,
  type PathMatcher,
  type Route,
  type RouteContext,
  type RouteHandler,
  type RouteParams,
  type RouterOptions,
} from "./router.ts";
export { createRandom, hashSeed, type Random, type Seed } from "./random.ts";
export { peopleFor, personAt, productLane, rosterJoiners, rosterSlice, SHARED_PERCENT, type Person } from "./roster.ts";
export { COMPANY_DOMAIN, DEPARTMENT_NAMES } from "./names.ts";
export { createRateLimiter, type RateLimiter, type RateLimitRule, type RateLimitVerdict } from "./rate-limit.ts";
export {
  FAULT_KINDS,
  FaultController,
  parseFault,
  type Fault,
  type FaultKind,
  type FaultScope,
  type FaultSpec,
  type FaultTally,
} from "./faults.ts";
export { ConnectionDropped } from "./fault-effects.ts";
export { assembleSimulator, defaultServerError, type ProductResponses, type SimulatorParts } from "./simulator.ts";
export { DAY_MS, daysAgo, daysBefore, parseReferenceDate, referenceDateOf, startOfUtcDay } from "./reference-date.ts";
export { applyMutation, type MutationReport, type MutationStep } from "./mutate.ts";
export { dealer, type Dealer } from "./dealer.ts";
export { indexOnce, itemsTouched, touch } from "./tenant-index.ts";
