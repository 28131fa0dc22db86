/**
 * @module
 * What identifies one state of a Clockify tenant, for lookups built once per state (kit
 * `indexOnce`). Every change goes through `mutateClockifyTenant`, which appends to `mutations`.
 */

import type { ClockifyTenant } from "./tenant-types.ts";

export function tenantStamp(tenant: ClockifyTenant): string {
  return `${tenant.mutations.length}:${tenant.accounts.size}`;
}
