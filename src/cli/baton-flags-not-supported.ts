/**
 * @module
 * Baton's own flags (baton-sdk pkg/field/defaults.go) that idsync's connectors do not take, with
 * why. A user moving a Baton deployment over passes them from habit; each gets a line saying
 * what idsync does instead, rather than a bare "unknown flag". The same list is printed in
 * `--help` and in the README, so the three cannot drift apart.
 */
import { ConfigError } from "../core/index.ts";

export interface NotSupported {
  /** Baton's flag names, without dashes; a `*` ends a prefix (`compact-*`). */
  readonly flags: readonly string[];
  /** Why, and what to do instead: finishes "… is not supported: ". */
  readonly because: string;
}

export const BATON_FLAGS_NOT_SUPPORTED: readonly NotSupported[] = [
  {
    // `-p` is --provisioning's short form, refused with it.
    flags: [
      "provisioning",
      "grant-entitlement",
      "grant-principal",
      "grant-principal-type",
      "revoke-grant",
      "create-account-*",
      "delete-resource",
      "delete-resource-type",
      "rotate-credentials",
      "rotate-credentials-type",
      "invoke-action*",
      "list-action-schemas*",
      "list-resource-actions",
      "invoke-resource-action*",
    ],
    because: "idsync's connectors are read-only: they sync, and never change the product",
  },
  {
    flags: [
      "ticketing",
      "create-ticket",
      "bulk-create-ticket",
      "bulk-ticket-template-path",
      "get-ticket",
      "list-ticket-schemas",
      "ticket-id",
      "ticket-template-path",
    ],
    because: "the products have no ticketing idsync could drive",
  },
  {
    flags: ["event-feed", "event-feed-id", "event-feed-start-at", "event-feed-cursor"],
    because: "no product here offers an event feed; `idsync diff` shows what changed between two syncs",
  },
  {
    flags: ["diff-syncs", "base-sync-id", "applied-sync-id"],
    because: "use `idsync diff -f FILE`, which compares the file's last two full syncs",
  },
  {
    flags: ["compact-syncs", "compact-output-path", "compact-file-paths", "compact-sync-ids"],
    because: "a file keeps its last two full syncs by itself, so there is nothing to compact",
  },
  {
    flags: ["sync-resources", "skip-entitlements-and-grants", "skip-grants"],
    because: "a sync is whole or per resource type; use --sync-resource-types",
  },
  { flags: ["storage-engine"], because: "idsync writes SQLite c1z files (Baton's default) only" },
  {
    flags: [
      "external-resource-c1z",
      "external-resource-entitlement-id-filter",
      "external-resource-traits",
      "keep-previous-sync-c1z",
    ],
    because: "external resources are not synced; the file always keeps its previous full sync",
  },
  {
    flags: ["log-path", "log-level-debug-expires-at"],
    because: "logs go to stderr; redirect them, and set --log-level",
  },
  {
    flags: ["otel-*"],
    because:
      "there is no OpenTelemetry export; with --log-format json the logs and the summary line are machine-readable",
  },
  {
    flags: ["health-check", "health-check-port", "health-check-bind-address"],
    because: "`idsync serve` has /healthz and /metrics for a scheduled connector",
  },
  {
    flags: ["lambda-*", "session-store-maximum-size", "auth-method"],
    because: "idsync does not run as a Lambda function",
  },
  { flags: ["parallel-sync"], because: "Baton deprecated it; use --workers" },
];

function matches(pattern: string, flag: string): boolean {
  return pattern.endsWith("*") ? flag.startsWith(pattern.slice(0, -1)) : flag === pattern;
}

/** The entry for `flag` (a name without dashes), if it is one of Baton's that idsync does not take. */
export function notSupported(flag: string): NotSupported | undefined {
  return BATON_FLAGS_NOT_SUPPORTED.find((entry) => entry.flags.some((pattern) => matches(pattern, flag)));
}

/**
 * Throws a ConfigError naming the first of Baton's unsupported flags in `argv` (`-p` is
 * `--provisioning`'s short form), so the message says why instead of "unknown flag".
 */
export function refuseUnsupportedBatonFlags(argv: readonly string[], command: string): void {
  for (const argument of argv) {
    if (argument === "--") return;
    const name = argument === "-p" ? "provisioning" : /^--([a-z0-9-]+)(=|$)/.exec(argument)?.[1];
    const entry = name === undefined ? undefined : notSupported(name);
    if (entry)
      throw new ConfigError(`--${name} is a Baton flag idsync does not support: ${entry.because}`, {
        hint: `run \`${command} --help\` for the flags idsync takes`,
      });
  }
}

/** The `--help` paragraph: every unsupported flag, grouped, wrapped by the help printer. */
export function notSupportedHelp(): string[] {
  return [
    "Baton flags not supported (each is refused with the reason):",
    ...BATON_FLAGS_NOT_SUPPORTED.flatMap((entry) => [
      `  ${entry.flags.map((flag) => `--${flag}`).join(", ")}`,
      `      ${entry.because}`,
    ]),
  ];
}
