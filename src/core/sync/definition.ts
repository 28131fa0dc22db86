/**
 * @module
 * A connector as the command line sees it: its name, its settings declared once, the resource
 * types it syncs, and a factory from resolved settings to a `Connector`. `create` does no I/O,
 * so `config`, `capabilities` and `--help` work without credentials.
 */
import type { SettingsDeclaration, SettingsValues } from "../config/index.ts";
import type { FetchLike, HttpClientOptions } from "../http/index.ts";
import type { Logger } from "../log/index.ts";
import type { ResourceType } from "../model/index.ts";
import type { Connector } from "./connector.ts";

/** What a connector may be given besides its settings. */
export interface ConnectorDeps {
  logger: Logger;
  /**
   * The transport for every request. Tests and the demo point it at in-process simulators;
   * production leaves it unset (global fetch).
   */
  fetch?: FetchLike;
  /**
   * Overrides of HTTP tuning: fast retries or a fake clock for tests; a shared limiter pool
   * when several connectors of one tenant run in one process.
   */
  http?: Pick<HttpClientOptions, "retry" | "sleep" | "random" | "timeoutMs" | "deadlineMs" | "now" | "limiters">;
}

export interface ConnectorDefinition<D extends SettingsDeclaration = SettingsDeclaration> {
  /** Lower-case, used in `baton-<name>`, `idsync sync <name>` and `BATON_<NAME>_*`. */
  readonly name: string;
  readonly displayName: string;
  /** One sentence for `--help`. */
  readonly description: string;
  readonly settings: D;
  /** Every resource type the connector's syncers emit, in walk order. */
  readonly resourceTypes: readonly ResourceType[];
  create(settings: SettingsValues<D>, deps: ConnectorDeps): Connector;
}

/** Identity function that keeps the settings type, so `create` receives typed values. */
export function defineConnector<D extends SettingsDeclaration>(definition: ConnectorDefinition<D>): ConnectorDefinition<D> {
  return definition;
}
