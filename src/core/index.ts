/**
 * @module
 * The only door into core: connectors, simulators' tests, the command line and the read-side
 * features import from here and nowhere deeper.
 */
export * from "./errors/index.ts";
export * from "./model/index.ts";
export * from "./log/index.ts";
export * from "./config/index.ts";
export * from "./http/index.ts";
export * from "./files/index.ts";
export * from "./c1z/index.ts";
export * from "./sync/index.ts";
export * from "./service/index.ts";
export * from "./local-paths.ts";
export { countOf, nameAndId, NAMED_IN_A_LIST, someOf } from "./wording.ts";
