/**
 * @module
 * The JSON shapes of what idsync reports about a c1z file, shared by the reading commands
 * (`idsync … -o json`) and the explorer's `/api/…`, so the two can never drift apart. They sit
 * with the read-side features they render, below both the command line and the explorer.
 */
export {
  iso,
  refJson,
  syncJson,
  resourceTypeJson,
  userJson,
  resourceJson,
  entitlementJson,
  grantJson,
  grantVia,
  isDirectGrant,
} from "./shapes.ts";
export { diffJson } from "./diff.ts";
export { accessJson } from "./access.ts";
export { gapJson, reviewJson, type AppReview } from "./review.ts";
export { statsJson } from "./stats.ts";
