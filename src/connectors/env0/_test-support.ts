/**
 * @module
 * Helpers for the env0 connector's tests: the simulator served on loopback with env0-specific
 * options, a sync into a temp dir, and lookups in the resulting c1z.
 */
import { join } from "node:path";
import type { TestContext } from "node:test";

import type { C1zReader, Grant, Resource } from "../../core/index.ts";
import { createEnv0Simulator, type Env0SimulatorOptions, type Env0Tenant } from "../../simulators/env0/index.ts";
import { openC1z, serveSimulator, syncWith, tempDir, type ServedSimulator, type SyncRun } from "../../testkit/index.ts";
import { env0 } from "./index.ts";
import { apiKeyResourceId } from "./users.ts";

export interface Env0Served extends ServedSimulator {
  tenant: Env0Tenant;
}

/** The env0 simulator with its own options (team shape, leaked key secrets), served for one test. */
export async function serveEnv0(t: TestContext, options: Env0SimulatorOptions = {}): Promise<Env0Served> {
  const served = await serveSimulator(
    t,
    { name: "env0", create: (base = {}) => createEnv0Simulator({ ...base, ...options }) },
    options,
  );
  return { ...served, tenant: served.simulator.tenant as Env0Tenant };
}

export interface SyncedFile {
  run: SyncRun;
  reader: C1zReader;
  syncId: string;
  user(id: string): Resource;
  apiKey(keyId: string): Resource;
  /** Grant ids of entitlements on `type:id`. */
  grantIds(type: string, id: string): string[];
  grantsOf(principalId: string): Grant[];
}

/** Syncs `settings` (default: the served tenant's) into a temp file and opens it. */
export async function syncEnv0(
  t: TestContext,
  served: Env0Served,
  settings: Record<string, string> = served.settings,
): Promise<SyncedFile> {
  const run = await syncWith(env0, settings, join(tempDir(t), "sync.c1z"));
  const { reader, syncId } = await openC1z(t, run.file);
  const user = (id: string): Resource => {
    const found = reader.getResource(syncId, { resourceType: "user", resource: id });
    if (!found) throw new Error(`no user ${id} in the c1z`);
    return found;
  };
  return {
    run,
    reader,
    syncId,
    user,
    apiKey: (keyId) => user(apiKeyResourceId(keyId)),
    grantIds: (type, id) =>
      [...reader.grants(syncId, { resource: { resourceType: type, resource: id } })].map((grant) => grant.id),
    grantsOf: (principalId) => [
      ...reader.grants(syncId, { principal: { resourceType: "user", resource: principalId } }),
    ],
  };
}

/** Settings of the served tenant with another credential. */
export function withKey(served: Env0Served, key: { apiKeyId: string; secret: string }): Record<string, string> {
  return { ...served.settings, "api-key-id": key.apiKeyId, "api-key-secret": key.secret };
}
