/**
 * @module
 * Starts an env0 simulator on loopback for one test and gives a tiny client for it.
 */

import { Buffer } from "node:buffer";
import type { TestContext } from "node:test";

import { serveForTest } from "../_kit/_test-support.ts";
import { createEnv0Simulator, type Env0Simulator, type Env0SimulatorOptions } from "./index.ts";
import type { Env0Credential, Env0Tenant } from "./tenant-types.ts";

export interface Env0TestClient {
  simulator: Env0Simulator;
  tenant: Env0Tenant;
  /** `http://127.0.0.1:PORT`: env0 paths have no prefix. */
  base: string;
  /** GET (or `init.method`) on `base + path` as `credential`, the admin key by default. */
  call(path: string, init?: RequestInit & { as?: Env0Credential }): Promise<Response>;
}

/** `Basic base64(id:secret)`, as env0 expects (env0.md, "Auth"). */
export function basicHeader(credential: Env0Credential): string {
  return `Basic ${Buffer.from(`${credential.apiKeyId}:${credential.secret}`).toString("base64")}`;
}

export async function startEnv0(t: TestContext, options: Env0SimulatorOptions = {}): Promise<Env0TestClient> {
  const simulator = createEnv0Simulator(options);
  const served = await serveForTest(t, simulator.handler);
  const tenant = simulator.tenant;
  return {
    simulator,
    tenant,
    base: served.origin,
    call: (path, init = {}) => {
      const { as, ...rest } = init;
      return fetch(`${served.origin}${path}`, {
        ...rest,
        headers: rest.headers ?? { Authorization: basicHeader(as ?? tenant.adminKey) },
      });
    },
  };
}

/** Reads a JSON body typed loosely, for assertions. */
export async function json<T = Record<string, unknown>[]>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
