/**
 * @module
 * Starts a Runlayer simulator on loopback for one test and gives a tiny client for it.
 */

import type { TestContext } from "node:test";

import { serveForTest } from "../_kit/_test-support.ts";
import { createRunlayerSimulator, type RunlayerSimulator, type RunlayerSimulatorOptions } from "./index.ts";
import type { RunlayerTenant } from "./tenant-types.ts";

export interface RunlayerTestClient {
  simulator: RunlayerSimulator;
  tenant: RunlayerTenant;
  /** `http://127.0.0.1:PORT/api/v1`. */
  base: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** GET (or `init.method`) on `base + path`, with the admin key unless `init.headers` says otherwise; redirects are not followed. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** `call` with another key in `x-runlayer-api-key`. */
  as(key: string, path: string): Promise<Response>;
}

export async function startRunlayer(
  t: TestContext,
  options: RunlayerSimulatorOptions = {},
): Promise<RunlayerTestClient> {
  const simulator = createRunlayerSimulator(options);
  const served = await serveForTest(t, simulator.handler);
  const base = simulator.settings(served.origin)["base-url"] as string;
  const tenant = simulator.tenant;
  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${base}${path}`, {
      redirect: "manual",
      ...init,
      headers: init.headers ?? { "x-runlayer-api-key": tenant.adminKey },
    });
  return {
    simulator,
    tenant,
    base,
    origin: served.origin,
    call,
    as: (key, path) => call(path, { headers: { "x-runlayer-api-key": key } }),
  };
}

type Json = Record<string, unknown>;

/** The `data` of a list answer. */
export async function dataOf(response: Response): Promise<Json[]> {
  const body = (await response.json()) as { data: Json[] };
  return body.data;
}
