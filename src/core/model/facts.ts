/**
 * @module
 * Facts a connector states about its users and roles, so that readers never have to guess them
 * from text: why a user has the status it has (a pending invite, say), and whether a role is
 * admin-grade. A connector knows these from its product's API; a reader written for one product
 * would otherwise parse another product's wording, or role names, and get the next one wrong.
 *
 * They are stored where Baton lets a connector keep its own keys, the profile Struct
 * (c1z-format: Resource field 9, UserTrait and RoleTrait `profile`): a user's reason goes in its
 * user trait's profile and a role's marker in its role trait's profile, both mirrored onto the
 * resource's profile by the builders, as Baton's SDK mirrors them. Baton's tools show them as
 * any other profile entry; the human-readable status details stay as they were, for Baton UIs.
 */
import type { JsonObject, Resource } from "./types.ts";

/**
 * Why a user has its status, in words every connector shares:
 * - `pending_invite`: invited and not accepted yet (the user is disabled: no access in use yet);
 * - `invite_declined`: the invite was declined, so it will not turn into access;
 * - `deactivated`: switched off in the product, by an admin or an API field saying inactive;
 * - `account_deleted`: the account itself is gone from the product;
 * - `limited_account`: enabled, with an account the product limits (fewer rights than a member);
 * - `status_unknown`: the product did not say, or said something the connector does not know.
 */
export const STATUS_REASONS = [
  "pending_invite",
  "invite_declined",
  "deactivated",
  "account_deleted",
  "limited_account",
  "status_unknown",
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

/** The profile key of a user's `StatusReason`. */
export const STATUS_REASON_KEY = "idsync_status_reason";

/** The profile key of a role's marker: `true` for an admin-grade role, `false` for one that is not. */
export const PRIVILEGED_KEY = "idsync_privileged";

const isStatusReason = (value: unknown): value is StatusReason =>
  typeof value === "string" && (STATUS_REASONS as readonly string[]).includes(value);

/** `profile` with `key` set to `value`, or `profile` itself when `value` is undefined (nothing stated). */
export function withProfileFact(
  profile: JsonObject | undefined,
  key: string,
  value: string | boolean | undefined,
): JsonObject | undefined {
  return value === undefined ? profile : { ...profile, [key]: value };
}

/**
 * The reason a user's connector stated, or undefined when it stated none (a file written by
 * another connector, or by idsync before the key existed). A value this build does not know
 * (a later vocabulary) reads as `status_unknown`: stated, and not one a reader can act on.
 */
export function statusReasonOf(resource: Resource): StatusReason | undefined {
  const stated = resource.user?.profile?.[STATUS_REASON_KEY] ?? resource.profile?.[STATUS_REASON_KEY];
  if (stated === undefined || stated === null) return undefined;
  return isStatusReason(stated) ? stated : "status_unknown";
}

/**
 * Whether a role's connector marked it admin-grade (`true`) or not (`false`); undefined when it
 * said neither, or wrote something other than a boolean.
 */
export function privilegeOf(resource: Resource): boolean | undefined {
  const stated = resource.role?.profile?.[PRIVILEGED_KEY] ?? resource.profile?.[PRIVILEGED_KEY];
  return typeof stated === "boolean" ? stated : undefined;
}
