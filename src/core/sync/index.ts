export type {
  Connector,
  Page,
  ResourceSyncer,
  SyncContext,
  RequestStats,
  ExpectedCaller,
  Validation,
  WithSignal,
} from "./connector.ts";
export { DEFAULT_MAX_CONCURRENCY, noEntitlements } from "./connector.ts";
export {
  createAnswerChecks,
  findShrinkage,
  shrankTooMuch,
  SHRINK_FLOOR,
  type AnswerChecks,
  type AnswerChecksOptions,
  type CensusStore,
  type Shrinkage,
} from "./answer-checks.ts";
export {
  runEngine,
  type EngineOptions,
  type SyncScope,
  type EngineResult,
  type ProgressEvent,
  type SyncStore,
} from "./engine.ts";
export { expandGrants, type ExpansionStore, type ExpansionResult, type ExpandableGrantRow } from "./expansion.ts";
export { runOrderedPipeline, type OrderedPipelineOptions } from "./ordered-pipeline.ts";
export {
  parseState,
  serializeState,
  initialState,
  SYNC_STATE_VERSION,
  type SyncState,
  type SyncPhase,
} from "./state.ts";
export {
  createConnectorKit,
  defineConnector,
  type ConnectorDefinition,
  type ConnectorDeps,
  type ConnectorKit,
  type ConnectorParts,
  type ConnectorSpec,
} from "./definition.ts";
export { recordSkippedSync, syncToFile, type SyncToFileOptions, type SyncSummary } from "./run.ts";
export * from "./paging/index.ts";
