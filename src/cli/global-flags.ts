/**
 * @module
 * The flags every connector binary takes, with Baton's names, defaults and `BATON_*`
 * variables (`pkg/field/defaults.go`). Declared with the same settings machinery as the
 * connectors' own settings, so validation and help read the same way.
 */
import {
  byteSizeProblem,
  ConfigError,
  defineSettings,
  LOG_LEVELS,
  parseByteSize,
  resolveSettings,
  type ConnectorDefinition,
  type ConnectorDeps,
} from "../core/index.ts";
import { closestChoices } from "./choices.ts";
import type { FlagSpecs } from "./command.ts";

/**
 * The most a c1z may decompress to, for every command that reads one (a connector reads its
 * previous file). Unset, the store's default applies: 10 GiB, Baton's (baton-sdk
 * pkg/dotc1z/decoder.go, line 18); a bare number counts MiB, as Baton's variable does.
 */
const MAX_DECODED_SIZE = {
  name: "max-decoded-size",
  description: "The most a c1z file may decompress to: MiB, or a number with a unit (default 10GiB, Baton's limit)",
  validate: byteSizeProblem,
  example: "20GiB",
  // Named by its unprefixed variable everywhere, as the store's error hint names it; the
  // commands that read files are not one connector, so a prefixed name would mislead there.
  shared: true,
} as const;

export const globalFlags = defineSettings({
  fields: [
    {
      name: "file",
      description: "The c1z file to write; an existing file keeps its previous full sync for diff",
      default: "sync.c1z",
    },
    { name: "log-level", description: "How much to log", choices: [...LOG_LEVELS], default: "info" },
    {
      name: "log-format",
      description: "Log line format; console on a terminal, json otherwise",
      choices: ["json", "console"],
    },
    {
      name: "c1z-temp-dir",
      description: "Folder for the working database while syncing (default: beside the file)",
    },
    MAX_DECODED_SIZE,
    {
      // Baton's flag, name, default and range (pkg/field/defaults.go); here it bounds one
      // request in all, retries and their waits included, so a silent API fails in this time.
      name: "http-timeout-seconds",
      description: "The most one API request may take, across all its retries, in seconds",
      kind: "integer",
      default: "300",
      validate: (value) => (Number(value) >= 1 && Number(value) <= 1800 ? undefined : "must be between 1 and 1800"),
    },
    {
      // Not Baton's: idsync refuses an answer that shrank sharply against the previous full
      // sync in the file (core/sync/answer-checks.ts); this says the shrinkage is real.
      name: "allow-shrink",
      description:
        "Save a sync even if a listing came back empty or under half of the previous full sync in --file (they really left)",
      kind: "boolean",
      shared: true,
    },
    {
      // Baton's flag and variable (pkg/field/defaults.go `syncResourceTypeIDs`, read in
      // pkg/cli/commands.go); a list as pflag's string slices take it, commas, or spaces in the variable.
      name: "sync-resource-types",
      description:
        "Sync only these resource types: their ids, comma-separated. One-shot, the sync is recorded as partial and leaves the file's full syncs as they are; in service mode it applies to tasks that name no types",
      example: "user,role",
      shared: true,
    },
    {
      // Baton's flag and variable (pkg/field/defaults.go `skipFullSync`; pkg/sync/syncer.go `SkipSync`).
      name: "skip-full-sync",
      description:
        "Check the credentials and sync nothing. One-shot, the file is left as it was; in service mode each full-sync task uploads an empty sync, as Baton's connectors do",
      kind: "boolean",
      shared: true,
    },
    {
      name: "workers",
      description: "Pages fetched at once (default: the connector's own bound)",
      kind: "integer",
      validate: (value) => (Number(value) >= 1 && Number(value) <= 64 ? undefined : "must be between 1 and 64"),
    },
  ],
});

/** `--max-decoded-size` alone, for the commands that read c1z files without syncing. */
export const decodeFlags = defineSettings({ fields: [MAX_DECODED_SIZE] });

/** The store's option for a resolved `--max-decoded-size` (validated already, so it parses). */
export function decodeLimit(maxDecodedSize: string | undefined): { maxDecodedBytes?: number } {
  return maxDecodedSize === undefined ? {} : { maxDecodedBytes: parseByteSize(maxDecodedSize)! };
}

/** `--max-decoded-size` from the flags or `BATON_MAX_DECODED_SIZE`, for a reading command. */
export function readLimit(
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): { maxDecodedBytes?: number } {
  const text = flags["max-decoded-size"];
  const resolved = resolveSettings(decodeFlags, {
    connector: "idsync",
    flags: { "max-decoded-size": typeof text === "string" ? text : undefined },
    env,
  });
  return decodeLimit(resolved.maxDecodedSize);
}

/** The connector's HTTP tuning with `--http-timeout-seconds` applied; what tests inject wins. */
export function withHttpTimeout<D extends { http?: ConnectorDeps["http"] }>(
  deps: D,
  general: { httpTimeoutSeconds: number },
): D {
  return { ...deps, http: { deadlineMs: general.httpTimeoutSeconds * 1000, ...deps.http } };
}

/**
 * `--sync-resource-types` as a list of the connector's resource type ids, or undefined when
 * not set. An id the connector does not sync is an error naming the ones it does: a typo
 * must not become a sync of nothing.
 */
export function resourceTypesToSync(definition: ConnectorDefinition, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const known = definition.resourceTypes.map((type) => type.id);
  if (ids.length === 0) {
    throw new ConfigError("--sync-resource-types is set but names no resource type", {
      setting: "sync-resource-types",
      hint: `name some of ${known.join(", ")}, or unset it to sync everything`,
    });
  }
  const unknown = ids.find((id) => !known.includes(id));
  if (unknown !== undefined) {
    throw new ConfigError(`--sync-resource-types: ${definition.name} has no resource type "${unknown}"`, {
      setting: "sync-resource-types",
      hint: closestChoices(unknown, known),
    });
  }
  return ids;
}

/** Flags the connector command answers itself, never settings. */
export const HARNESS_FLAGS = {
  help: { type: "boolean", short: "h", description: "show this help" },
  version: { type: "boolean", description: "print the version" },
} as const satisfies FlagSpecs;

/**
 * Service mode's flags, with Baton's names (`pkg/field/defaults.go`): a client id turns a
 * connector binary into a long-running ConductorOne connector instead of a one-shot sync.
 */
export const serviceFlags = defineSettings({
  fields: [
    {
      name: "client-id",
      description:
        "ConductorOne client id of this connector; given, the binary runs in service mode and feeds ConductorOne",
      example: "my-connector@acme.conductor.one/pcc",
      shared: true,
    },
    {
      name: "client-secret",
      description: "ConductorOne client secret of this connector (secret-token:conductorone.com:v1:…)",
      secret: true,
      shared: true,
    },
    {
      name: "task-concurrency",
      description: "Tasks from ConductorOne run at once in service mode",
      kind: "integer",
      default: "3",
      validate: (value) => (Number(value) >= 1 && Number(value) <= 100 ? undefined : "must be between 1 and 100"),
      shared: true,
    },
  ],
});
