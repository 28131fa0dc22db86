/**
 * Syncs a large simulated tenant over loopback HTTP for a benchmark. The simulator runs in its
 * own process (`idsync simulate`), so memory sampled here is the sync's alone: connector,
 * engine and store.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { findConnector } from "../src/connectors/index.ts";
import { resolveSettings, silentLogger, syncToFile, type SyncSummary } from "../src/core/index.ts";

export interface SimulatedTenant {
  connector: string;
  users: number;
  /** Latency the simulator adds to every answer. @default 0 */
  latencyMs?: number;
}

/** Serves the tenant, syncs it into `file`, and stops the simulator. */
export async function syncSimulatedTenant(tenant: SimulatedTenant, file: string): Promise<SyncSummary> {
  const definition = findConnector(tenant.connector);
  if (!definition) throw new Error(`no connector named ${tenant.connector}`);
  const groups = Math.max(8, Math.round(tenant.users / 50));
  const simulator = spawn(
    process.execPath,
    [
      join(import.meta.dirname, "../bin/idsync.js"),
      "simulate",
      tenant.connector,
      "--users",
      String(tenant.users),
      "--groups",
      String(groups),
      "--latency-ms",
      String(tenant.latencyMs ?? 0),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    let announced = "";
    for await (const line of createInterface({ input: simulator.stdout })) {
      announced = line;
      break;
    }
    const { settings: flags } = JSON.parse(announced) as { settings: Record<string, string> };
    const settings = resolveSettings(definition.settings, { connector: tenant.connector, flags, env: {} });
    return await syncToFile({ connector: definition.create(settings, { logger: silentLogger }), file });
  } finally {
    simulator.kill("SIGTERM");
  }
}
