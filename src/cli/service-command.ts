/**
 * @module
 * `baton-<name>` given a client id: the connector runs in ConductorOne's service mode until
 * SIGINT or SIGTERM, then exits 0 (a second signal exits 130 at once). Everything a user can
 * get wrong — the settings, the client id and secret, the temp folder — is checked before the
 * first request.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ConfigError,
  EXIT_CODES,
  parseServiceCredentials,
  resolveSettings,
  resolveSettingsWithSources,
  runServiceMode,
  type ConnectorDefinition,
  type ConnectorDeps,
  type SettingsValues,
  type Sleep,
} from "../core/index.ts";
import { globalFlags, resourceTypesToSync, withHttpTimeout, type serviceFlags } from "./global-flags.ts";
import type { CliIo } from "./io.ts";
import { createRunLogger, logRunStart } from "./run-log.ts";

/** What tests may change about service mode: trust and time. */
export interface ServiceHooks {
  c1?: {
    /** Certificates to trust instead of the system's (tests cannot set NODE_EXTRA_CA_CERTS in-process). */
    ca?: string[];
    sleep?: Sleep;
  };
}

/** The temp folder's parent, as Baton resolves it: the flag, then `BATON_TMPDIR`, then the OS's. */
function tempRoot(flag: string | undefined, env: CliIo["env"]): string {
  const chosen = flag ?? (env["BATON_TMPDIR"]?.trim() || undefined) ?? tmpdir();
  const folder = resolve(chosen);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // Prove it is writable now, not at the first task.
    rmSync(mkdtempSync(join(folder, "idsync-probe-")), { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`cannot use ${folder} for the syncs' temporary files (${code})`, {
      setting: "c1z-temp-dir",
      hint: "set --c1z-temp-dir (BATON_C1Z_TEMP_DIR) to a folder this user can write, e.g. an emptyDir volume in Kubernetes",
    });
  }
  return folder;
}

export async function runServiceCommand(
  definition: ConnectorDefinition,
  options: {
    flags: Record<string, string | boolean | undefined>;
    service: SettingsValues<typeof serviceFlags>;
    io: CliIo;
    hooks: Partial<Omit<ConnectorDeps, "logger">> & ServiceHooks;
  },
): Promise<number> {
  const { flags, service, io } = options;
  if (service.clientSecret === undefined) {
    throw new ConfigError(
      "client-secret is required in service mode: --client-id (BATON_CLIENT_ID) is set, --client-secret (BATON_CLIENT_SECRET) is not",
      {
        setting: "client-secret",
        hint: "set BATON_CLIENT_SECRET to the connector's client secret from ConductorOne, or unset BATON_CLIENT_ID for a one-shot sync",
      },
    );
  }
  const { values: settings, sources } = resolveSettingsWithSources(definition.settings, {
    connector: definition.name,
    flags,
    env: io.env,
  });
  const general = resolveSettings(globalFlags, { connector: definition.name, flags, env: io.env });
  const credentials = parseServiceCredentials(service.clientId!, service.clientSecret, io.env["BATON_C1_API_HOST"]);
  const resourceTypeIds = resourceTypesToSync(definition, general.syncResourceTypes);
  const tempDir = tempRoot(general.c1zTempDir, io.env);
  const logger = createRunLogger(definition.name, general, io);
  logRunStart(logger, { mode: "service", sources });
  if (flags["file"] !== undefined)
    logger.warn("--file is ignored in service mode: each sync is uploaded to ConductorOne", {});
  // Each task syncs into a new file, so there is no previous sync to shrink from; the caller check still holds.
  if (general.allowShrink)
    logger.warn(
      "--allow-shrink changes nothing in service mode: each sync goes into a new file, with no previous sync to compare",
      {},
    );
  const { c1, ...deps } = options.hooks;
  await runServiceMode({
    definition,
    settings: settings as Record<string, unknown>,
    deps: withHttpTimeout(deps, general),
    credentials,
    taskConcurrency: service.taskConcurrency,
    fullSyncs: { ...(resourceTypeIds ? { resourceTypeIds } : {}), skip: general.skipFullSync },
    tempDir,
    logger,
    signal: io.signal ?? new AbortController().signal,
    env: io.env,
    ...(c1?.ca ? { ca: c1.ca } : {}),
    ...(c1?.sleep ? { sleep: c1.sleep } : {}),
  });
  return EXIT_CODES.ok;
}
