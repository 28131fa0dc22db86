/**
 * @module
 * Access-review campaigns over c1z files: start one from the review's findings, decide on each
 * item (keep, revoke, follow up) with its history kept, close it into evidence (HTML, CSV,
 * JSON naming the syncs and their files' hashes), and verify in a newer sync that revoked access
 * is gone. The command line and the explorer call these; nothing here parses flags or prints.
 */
export { CampaignFileError } from "./campaign-file-error.ts";
export {
  CAMPAIGN_FORMAT,
  CAMPAIGN_VERSION,
  DECISIONS,
  ROSTER_REASONS,
  SCOPES,
  WHYS,
  parseCampaign,
  type Campaign,
  type CampaignItem,
  type CampaignSync,
  type Decision,
  type DecisionEntry,
  type Scope,
  type Why,
} from "./format.ts";
export { buildCampaign, startCampaign, type StartOptions } from "./build.ts";
export { itemId } from "./items.ts";
export { readRoster, parseRoster, matchRoster, type Roster, type RosterPerson } from "./roster.ts";
export {
  assertOpen,
  closeCampaign,
  currentDecisions,
  decide,
  entryText,
  historyOf,
  isDecision,
  NO_REVIEWER,
  progressOf,
  selectItems,
  type CampaignProgress,
  type DecideOptions,
  type ItemFilter,
} from "./decisions.ts";
export {
  evidenceCsv,
  evidenceOf,
  evidencePaths,
  writeEvidence,
  EVIDENCE_COLUMNS,
  type Evidence,
  type EvidenceItem,
} from "./evidence.ts";
export { evidenceHtml, escapeHtml } from "./evidence-html.ts";
export { VERIFY_STATES, verifyCampaign, type Verification, type VerifiedItem, type VerifyState } from "./verify.ts";
export { campaignText, readCampaign, saveCampaign, sha256File, updateCampaign, withCampaignLock } from "./store.ts";
export { reviewerName, REVIEWER_ENV } from "./reviewer.ts";
