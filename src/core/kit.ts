/**
 * @module
 * The connector kit: the one door into core for a connector's own code. It holds what a
 * connector declares and calls — settings, the HTTP client and its auth, typed errors, the model
 * builders, the interfaces a connector implements, the logging interface — and nothing of the
 * store, the engine's loop, the codecs or the service mode, which belong to the host
 * (`index.ts`). ESLint holds connectors to this file (eslint.config.js).
 */
export {
  IdsyncError,
  isIdsyncError,
  ConfigError,
  ApiError,
  SyncError,
  AnswerRefusedError,
  InterruptedError,
  type ErrorKind,
  type IdsyncErrorOptions,
  type ApiErrorKind,
  type ApiErrorDetails,
} from "./errors/index.ts";
export type * from "./model/types.ts";
export {
  entitlementId,
  grantId,
  resourceKey,
  parseResourceKey,
  sameResourceId,
  defineResourceType,
  newResource,
  newUserResource,
  newGroupResource,
  newRoleResource,
  newEntitlement,
  newGrant,
  dropUndefined,
  STATUS_REASONS,
  type StatusReason,
  type ResourceTypeSpec,
  type ResourceOptions,
  type UserSpec,
  type EntitlementSpec,
  type GrantSpec,
} from "./model/index.ts";
export {
  REDACTED,
  registerSecret,
  redact,
  redactValue,
  type Logger,
  type LogFields,
  type LogLevel,
} from "./log/index.ts";
export {
  defineSettings,
  type SettingField,
  type SettingKind,
  type SettingName,
  type SettingValue,
  type SettingsDeclaration,
  type SettingsValues,
} from "./config/index.ts";
export {
  HttpClient,
  headerAuth,
  bearerAuth,
  basicAuth,
  noAuth,
  urlPath,
  type HttpClientOptions,
  type RequestOptions,
  type RetryOptions,
  type JsonResponse,
  type HttpStats,
  type DescribeError,
  type ErrorDescription,
  type ErrorInfo,
  type FetchLike,
  type AuthStrategy,
  type RateLimitOptions,
  type QueryParams,
  type QueryValue,
  type Sleep,
} from "./http/index.ts";
export {
  defineConnector,
  DEFAULT_MAX_CONCURRENCY,
  noEntitlements,
  type Connector,
  type ConnectorDefinition,
  type ConnectorDeps,
  type ConnectorKit,
  type ConnectorParts,
  type ConnectorSpec,
  type ExpectedCaller,
  type Page,
  type RequestStats,
  type ResourceSyncer,
  type SyncContext,
  type Validation,
  type WithSignal,
} from "./sync/index.ts";
// The pagers for the shapes the APIs have, with the repeat and gap guards built in.
export {
  cursorPage,
  LIST_SLICE,
  pageOfList,
  pageOfParts,
  readWholeListing,
  skipLimitPage,
  numberedPage,
  REPAGE_HINT,
  pageMisfitError,
  repeatedPageError,
  ListingCache,
  Once,
  type CursorListing,
  type ListingPart,
  type NumberedListing,
  type NumberedPageAnswer,
  type ListSliceOptions,
  type SkipLimitListing,
  type ListingCacheOptions,
  type ListingCachePage,
} from "./sync/paging/index.ts";
export { countOf, nameAndId, NAMED_IN_A_LIST, someOf } from "./wording.ts";
