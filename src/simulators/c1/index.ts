/**
 * @module
 * A fake ConductorOne for service-mode tests: the token endpoint and BatonService on one TLS port
 * of 127.0.0.1, a fresh test CA, fresh client credentials, a task queue the test fills, and a
 * record of everything the client did, with each protocol violation spelled out.
 *
 * @example
 * const fake = await startFakeC1();
 * t.after(() => fake.close());
 * const task = fake.queueTask({ type: "sync_full" });
 * // start the connector with fake.env() …
 * await fake.waitFor(() => fake.finishes.length === 1, { what: "the sync to finish" });
 * assert.deepEqual(fake.violations, []);
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { replaceFileSafely } from "../_kit/files.ts";
import { makeClientCredentials } from "./credentials.ts";
import {
  Records,
  type CallRecord,
  type FinishRecord,
  type HeartbeatRecord,
  type HelloRecord,
  type TokenRequestRecord,
  type UploadRecord,
  type WaitOptions,
} from "./records.ts";
import { defaultScript, type FakeC1Script } from "./script.ts";
import { listen } from "./server.ts";
import { BatonServiceFake } from "./service.ts";
import type { TaskSpec } from "./tasks.ts";
import { createTestCa } from "./test-ca.ts";
import { TokenEndpoint } from "./token-endpoint.ts";

export { GrpcCode, codeName } from "./grpc-wire.ts";
export {
  TASK_TYPES,
  TASK_ID_PATTERN,
  type TaskSpec,
  type TaskType,
  type SyncFullTaskSpec,
  type HeartbeatScript,
} from "./tasks.ts";
export type { FakeC1Script, TokenScript } from "./script.ts";
export type {
  CallRecord,
  FinishRecord,
  HeartbeatRecord,
  HelloRecord,
  TokenRequestRecord,
  UploadRecord,
  WaitOptions,
} from "./records.ts";
export { createTestCa, type TestCa } from "./test-ca.ts";
export { makeClientCredentials, type ClientCredentials } from "./credentials.ts";
export { TOKEN_EXPIRY_LEEWAY_MS } from "./token-endpoint.ts";

export interface FakeC1Options {
  /**
   * Port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The host to put in the client id instead of `localhost:<port>`, e.g. `tenant.example`; clients
   * must then be sent here with `BATON_C1_API_HOST` (which `env()` sets), and the JWT audience is
   * still this host.
   */
  clientIdHost?: string;
  /** Give the client's JWK a `kid` (its assertions must then carry it). @default false */
  withKid?: boolean;
  /** @default "idsync-test" */
  clientName?: string;
  /** The host id every request must carry, e.g. the `BATON_HOST_ID` the client was given. */
  expectedHostId?: string;
  /** The client's task concurrency: a GetTask while this many tasks are out and unfinished is a violation. */
  taskConcurrency?: number;
  /** Where the private folder for the CA file goes. @default os.tmpdir() */
  tempDir?: string;
  /** Save each accepted upload as `<dir>/<task id>.c1z` (mode 0600). */
  uploadsDir?: string;
  /** Receives one line per call, token request and violation; never a token or secret. */
  log?: (line: string) => void;
  /** The wall clock tokens and assertion times are checked against, in epoch ms. @default Date.now */
  now?: () => number;
}

export interface FakeC1 {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientName: string;
  /** `localhost:<port>`. */
  readonly apiHost: string;
  readonly port: number;
  readonly caPem: string;
  /** The CA certificate on disk (in a private folder removed by `close()`), for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** The variables that point a connector at this fake. */
  env(): Record<string, string>;
  /** Queues a task for GetTask to hand out (first in, first out); returns its id. */
  queueTask(spec: TaskSpec): string;
  /** Live and mutable: changes apply from the next request. */
  readonly script: FakeC1Script;
  readonly tokenRequests: readonly TokenRequestRecord[];
  /** Every gRPC call, decoded, in arrival order. */
  readonly calls: readonly CallRecord[];
  readonly hellos: readonly HelloRecord[];
  readonly heartbeats: readonly HeartbeatRecord[];
  /** Finishes the fake accepted (a refused FinishTask leaves its task unfinished). */
  readonly finishes: readonly FinishRecord[];
  readonly uploads: readonly UploadRecord[];
  readonly violations: readonly string[];
  /** Resolves once `predicate` holds; rejects on timeout with a summary of the calls seen. */
  waitFor(predicate: () => boolean, options?: WaitOptions): Promise<void>;
  /** A one-line account of the calls and violations so far. */
  summary(): string;
  close(): Promise<void>;
}

export async function startFakeC1(options: FakeC1Options = {}): Promise<FakeC1> {
  const ca = createTestCa();
  const folder = await mkdtemp(path.join(options.tempDir ?? tmpdir(), "idsync-fake-c1-"));
  await chmod(folder, 0o700);
  const caFile = path.join(folder, "ca.pem");
  replaceFileSafely(caFile, ca.caPem);

  const records = new Records(options.log);
  const script = defaultScript();
  const now = options.now ?? Date.now;
  const service = new BatonServiceFake({
    records,
    script: () => script,
    expectedHostId: options.expectedHostId,
    taskConcurrency: options.taskConcurrency,
  });
  let server;
  try {
    server = await listen({ cert: ca.certPem, key: ca.keyPem }, options.port ?? 0);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const apiHost = `localhost:${server.port}`;
  const credentials = makeClientCredentials({
    host: options.clientIdHost ?? apiHost,
    clientName: options.clientName,
    ...(options.withKid ? { kid: "idsync-test-key" } : {}),
  });
  const tokens = new TokenEndpoint({ credentials, script: () => script.token, records, now });
  server.attach({ tokens, service, records, clientName: credentials.clientName, uploadsDir: options.uploadsDir });

  let closing: Promise<void> | undefined;
  return {
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    clientName: credentials.clientName,
    apiHost,
    port: server.port,
    caPem: ca.caPem,
    caFile,
    env: () => ({
      BATON_CLIENT_ID: credentials.clientId,
      BATON_CLIENT_SECRET: credentials.clientSecret,
      NODE_EXTRA_CA_CERTS: caFile,
      ...(options.clientIdHost === undefined ? {} : { BATON_C1_API_HOST: apiHost }),
    }),
    queueTask: (spec) => service.queueTask(spec),
    script,
    tokenRequests: records.tokenRequests,
    calls: records.calls,
    hellos: records.hellos,
    heartbeats: records.heartbeats,
    finishes: records.finishes,
    uploads: records.uploads,
    violations: records.violations,
    waitFor: (predicate, waitOptions) => records.waitFor(predicate, waitOptions),
    summary: () => records.summary(),
    close() {
      closing ??= server.close().finally(() => rm(folder, { recursive: true, force: true }));
      return closing;
    },
  };
}
