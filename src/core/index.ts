/**
 * @module
 * The host entry into core: everything the kit (`kit.ts`) holds, plus the store (c1z reader and
 * writer), the engine, grant expansion, the codecs, files, service mode and logger construction.
 * The command line, the read-side features (review, explorer), the testkit and connectors'
 * tests import from here and nowhere deeper; a connector's own code imports `kit.ts` only.
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
export { choiceText, countOf, nameAndId, NAMED_IN_A_LIST, someOf } from "./wording.ts";
