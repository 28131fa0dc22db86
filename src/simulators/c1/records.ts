/**
 * @module
 * What the fake ConductorOne saw, for tests to assert on: every token request and gRPC call with
 * its arrival time on a monotonic clock (`performance.now()`, so pacing can be checked), views per
 * method, and the protocol violations. `waitFor` lets a test wait for a state instead of sleeping.
 */
import { performance } from "node:perf_hooks";

import type {
  BatonServiceFinishTaskRequest,
  BatonServiceHeartbeatRequest,
  BatonServiceHelloRequest,
} from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { codeName } from "./grpc-wire.ts";
import type { TaskSpec } from "./tasks.ts";

/** Milliseconds on the monotonic clock every record uses. */
export const monotonicNow = (): number => performance.now();

export interface TokenRequestRecord {
  at: number;
  /** The assertion's protected header and claims, when they decode. */
  header: Record<string, unknown> | undefined;
  claims: Record<string, unknown> | undefined;
  /** The HTTP status answered. */
  status: number;
  /** What was wrong with the request; empty when it was right (a scripted failure has none). */
  problems: string[];
}

export interface CallRecord {
  /** `Hello`, `GetTask`, … or the unknown name asked for. */
  method: string;
  at: number;
  /** When the answer went out; undefined while the call is open. */
  endedAt: number | undefined;
  authorization: string | undefined;
  userAgent: string | undefined;
  /** The decoded request; for UploadAsset, every message of the stream in order. */
  request: unknown;
  /** The status answered; undefined while the call is open. */
  code: number | undefined;
  message: string | undefined;
}

export interface HelloRecord {
  at: number;
  request: BatonServiceHelloRequest;
  code: number;
}

export interface HeartbeatRecord {
  at: number;
  taskId: string;
  /** 1 for the task's first heartbeat. */
  beat: number;
  /** `ok`, `cancelled`, or the code's name when the beat was refused. */
  answer: string;
  request: BatonServiceHeartbeatRequest;
}

export interface FinishRecord {
  at: number;
  taskId: string;
  /** What the task was, as queued. */
  spec: TaskSpec | undefined;
  outcome: "success" | "error";
  /** `status.code`; 0 on success. */
  code: number;
  message: string;
  nonRetryable: boolean;
  request: BatonServiceFinishTaskRequest;
}

export interface UploadRecord {
  at: number;
  endedAt: number;
  /** From the metadata message; "" when the stream had none. */
  taskId: string;
  /** The data, concatenated. */
  bytes: Buffer;
  /** The size of each data message, in order. */
  chunkSizes: number[];
  /** Whether the EOF's SHA-256 matched the data; undefined when no EOF came. */
  checksumOk: boolean | undefined;
  /** `v1` for a `C1ZF\0` file, `v3` for `C1Z3\0`; undefined for anything else. */
  c1zVersion: "v1" | "v3" | undefined;
  /** An EOF came and the client half-closed after it. */
  complete: boolean;
  /** Answered OK: the fake kept the file. */
  accepted: boolean;
  code: number;
  message: string;
}

export interface WaitOptions {
  /** @default 10_000 */
  timeoutMs?: number;
  /** Named in the timeout error, e.g. "two finished tasks". */
  what?: string;
}

export class Records {
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly calls: CallRecord[] = [];
  readonly hellos: HelloRecord[] = [];
  readonly heartbeats: HeartbeatRecord[] = [];
  readonly finishes: FinishRecord[] = [];
  readonly uploads: UploadRecord[] = [];
  readonly violations: string[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #log: ((line: string) => void) | undefined;

  constructor(log?: (line: string) => void) {
    this.#log = log;
  }

  /** Something was recorded: wake the waiters so they look again. */
  changed(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  log(line: string): void {
    this.#log?.(line);
  }

  violation(text: string): void {
    this.violations.push(text);
    this.log(`violation: ${text}`);
    this.changed();
  }

  /** Resolves once `predicate` holds; rejects after the timeout with what was seen so far. */
  waitFor(predicate: () => boolean, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        let done: boolean;
        try {
          done = predicate();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (done) {
          finish();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `fake ConductorOne: timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}; ${this.summary()}`,
          ),
        );
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** One line: token requests, calls per method and outcome, violations. Never a token or secret. */
  summary(): string {
    const tokens = this.tokenRequests.map((request) => request.status);
    const counts = new Map<string, number>();
    for (const call of this.calls) {
      const key = `${call.method} ${call.code === undefined ? "open" : codeName(call.code)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const calls = [...counts].map(([key, count]) => `${key} ×${count}`).join(", ") || "none";
    const violations =
      this.violations.length === 0 ? "none" : this.violations.map((text) => JSON.stringify(text)).join("; ");
    return `token requests answered [${tokens.join(", ")}]; calls: ${calls}; violations: ${violations}`;
  }
}
