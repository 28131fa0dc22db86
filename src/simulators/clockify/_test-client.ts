/**
 * @module
 * Starts a Clockify simulator on loopback for one test and gives a tiny client for it.
 */

import type { TestContext } from "node:test";

import { serveForTest } from "../_kit/_test-support.ts";
import { createClockifySimulator, type ClockifySimulator, type ClockifySimulatorOptions } from "./index.ts";
import type { ClockifyTenant } from "./tenant-types.ts";

export interface ClockifyTestClient {
  simulator: ClockifySimulator;
  tenant: ClockifyTenant;
  /** `http://127.0.0.1:PORT/api/v1`. */
  base: string;
  /** The main workspace's path prefix, `/workspaces/{id}`. */
  workspacePath: string;
  /** GET (or `init.method`) on `base + path` with the admin key unless `init.headers` says otherwise. */
  call(path: string, init?: RequestInit): Promise<Response>;
}

export async function startClockify(
  t: TestContext,
  options: ClockifySimulatorOptions = {},
): Promise<ClockifyTestClient> {
  const simulator = createClockifySimulator(options);
  const served = await serveForTest(t, simulator.handler);
  const base = simulator.settings(served.origin)["base-url"] as string;
  const tenant = simulator.tenant;
  return {
    simulator,
    tenant,
    base,
    workspacePath: `/workspaces/${tenant.workspaceId}`,
    call: (path, init = {}) =>
      fetch(`${base}${path}`, { ...init, headers: init.headers ?? { "X-Api-Key": tenant.adminKey } }),
  };
}

/** Every account status, for `account-statuses`, so a listing returns every member. */
export const ALL_ACCOUNTS = "ACTIVE,PENDING_EMAIL_VERIFICATION,DELETED,NOT_REGISTERED,LIMITED,LIMITED_DELETED";

/** Reads a bare-array page of objects with ids. */
export async function pageIds(response: Response): Promise<string[]> {
  return ((await response.json()) as { id: string }[]).map((item) => item.id);
}
