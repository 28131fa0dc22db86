/**
 * @module
 * A connector as the command line sees it: its name, its settings declared once, the resource
 * types it syncs, and a factory from resolved settings to a `Connector`. `create` does no I/O,
 * and `config`, `capabilities` and `--help` read only the definition's own fields, so they work
 * without credentials.
 *
 * `defineConnector` fills in what a connector would otherwise repeat: the `Connector`'s name and
 * display name (the definition's), its syncers in the order of the declared resource types (and
 * a refusal when the two disagree, so `capabilities` cannot leave a synced type out), the default
 * concurrency, and the request counts of every HTTP client made through the kit it hands out.
 */
import type { SettingsDeclaration, SettingsValues } from "../config/index.ts";
import { SyncError } from "../errors/index.ts";
import { HttpClient, type FetchLike, type HttpClientOptions, type HttpStats } from "../http/index.ts";
import type { Logger } from "../log/index.ts";
import type { ResourceType } from "../model/index.ts";
import {
  DEFAULT_MAX_CONCURRENCY,
  type Connector,
  type RequestStats,
  type ResourceSyncer,
  type SyncContext,
  type Validation,
} from "./connector.ts";

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

/** What a connector's `create` is handed: its deps, and the one way to make its HTTP clients. */
export interface ConnectorKit extends ConnectorDeps {
  /**
   * An HTTP client for the product's API, on the deps' transport and logger, with the deps' HTTP
   * tuning over `options`. Every client made here counts in the sync's request stats, added up,
   * so a connector that replaces its client (another auth, say) loses no request.
   * `options.fetch`, when given, replaces the deps' transport: wrap `kit.fetch` to keep it.
   */
  httpClient(options: Omit<HttpClientOptions, "logger">): HttpClient;
}

/** What a connector's `create` builds; the rest of the `Connector` comes from its definition. */
export interface ConnectorParts {
  /** One syncer per declared resource type, in any order: the walk follows the declaration. */
  readonly syncers: readonly ResourceSyncer[];
  /** See `Connector.validate`. */
  validate(ctx: SyncContext): Promise<Validation | void>;
  /**
   * Requests sent by clients the connector made without `kit.httpClient`; added to theirs.
   * @default none
   */
  requestStats?(): RequestStats;
}

/** What a connector declares. */
export interface ConnectorSpec<D extends SettingsDeclaration, Tuning = never> {
  /** Lower-case, used in `baton-<name>`, `idsync sync <name>` and `BATON_<NAME>_*`. */
  readonly name: string;
  readonly displayName: string;
  /** One sentence for `--help`. */
  readonly description: string;
  readonly settings: D;
  /**
   * Every resource type the connector's syncers emit, in walk order. `capabilities` and
   * `--sync-resource-types` read these without building a connector; `create`'s syncers must
   * match them, one each.
   */
  readonly resourceTypes: readonly ResourceType[];
  /** How many pages the engine may fetch at once. @default DEFAULT_MAX_CONCURRENCY (4) */
  readonly maxConcurrency?: number;
  /**
   * The connector's own parts, from typed settings. No I/O. `tuning` is for tests and
   * benchmarks (page sizes, say); the command line never passes it.
   */
  create(settings: SettingsValues<D>, kit: ConnectorKit, tuning?: Tuning): ConnectorParts;
}

export interface ConnectorDefinition<D extends SettingsDeclaration = SettingsDeclaration, Tuning = never> {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly settings: D;
  readonly resourceTypes: readonly ResourceType[];
  /** A whole `Connector`: the parts `create` built, with what the definition derives. No I/O. */
  create(settings: SettingsValues<D>, deps: ConnectorDeps, tuning?: Tuning): Connector;
}

/** Keeps the settings type, so `create` receives typed values, and derives the rest (module comment). */
export function defineConnector<D extends SettingsDeclaration, Tuning = never>(
  spec: ConnectorSpec<D, Tuning>,
): ConnectorDefinition<D, Tuning> {
  const { name, displayName, description, settings, resourceTypes } = spec;
  return {
    name,
    displayName,
    description,
    settings,
    resourceTypes,
    create(values, deps, tuning) {
      const kit = createConnectorKit(deps);
      const parts = spec.create(values, kit, tuning);
      const own = parts.requestStats?.bind(parts);
      return {
        name,
        displayName,
        syncers: inDeclaredOrder(name, resourceTypes, parts.syncers),
        maxConcurrency: spec.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
        validate: (ctx) => parts.validate(ctx),
        requestStats: () => addUp([kit.requestStats(), ...(own ? [own()] : [])]),
      };
    },
  };
}

/**
 * The kit `defineConnector` hands a connector's `create`, with the sum of what its clients sent.
 * Exported for tests that build one client alone.
 */
export function createConnectorKit(deps: ConnectorDeps): ConnectorKit & { requestStats(): RequestStats } {
  const clients: HttpClient[] = [];
  return {
    ...deps,
    httpClient(options) {
      const client = new HttpClient({
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...options,
        logger: deps.logger,
        ...deps.http,
      });
      clients.push(client);
      return client;
    },
    requestStats: () => addUp(clients.map((client) => client.stats)),
  };
}

/**
 * The syncers in the order the definition declares their types. A type without a syncer, a
 * syncer of an undeclared type, or two for one type is a connector bug that `capabilities` would
 * misreport; it fails before any request, naming the types.
 */
function inDeclaredOrder(
  connector: string,
  declared: readonly ResourceType[],
  syncers: readonly ResourceSyncer[],
): ResourceSyncer[] {
  const byType = new Map<string, ResourceSyncer>();
  const problems: string[] = [];
  for (const syncer of syncers) {
    const id = syncer.resourceType.id;
    if (byType.has(id)) problems.push(`two syncers for resource type "${id}"`);
    byType.set(id, syncer);
  }
  const declaredIds = new Set(declared.map((type) => type.id));
  for (const id of byType.keys())
    if (!declaredIds.has(id)) problems.push(`a syncer for resource type "${id}", which resourceTypes does not declare`);
  for (const id of declaredIds) if (!byType.has(id)) problems.push(`no syncer for declared resource type "${id}"`);
  if (problems.length > 0) {
    throw new SyncError(
      `the ${connector} connector's syncers do not match its resource types: ${problems.join("; ")}`,
      {
        hint: "this is a bug in the connector: give each type in resourceTypes exactly one syncer",
      },
    );
  }
  return declared.map((type) => byType.get(type.id)!);
}

function addUp(stats: readonly (RequestStats | HttpStats)[]): RequestStats {
  const total: RequestStats = { requests: 0, retries: 0, rateLimited: 0 };
  for (const { requests, retries, rateLimited } of stats) {
    total.requests += requests;
    total.retries += retries;
    total.rateLimited += rateLimited;
  }
  return total;
}
