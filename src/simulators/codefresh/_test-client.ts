/**
 * @module
 * Starts a Codefresh simulator on loopback for one test and gives a tiny client for it.
 */

import type { TestContext } from "node:test";

import { serveForTest } from "../_kit/_test-support.ts";
import { createCodefreshSimulator, type CodefreshSimulator, type CodefreshSimulatorOptions } from "./index.ts";
import type { CodefreshTenant } from "./tenant-types.ts";

export interface CodefreshTestClient {
  simulator: CodefreshSimulator;
  tenant: CodefreshTenant;
  /** `http://127.0.0.1:PORT/api` (or the chosen base path). */
  base: string;
  /** GET on `base + path` with `key` (the admin key by default) as the raw Authorization header. */
  call(path: string, key?: string | null): Promise<Response>;
}

export async function startCodefresh(
  t: TestContext,
  options: CodefreshSimulatorOptions = {},
): Promise<CodefreshTestClient> {
  const simulator = createCodefreshSimulator(options);
  const served = await serveForTest(t, simulator.handler);
  const base = simulator.settings(served.origin)["base-url"] as string;
  const tenant = simulator.tenant;
  return {
    simulator,
    tenant,
    base,
    call: (path, key = tenant.adminKey) =>
      fetch(`${base}${path}`, { headers: key === null ? {} : { Authorization: key } }),
  };
}

export type Json = Record<string, unknown>;

/** Reads a bare array of objects with `_id`. */
export async function ids(response: Response): Promise<string[]> {
  return ((await response.json()) as { _id: string }[]).map((item) => item._id);
}
