/**
 * @module
 * Read-side features over `C1zReader`: pure functions the command line, `review` and the
 * explorer share, and the JSON shapes both report them in. Nothing here writes output or
 * parses flags.
 */
export { chooseSync, syncPairInFile, type ChosenSync } from "./syncs.ts";
export {
  userFacts,
  isPendingInvite,
  statusLabel,
  findUsersByEmail,
  principalByEmail,
  RecentCache,
  SyncLookup,
  DEFAULT_LOOKUP_CACHE,
  type UserFacts,
} from "./principals.ts";
export { AccessResolver, accessOf, type AccessEntry, type AccessReport } from "./access.ts";
export {
  diffSyncs,
  diffCounts,
  diffSummary,
  type SyncDiff,
  type DiffSide,
  type DiffOptions,
  type Section,
  type Changed,
  type ChangedResource,
  type SectionCounts,
} from "./diff.ts";
export type { FieldChange } from "./diff-fields.ts";
export {
  accessChangeText,
  entitlementHolderText,
  fieldChangeTexts,
  resourceChangeTexts,
  viaText,
  type ChangeLookup,
} from "./change-words.ts";
export {
  exportRows,
  exportRowParts,
  appNameFromPath,
  EXPORT_COLUMNS,
  GRANT_COLUMNS,
  PRINCIPAL_COLUMNS,
  TARGET_COLUMNS,
  type ExportRow,
  type ExportRowParts,
  type ExportColumn,
  type ExportOptions,
} from "./export.ts";
export { syncStats, type UserStats, type SyncSummaryStats } from "./stats.ts";
export { DormancyRule, STALE_LOGIN_DAYS, type Dormancy, type DormantReason } from "./dormancy.ts";
export { compareKeys } from "./order.ts";
export { adminRoles, adminUsers, isAdminRole, isAdminRoleName } from "./admins.ts";
export {
  reviewSync,
  reviewCounts,
  adminKeys,
  PeopleAcrossApps,
  type AppPresence,
  type OffboardingGap,
  type ReviewCounts,
  type SyncReview,
  type ReviewOptions,
  type ReviewedUser,
  type DormantUser,
  type AdminChanges,
} from "./review.ts";
export {
  accessJson,
  diffJson,
  entitlementJson,
  gapJson,
  grantJson,
  grantVia,
  isDirectGrant,
  iso,
  refJson,
  resourceJson,
  resourceTypeJson,
  reviewJson,
  statsJson,
  syncJson,
  userJson,
  type AppReview,
} from "./json/index.ts";
export { csvField, csvLine, type CsvOptions, type CsvValue } from "./csv.ts";
