/**
 * @module
 * The model's enums as names in protobuf number order, for both encoders (the generated codec's
 * and the fast one), so the two can never number a value differently.
 */
import type { AccountType, EntitlementPurpose, ResourceStatus, Trait } from "./types.ts";

export const TRAITS: readonly (Trait | "unspecified")[] = [
  "unspecified",
  "user",
  "group",
  "role",
  "app",
  "secret",
  "security-insight",
  "scope-binding",
  "vendor",
  "vendor-agreement",
  "license-profile",
  "agent",
  "managed-device",
];
export const STATUSES: readonly ResourceStatus[] = ["unspecified", "enabled", "disabled", "deleted"];
export const ACCOUNT_TYPES: readonly AccountType[] = ["unspecified", "human", "service", "system"];
export const PURPOSES: readonly EntitlementPurpose[] = ["unspecified", "assignment", "permission", "ownership"];

/** A name's protobuf number; an unknown name is 0, unspecified. */
export const enumNumber = <T>(names: readonly T[], name: T): number => Math.max(0, names.indexOf(name));
