/**
 * @module
 * The JSON shapes the explorer's API returns, taken from the reading commands themselves, so
 * `/api/…` and `idsync … -o json` can never drift apart (docs/json-output.md documents both).
 * This is the explorer's only door into `cli/`.
 */
export { entitlementJson, grantJson, resourceJson, resourceTypeJson, syncJson } from "../cli/output/shapes.ts";
export { diffJson } from "../cli/output/diff-json.ts";
export { accessJson } from "../cli/commands/access.ts";
export { gapJson, reviewJson } from "../cli/output/review-json.ts";
export { statsJson } from "../cli/commands/stats.ts";
