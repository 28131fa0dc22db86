/**
 * @module
 * Shared by the Clockify connector's tests: the connector with small pages (so the 60-member
 * default tenant spans many), and readers of a synced file.
 */
import type { TestContext } from "node:test";
import type { C1zReader, ConnectorDefinition } from "../../core/index.ts";
import {
  createClockifySimulator,
  type ClockifySimulatorOptions,
  type ClockifyTenant,
} from "../../simulators/clockify/index.ts";
import { serveSimulator, type ServedSimulator } from "../../testkit/index.ts";
import { clockify, createClockifyConnector } from "./index.ts";
import { MEMBER_PASSES } from "./paging.ts";

export const USERS_PAGE_SIZE = 7;
export const GROUPS_PAGE_SIZE = 3;

/** The Clockify connector asking for pages of these sizes. */
export function withPageSizes(usersPageSize: number, groupsPageSize: number): ConnectorDefinition {
  return {
    ...clockify,
    create: (settings, deps) =>
      createClockifyConnector(settings as Parameters<typeof createClockifyConnector>[0], deps, {
        usersPageSize,
        groupsPageSize,
      }),
  };
}

/** Pages small enough that the 60-member default tenant spans many. */
export const smallPages = withPageSizes(USERS_PAGE_SIZE, GROUPS_PAGE_SIZE);

export interface ServedClockify extends ServedSimulator {
  tenant: ClockifyTenant;
}

export async function serveClockify(t: TestContext, options: ClockifySimulatorOptions = {}): Promise<ServedClockify> {
  const served = await serveSimulator(t, { name: "clockify", create: () => createClockifySimulator(options) });
  return { ...served, tenant: served.simulator.tenant as ClockifyTenant };
}

/** The account statuses Clockify lists when `account-statuses` is left out: the first pass's. */
const DEFAULT_ACCOUNTS = new Set(["ACTIVE", "PENDING_EMAIL_VERIFICATION", "NOT_REGISTERED"]);

/**
 * The requests one whole walk of the member listing makes at this page size: each pass's pages,
 * and one (empty, `Last-Page: true`) request for a pass with no members.
 */
export function memberListingRequests(tenant: ClockifyTenant, pageSize: number): number {
  return MEMBER_PASSES.reduce((sum, pass) => {
    const count = tenant.users.filter((user) =>
      pass.accountStatus === undefined
        ? DEFAULT_ACCOUNTS.has(user.accountStatus)
        : user.accountStatus === pass.accountStatus,
    ).length;
    return sum + Math.max(1, Math.ceil(count / pageSize));
  }, 0);
}

/**
 * Every row of a sync as JSON text, sorted: two syncs of the same data compare equal even when
 * the API listed it in another order (store order is the conformance kit's business).
 */
export function rowsOf(reader: C1zReader, syncId: string): string[] {
  return [
    ...[...reader.resources(syncId)].map((row) => JSON.stringify(row)),
    ...[...reader.entitlements(syncId)].map((row) => JSON.stringify(row)),
    ...[...reader.grants(syncId)].map((row) => JSON.stringify(row)),
  ].sort();
}

/** The principal ids holding an entitlement. */
export function holders(reader: C1zReader, syncId: string, entitlementId: string): Set<string> {
  const ids = new Set<string>();
  for (const grant of reader.grants(syncId, { entitlementId })) ids.add(grant.principal.id.resource);
  return ids;
}
