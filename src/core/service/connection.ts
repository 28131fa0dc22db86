/**
 * @module
 * The connector's line to ConductorOne: `c1.connectorapi.baton.v1.BatonService` over gRPC on
 * HTTP/2 with TLS, at `<host>:443` or the port the host names. Each call carries a fresh-enough
 * Bearer token and the host id, as baton-sdk's service client does
 * (`pkg/tasks/c1api/service_client.go:87-317`). One HTTP/2 connection is kept open and re-made
 * when it breaks, where Go dials one per call; the server sees the same requests.
 *
 * Trust is the system's CA store plus `NODE_EXTRA_CA_CERTS` (Node reads it at start-up), so a
 * private CA is added the way it is for any Node program.
 */
import { create } from "@bufbuild/protobuf";
import { DurationSchema, type Duration } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import {
  BatonService,
  type BatonServiceFinishTaskRequest,
  type BatonServiceGetTaskResponse,
  type BatonServiceHeartbeatResponse,
  type BatonServiceHelloRequest,
} from "../model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  BatonServiceFinishTaskRequestSchema,
  BatonServiceHelloRequestSchema,
} from "../model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { ServiceError } from "./errors.ts";
import type { TokenSource } from "./token.ts";

/** How long a unary call may take. Go sets none but FinishTask's 30 s (`manager.go:319-320`). */
const UNARY_TIMEOUT_MS = 60_000;
const FINISH_TIMEOUT_MS = 30_000;

export interface ConnectionOptions {
  /** `host` or `host:port`. */
  apiHost: string;
  tokens: TokenSource;
  hostId: string;
  /** `<client name> idsync/<version> …`: ConductorOne sees the client name first, as from Go. */
  userAgent: string;
  /**
   * Certificates to trust instead of the system's; for tests, which cannot set
   * `NODE_EXTRA_CA_CERTS` after start-up.
   * @default the system's CA store and NODE_EXTRA_CA_CERTS
   */
  ca?: string[];
}

export type HelloInit = Omit<MessageInitShape<typeof BatonServiceHelloRequestSchema>, "hostId" | "$typeName">;
export type FinishInit = Omit<MessageInitShape<typeof BatonServiceFinishTaskRequestSchema>, "hostId" | "$typeName">;

/** Milliseconds of a protobuf Duration; undefined when absent. */
export function durationMs(duration: Duration | undefined): number | undefined {
  if (!duration) return undefined;
  return Number(duration.seconds) * 1000 + Math.floor(duration.nanos / 1e6);
}

export function duration(ms: number): Duration {
  return create(DurationSchema, { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
}

export class BatonConnection {
  readonly hostId: string;
  readonly #options: ConnectionOptions;
  readonly #sessions: Http2SessionManager;
  readonly #client: Client<typeof BatonService>;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.hostId = options.hostId;
    const url = `https://${hostWithPort(options.apiHost)}`;
    this.#sessions = new Http2SessionManager(
      url,
      { pingIntervalMs: 30_000, pingTimeoutMs: 15_000, idleConnectionTimeoutMs: 120_000 },
      options.ca ? { ca: options.ca } : {},
    );
    const transport = createGrpcTransport({
      baseUrl: url,
      sessionManager: this.#sessions,
      // Go's client neither compresses nor asks for compression.
      acceptCompression: [],
      // Go's default receive limit.
      readMaxBytes: 4 * 1024 * 1024,
    });
    this.#client = createClient(BatonService, transport);
  }

  /** Where calls go, for messages: `https://host:port`. */
  get target(): string {
    return `https://${hostWithPort(this.#options.apiHost)}`;
  }

  async hello(init: HelloInit, signal?: AbortSignal): Promise<void> {
    await this.#call("Hello", signal, UNARY_TIMEOUT_MS, (options) =>
      this.#client.hello({ ...init, hostId: this.hostId }, options),
    );
  }

  getTask(signal?: AbortSignal): Promise<BatonServiceGetTaskResponse> {
    return this.#call("GetTask", signal, UNARY_TIMEOUT_MS, (options) =>
      this.#client.getTask({ hostId: this.hostId }, options),
    );
  }

  heartbeat(taskId: string, signal?: AbortSignal): Promise<BatonServiceHeartbeatResponse> {
    return this.#call("Heartbeat", signal, UNARY_TIMEOUT_MS, (options) =>
      this.#client.heartbeat({ hostId: this.hostId, taskId }, options),
    );
  }

  async finishTask(init: FinishInit): Promise<void> {
    // Detached from the task's signal: a cancelled task must still be reported (Go: manager.go:319).
    await this.#call("FinishTask", undefined, FINISH_TIMEOUT_MS, (options) =>
      this.#client.finishTask({ ...init, hostId: this.hostId }, options),
    );
  }

  /** One UploadAsset stream: metadata, the chunks, then EOF with the SHA-256 of them all. */
  async uploadAsset(
    taskId: string,
    chunks: () => AsyncIterable<Uint8Array>,
    sha256: Uint8Array,
    signal?: AbortSignal,
  ): Promise<void> {
    const hostId = this.hostId;
    async function* messages() {
      yield { msg: { case: "metadata" as const, value: { hostId, taskId } } };
      for await (const data of chunks()) yield { msg: { case: "data" as const, value: { data } } };
      yield { msg: { case: "eof" as const, value: { sha256Checksum: sha256 } } };
    }
    await this.#call("UploadAsset", signal, undefined, (options) => this.#client.uploadAsset(messages(), options));
  }

  close(): void {
    this.#sessions.abort();
  }

  async #call<T>(
    method: string,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    send: (options: { headers: Record<string, string>; signal?: AbortSignal; timeoutMs?: number }) => Promise<T>,
  ): Promise<T> {
    const token = await this.#options.tokens.token(signal);
    const headers = { authorization: `${token.type} ${token.value}`, "user-agent": this.#options.userAgent };
    try {
      return await send({ headers, ...(signal ? { signal } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw ServiceError.fromRpc(method, this.target, ConnectError.from(error, Code.Unavailable));
    }
  }
}

export function hostWithPort(host: string): string {
  return /:\d+$/.test(host) ? host : `${host}:443`;
}

export type { BatonServiceFinishTaskRequest, BatonServiceHelloRequest };
